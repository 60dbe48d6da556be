import ArchiveCore
import ArchiveHTML
import ArchiveText
import Foundation
import Testing

/// Publication dates from the sources beyond `<meta>` and JSON-LD, and the vote between them.
@Suite struct HTMLDatesTests {
    let importer = HTMLImporter()

    func published(_ html: String, url: String? = nil) throws -> Date? {
        let request = ImportRequest(data: Data(html.utf8), name: "page.html", sourceURL: url)
        return try #require(try importer.importDocuments(request).first).document.published
    }

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    static let body = "<p>The library opens a new reading room for students and visitors, with longer hours.</p>"

    @Test func bylineUnderTheHeadlineWithOtherWords() throws {
        let page = """
            <html><head><title>Our tip in November: the stoat</title></head><body>
            <header><h1><a href="/">Nature Club</a></h1><span>Wednesday, 26.02.2020</span></header>
            <main><h1>Our tip in November: the stoat</h1>
            <p class="caption">01. November 2021 | Nature conservation, Animals, Winter</p>\(Self.body)</main>
            </body></html>
            """
        #expect(try published(page) == Self.day("2021-11-01"))
    }

    @Test func utcTimestampVotesForTheDayThePageShows() throws {
        // 23:01 UTC is already the next day in Europe, where the page and its URL say 2 November.
        let page = """
            <html><head><meta property="article:published_time" content="2023-11-01T23:01:00Z"></head>
            <body><article><h1>Council meets</h1><p>2 novembre 2023</p>\(Self.body)</article></body></html>
            """
        #expect(try published(page, url: "https://example.org/2023/11/02/council") == Self.day("2023-11-02"))
        // With nothing on the page to say otherwise, the timestamp's own day stands.
        let alone = """
            <html><head><meta property="article:published_time" content="2023-11-01T23:01:00Z"></head>
            <body><article><h1>Council meets</h1>\(Self.body)</article></body></html>
            """
        #expect(try published(alone) == Self.day("2023-11-01"))
    }

    @Test func numericDateThatReadsBothWaysFollowsTheStructuredDate() throws {
        let page = """
            <html lang="en-GB"><head>
            <script type="application/ld+json">{"@type":"Recipe","datePublished":"2020-04-12T14:00:00+00:00"}</script>
            <meta property="article:published_time" content="2020-04-12T14:00:00+00:00">
            </head><body><article><h1>Olive focaccia</h1><p><time>12/04/2020</time></p>\(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2020-04-12"))
    }

    @Test func dottedDateThatReadsBothWaysFollowsTheStructuredDate() throws {
        // "09.10.2024" is 9 October where dots are the custom, but an American byline means 10 September.
        let page = """
            <html lang="en-US"><head>
            <script type="application/ld+json">{"@type":"Article","datePublished":"2024-09-10"}</script>
            </head><body><article><h1>Renovation phases</h1><p>By Block Renovation</p><p>09.10.2024</p>
            \(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2024-09-10"))
    }

    @Test func urlWithTheMonthByNameSettlesANumericDate() throws {
        // A British byline's "03/10/2023" is 3 October, as the post's address says.
        let page = """
            <html><head><title>How many wine styles are there?</title></head><body><article>
            <h1>How many wine styles are there?</h1><p>03/10/2023 by the editors</p>\(Self.body)</article>
            </body></html>
            """
        let url = "https://example.org/blog/2023/october/03/how-many-wine-styles/"
        #expect(try published(page, url: url) == Self.day("2023-10-03"))
    }

    @Test func brokenJSONLDStillGivesItsDate() throws {
        let page = """
            <html><head><script type="application/ld+json">
            {"@type": "NewsArticle", "headline": "Director tests positive", "datePublished": "2020-10-26T18:10:00+01:00"}
            {"@type": "WebPage"}
            </script></head><body><article><h1>Director tests positive</h1>\(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2020-10-26"))
    }

    @Test func dateBesideALinkToThePageItself() throws {
        // The only dates are in the list of recent posts; the entry for this page names its date.
        let page = """
            <html><head><title>Election censorship</title></head><body>
            <article><h1>Election censorship</h1>\(Self.body)</article>
            <aside class="sidebar"><ul>
            <li><a href="https://example.org/blog/older-post/">Older post</a> <span class="post-date">12/09/2018</span></li>
            <li><a href="https://example.org/blog/election-censorship/">Election censorship</a>
            <span class="post-date">26/10/2018</span></li>
            </ul></aside></body></html>
            """
        let url = "https://example.org/blog/election-censorship/"
        #expect(try published(page, url: url) == Self.day("2018-10-26"))
        #expect(try published(page, url: "https://example.org/blog/another-post/") == nil)
    }

    @Test func linkedDateCountsOnlyAsTheArchiveOfThatDay() throws {
        func page(_ href: String) -> String {
            """
            <html><body><article><h2>Fall in love with black</h2>
            <div class="post-meta"><a href="\(href)">08/08/2017</a> by Stephan</div>\(Self.body)</article></body></html>
            """
        }
        #expect(try published(page("https://example.org/blog/2017/08/08/")) == Self.day("2017-08-08"))
        #expect(try published(page("https://example.org/blog/2017/08/08/another-post/")) == nil)
    }

    @Test func dateInATeaserBoxIsThatTeasersDate() throws {
        // No foreign class name marks the box; a headline link to another page beside the date does.
        let teaser = """
            <div class="box"><div class="item"><span>Region</span>
            <a href="/news/586924/two-more-deaths">Two more deaths and forty-nine new cases reported in the region</a>
            <div class="date-time"><span>09.08.2020 u 10:52</span></div></div></div>
            """
        let page = """
            <html><body><div class="page"><div class="main">\(Self.body)\(Self.body)\(Self.body)</div>\(teaser)
            </div></body></html>
            """
        #expect(try published(page, url: "https://example.org/news/604722/director-tests-positive") == nil)
        // The same box about this very page gives its date.
        let own = page.replacingOccurrences(
            of: "/news/586924/two-more-deaths",
            with: "/news/604722/director-tests-positive"
        )
        #expect(
            try published(own, url: "https://example.org/news/604722/director-tests-positive") == Self.day("2020-08-09")
        )
    }

    @Test func soleDatePublishedPropertyInABoxNamedFooter() throws {
        let page = """
            <html><body><article><h2>The tower of wishes</h2>\(Self.body)
            <div class="footer news-meta"><time itemprop="datePublished" datetime="2022-01-21">21.01.2022</time></div>
            </article></body></html>
            """
        #expect(try published(page) == Self.day("2022-01-21"))
        // In a list entry it is another article's property.
        let listed = """
            <html><body><article><h2>The tower of wishes</h2>\(Self.body)</article><div class="footer"><ul>
            <li><a href="/other">Other news</a> <time itemprop="datePublished" datetime="2022-01-21">21.01.2022</time></li>
            </ul></div></body></html>
            """
        #expect(try published(listed) == nil)
    }

    @Test func soleDatePublishedPropertyOutranksAGenericDateMeta() throws {
        // Content systems set `<meta name="date">` to the page's last change; the page's one datePublished
        // property says when it was published, even in a box taken for furniture.
        let page = """
            <html><head><meta name="date" content="2022-01-21T15:38:44+01:00"></head><body><main>
            <h1>Snowflake, little white coat</h1>\(Self.body)
            <div class="footer"><p><time itemprop="datePublished" datetime="2022-01-27">27.01.2022</time></p></div>
            </main></body></html>
            """
        #expect(try published(page) == Self.day("2022-01-27"))
    }

    @Test func datesInASliderOfOtherPostsAreTheirs() throws {
        let page = """
            <html><body><div class="rev-slider"><ul><li><div class="caption">School day</div><div>14/06/2019</div></li>
            </ul></div><article><h2>Fall in love with black</h2>\(Self.body)</article></body></html>
            """
        #expect(try published(page) == nil)
    }

    @Test func datesInURLsAndImageFolders() throws {
        let plain = "<html><body><article><h1>Annual report</h1>\(Self.body)</article></body></html>"
        #expect(try published(plain, url: "https://example.org/news/29-10-2021") == Self.day("2021-10-29"))
        let image = """
            <html><head><meta property="og:image" content="https://example.org/files/2016/05/04/report.png"></head>
            <body><article><h1>Annual report</h1>\(Self.body)</article></body></html>
            """
        #expect(try published(image) == Self.day("2016-05-04"))
    }

    @Test func eastAsianAndRomanceDateForms() throws {
        for (byline, expected) in [
            ("<span>입력</span><span>2023.11.02. 오후 8:06</span>", "2023-11-02"),
            ("<span>2020年07月12日</span>", "2020-07-12"),
            ("<span>Mazatlán, 17 de marzo de 2020</span>", "2020-03-17"),
            ("<span>22 de janeiro de 2018 às 0:13</span>", "2018-01-22"),
            ("<span>Monday 18th November 2019</span>", "2019-11-18"),
            ("<span>18-Nov-2019</span>", "2019-11-18"),
        ] {
            let page = "<html><body><article><h1>News</h1><div>\(byline)</div>\(Self.body)</article></body></html>"
            #expect(try published(page) == Self.day(expected))
        }
    }

    @Test func oneElementsMarkupVotesOnce() throws {
        // The <time> is both an itemprop and a time element, and its text is the first short date: its markup
        // counts once and its text once, against the meta tag and the byline under the headline.
        let page = """
            <html><head><meta property="article:published_time" content="2021-10-28"></head><body><article>
            <p><time itemprop="datePublished" datetime="2021-10-27">27.10.2021</time></p>
            <h1>Helpers warn of the climate</h1><p>Press release of Thursday, 28.10.2021</p>
            \(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2021-10-28"))
    }

    @Test func modificationDateNeverVotesForPublication() throws {
        let page = """
            <html><head><title>Fonts and privacy</title></head><body><article><h1>Fonts and privacy</h1>
            <time itemprop="dateModified">2018-08-29 14:15:57</time>
            <time itemprop="datePublished" datetime="2018-06-22 10:20:00">2018-06-22 10:20:00</time>
            \(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2018-06-22"))
    }

    @Test func newsDatelineOpensTheParagraph() throws {
        let page = """
            <html><head><title>Mourning online</title></head><body><div class="text">
            <p><strong>Karlsruhe, (12.11.2021). Traditionally the churches remember the dead of the year on the \
            last Sunday before Advent, and this year they do it online as well.</strong></p>\(Self.body)</div>
            </body></html>
            """
        #expect(try published(page) == Self.day("2021-11-12"))
    }

    @Test func smallAsideInTheArticleIsItsOwnMetadata() throws {
        let page = """
            <html><head><title>Working with drawings</title></head><body><article><header><h1>Working with \
            drawings</h1></header><aside class="blogData"><dl><dt>Datum</dt><dd>12.01.2017</dd><dt>Kategorie</dt>
            <dd><a href="/cad/">CAD</a></dd></dl></aside>\(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2017-01-12"))
    }

    @Test func sentenceThatSaysThePostWasPublished() throws {
        let page = """
            <html><head><title>No cyber terrorism this time</title></head><body><div class="post">
            <h2>No cyber terrorism this time</h2>\(Self.body)
            <p class="postmetadata"><small>Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:00 Uhr \
            veröffentlicht und unter News abgelegt.</small></p></div></body></html>
            """
        #expect(try published(page) == Self.day("2011-12-03"))
    }

    @Test func monthNameNoLocaleKnowsGivesNoDate() throws {
        // Lenient parsing must not turn an unknown word into a month: the Arabic name is read, a made-up one not.
        let arabic = """
            <html><head><title>News</title></head><body><div class="post-meta-date">الأربعاء، 07 أكتوبر 2020</div>
            \(Self.body)</body></html>
            """
        #expect(try published(arabic) == Self.day("2020-10-07"))
        #expect(DateText.firstDate(in: "07 Blorptember 2020") == nil)
    }

    @Test func dateLinkedToThePageItselfIsItsDate() throws {
        let url = "https://blog.example.org/e/52743e20f825"
        let page = """
            <html><head><title>Race results (2020/7/11-12)</title></head><body>
            <h3>Race results of the weekend (2020/7/11-12, eighteen horses in all)</h3>
            <div class="entry-top-info"><a href="\(url)"><span>2020年07月12日</span></a> | <a href="/c/1">Races</a></div>
            \(Self.body)<p class="comment"><a href="\(url)#comment-9"><time>2020年07月13日</time></a></p>
            </body></html>
            """
        #expect(try published(page, url: url) == Self.day("2020-07-12"))
    }
    @Test func headerClockIsTodayNotThePage() throws {
        let page = """
            <html><head><title>Court hears the case</title></head><body>
            <div id="top"><span id="uhr">Donnerstag, 16. Februar 2012</span></div>
            <div class="box"><div class="boxHeader"><span>14. Februar 2012</span></div>
            <h2>Court hears the case</h2>\(Self.body)</div></body></html>
            """
        #expect(try published(page) == Self.day("2012-02-14"))
    }

    @Test func teaserArticlesInASliderAreOtherPages() throws {
        // Short <article> teasers in a slider inside a promotion box: their dates belong to the pages they show.
        let teaser = """
            <div class="swiper-slide"><article class="default-teaser"><h3>Another story</h3>
            <footer><time class="default-teaser__date">28. Mai 2020</time></footer></article></div>
            """
        let page = """
            <html><head><title>Mindful through the crisis</title>
            <meta property="article:published_time" content="2020-03-18T09:00:00+01:00"></head><body>
            <div class="promo"><div class="swiper-wrapper">\(teaser)\(teaser)</div></div>
            <main><h1>Mindful through the crisis</h1>\(Self.body)\(Self.body)</main>
            </body></html>
            """
        #expect(try published(page) == Self.day("2020-03-18"))
    }

    @Test func timeElementOfANewsTeaserInTheMenuIsAnotherPages() throws {
        // A drop-down menu lists recent news, each headline with its <time>; the article's own date is plain text
        // under its headline.
        let teaser = """
            <div class="views-row"><div class="views-field"><span><a href="/article/other-story">Inspiring Future
            Actuaries: Insurance Careers Month</a></span></div><div class="views-field"><div class="field-content">
            <time datetime="2025-01-31T12:00:00Z">01/31/2025</time></div></div></div>
            """
        let page = """
            <html><head><title>Consulting firm or insurance carrier?</title></head><body>
            <div class="menu-column"><div class="menu-view">\(teaser)\(teaser)</div></div>
            <article><h1>Consulting firm or insurance carrier?</h1><p>03/01/2017 by Agatha Caleo</p>\(Self.body)
            </article></body></html>
            """
        #expect(try published(page) == Self.day("2017-03-01"))
    }

    @Test func dateWithALabelOfAnotherEvent() throws {
        let page = """
            <html><head><title>What is free software?</title></head><body><div class="post">
            <dl class="postprofile"><dt>r23</dt><dd><strong>Registriert:</strong> 18.09.2008, 05:56</dd></dl>
            <p class="author">r23 » 21.01.2009, 05:42</p>\(Self.body)</div></body></html>
            """
        #expect(try published(page) == Self.day("2009-01-21"))
    }

    @Test func threadHeaderDatesOfTheLastPostAndOfJoiningAreNotThePublication() throws {
        // A forum thread: under the headline, the date of the latest reply; beside the first post, the day its
        // author joined, as a term and its value. The first post's date is the thread's.
        let page = """
            <html><head><title>Replacement projector recommendations</title>
            <meta property="article:published_time" content="2024-01-03T10:00:00-05:00"></head><body>
            <h1>Replacement projector recommendations</h1>
            <div class="thread-meta"><span>last post by <a href="/members/g">ggery</a>
            <time datetime="2024-09-26T01:50:27-0400">Sep 26, 2024</time></span></div>
            <div class="post"><dl><dt>Joined</dt><dd>Nov 4, 2011</dd></dl>
            <span>#1 · <time datetime="2024-01-03T09:12:00-0500">Jan 3, 2024</time></span>\(Self.body)</div>
            </body></html>
            """
        #expect(try published(page) == Self.day("2024-01-03"))
    }

    @Test func descriptionNamesTheDateWhenNothingElseDoes() throws {
        let page = """
            <html><head><title>Bears: a record year</title>
            <meta name="description" content="BEARS: 2019 A RECORD YEAR (Notizia del 14 Gennaio 2020)"></head>
            <body><h1>Bears: a record year</h1>\(Self.body)</body></html>
            """
        #expect(try published(page) == Self.day("2020-01-14"))
    }

    @Test func aDateLabelledAsTheLastUpdateIsNotThePublication() throws {
        let page = """
            <html><head><meta property="article:published_time" content="2024-08-01T16:53:14+00:00">
            <meta property="article:modified_time" content="2025-11-18T14:37:01+00:00"></head><body>
            <main><h1>Best tutoring platforms</h1><span>Jane Roe</span><span>Updated on</span>
            <span>November 18, 2025</span>\(Self.body)</main></body></html>
            """
        #expect(try published(page) == Self.day("2024-08-01"))
    }

    @Test func aPageThatGivesOnlyItsLastUpdateWasPublishedThen() throws {
        let page = """
            <html><head><title>Opening hours</title></head><body><main><h1>Opening hours</h1>
            <p>Last updated: 4 August 2025</p>\(Self.body)</main></body></html>
            """
        #expect(try published(page) == Self.day("2025-08-04"))
    }

    @Test func aMetaNamedWithADotDateNamesThePublicationWhenNothingElseDoes() throws {
        // A documentation platform's own name for the article's date; the page shows it only in a sidebar.
        let page = """
            <html><head><title>Run functions locally</title><meta name="ms.date" content="2025-02-23T00:00:00Z">
            </head><body><main><h1>Run functions locally</h1>\(Self.body)</main></body></html>
            """
        #expect(try published(page) == Self.day("2025-02-23"))
    }

    @Test func dateInABylineAsideBesideTheArticle() throws {
        // The date and author stand in a small <aside> between the headline and the text.
        let page = """
            <html><head><title>A parent's guide to sleep training</title></head><body>
            <div class="container"><h1>A parent's guide to sleep training</h1></div>
            <div class="grid"><aside role="complementary"><p class="date">May 25, 2023</p>
            <p class="author">Written By Angela Holliday-Bell, MD</p></aside>
            <div class="body">\(Self.body)\(Self.body)</div></div></body></html>
            """
        #expect(try published(page) == Self.day("2023-05-25"))
    }

    @Test func aMetaNamedPublishedWithTheDateInWordsNamesThePublication() throws {
        let page = """
            <html><head><meta name="published" content="July 17, 2025"></head>
            <body><article><h1>Tools for analysis</h1>\(Self.body)</article></body></html>
            """
        #expect(try published(page) == Self.day("2025-07-17"))
    }

    @Test func aMetaNamingThePublishedDateInItsOwnWordsNamesThePublication() throws {
        for name in ["published-date", "publication_date", "date:published"] {
            let page = """
                <html><head><meta name="\(name)" content="2021-02-16"><meta name="modified-date" content="2024-07-30">
                </head><body><main><h1>Technologies to tackle climate change</h1>\(Self.body)</main></body></html>
                """
            #expect(try published(page) == Self.day("2021-02-16"), "\(name)")
        }
    }

    @Test func aListEntryThatIsThePublishedDateIsThePagesFact() throws {
        // A page builder's line of facts under the headline: author, date, comments, each a list entry.
        let page = """
            <html><body><h1>How to choose an e-bike</h1><div class="widget post-info"><ul>
            <li itemprop="author">Lenny</li><li itemprop="datePublished"><span><time>December 3, 2025</time></span></li>
            <li>No comments</li></ul></div>\(Self.body)</body></html>
            """
        #expect(try published(page) == Self.day("2025-12-03"))
    }

    @Test func aLabelBeforeATimeThatPrintsARelativeDateNamesItsDatetime() throws {
        let page = """
            <html><body><main><h1>The guide</h1>\(Self.body)<p>Last updated \
            <time datetime="2024-09-17T06:16:41.347Z">1 year ago</time></p></main></body></html>
            """
        #expect(try published(page) == Self.day("2024-09-17"))
        let labelled = """
            <html><body><main><h1>The guide</h1><p><span>Published</span> \
            <time datetime="2023-05-02T10:00:00Z">3 days ago</time></p>\(Self.body)</main></body></html>
            """
        #expect(try published(labelled) == Self.day("2023-05-02"))
    }
}
