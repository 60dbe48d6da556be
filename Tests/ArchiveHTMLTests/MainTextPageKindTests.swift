import ArchiveCore
import ArchiveHTML
import ArchiveTesting
import Foundation
import Testing

/// Which part of a listing, a thread, or a page under a cookie notice is read as its text.
@Suite struct MainTextPageKindTests {
    func text(_ html: String) throws -> String {
        let request = ImportRequest(data: Data(html.utf8), name: "page.html")
        return try #require(try HTMLImporter().importDocuments(request).first).document.text
    }

    static let paragraphs = MainTextExtractorTests.paragraphs

    /// A shop's page whose notes of small print (financing terms, a footnote for every offer) beside its main region
    /// hold more text than that region: the notes are not the page.
    @Test func smallPrintBesideTheMainRegionIsNotThePage() throws {
        let notes = (1...12).map { number in
            """
            <li><small>\(number). Financing offer \(number) is available to qualified customers, subject to credit \
            approval, and terms vary by product; taxes and shipping are charged at the card's variable rate.</small></li>
            """
        }
        let lineup = (1...3).map { number in
            "<div class=\"tile\"><h3>Watch \(number)</h3><p>\(Self.paragraphs[number]) \(Self.paragraphs[number])</p><p>From $\(number)99</p></div>"
        }
        let page = """
            <html><body><div id="app"><main><section class="hero"><h1>Watches</h1><p>\(Self.paragraphs[0])</p>
            </section><section class="lineup">\(lineup.joined())</section><section class="promo"><h2>Bands</h2>
            <p>\(Self.paragraphs[1]) \(Self.paragraphs[2]) \(Self.paragraphs[3])</p></section></main>
            <aside class="notes"><h2>Notes</h2><ul>\(notes.joined())</ul></aside></div></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[3]))
        #expect(!text.contains("Financing offer"))
    }

    /// A section front: an introduction, then rows of headlines under headings of their own. The main region is the
    /// content, not the introduction alone and not one row.
    @Test func aSectionFrontIsItsMainRegion() throws {
        let rows = ["Chicken", "Vegetables", "Fish"].map { row in
            let teasers = (1...6).map { number in
                """
                <article class="card"><a href="/\(row)/\(number)"><img src="/\(number).jpg" alt=""><span>\
                \(number * 10) reviews</span><h3>Crispy \(row) dish number \(number)</h3></a></article>
                """
            }
            return """
                <section><header><h2>\(row) recipes</h2><p>Quick \(row.lowercased()) dinners for any weeknight, \
                ready in half an hour.</p></header><div class="row">\(teasers.joined())</div></section>
                """
        }
        let intro = "<section class=\"intro\"><h1>Air fryer recipes</h1><p>\(Self.paragraphs[0])</p></section>"
        // With a main region, and without one: then the body, its furniture left out, is the region.
        for region in ["<main>\(intro)\(rows.joined())</main>", "<div id=\"page\">\(intro)\(rows.joined())</div>"] {
            let page = """
                <html><body><nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>\(region)
                <footer><p>Copyright 2025 Example Kitchen.</p></footer></body></html>
                """
            let text = try text(page)
            #expect(text.contains(Self.paragraphs[0]))
            #expect(
                text.contains("Crispy Chicken dish number 1") && text.contains("Crispy Fish dish number 6"),
                "\(text)"
            )
            #expect(!text.contains("Copyright") && !text.contains("Recipes"))
        }
    }

    /// An article that the page does not mark, above rows of headlines of other stories, is no section front: its
    /// prose is more than an introduction.
    @Test func anUnmarkedArticleAboveRowsOfHeadlinesIsNoSectionFront() throws {
        let rows = (1...5).map { row in
            let teasers = (1...30).map {
                "<div class=\"card\"><a href=\"/\(row)/\($0)\">Other story of the week that readers liked, "
                    + "\(row)-\($0)</a></div>"
            }
            return "<section><h2>Row \(row)</h2><div class=\"row\">\(teasers.joined())</div></section>"
        }
        let prose = (0..<11).map { "<p>\(Self.paragraphs[$0 % 4]) \(Self.paragraphs[($0 + 1) % 4])</p>" }.joined()
        let page = """
            <html><body><div class="story"><h1>A story</h1>\(prose)</div>\(rows.joined())</body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[3]))
        #expect(!text.contains("Other story"), "\(text)")
    }

    /// A short article that the page does not mark, above a long list of other headlines, is the article and the
    /// list at most: the site's header and its menu stay out.
    @Test func aShortArticleAboveManyHeadlinesKeepsTheSiteHeaderOut() throws {
        let latest = (1...60).map {
            "<div class=\"item\"><a href=\"/story/\($0)\">Another story of the week that readers liked, \($0)</a></div>"
        }
        let menu = ["Home", "News", "Sport", "Weather", "Culture", "Travel"].map {
            "<li><a href=\"/\($0)\">\($0)</a></li>"
        }
        let page = """
            <html><body><header><div class="brand">Example Daily</div><ul>\(menu.joined())</ul></header>
            <div class="story"><h1>A story</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            <div class="latest">\(latest.joined())</div></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[3]))
        #expect(!text.contains("Example Daily") && !text.contains("Weather"), "\(text)")
    }

    /// An article that the page marks stays the text however many headlines of other stories its main region holds.
    @Test func anArticleAmongManyHeadlinesIsNoSectionFront() throws {
        let others = (1...30).map {
            "<li><a href=\"/story/\($0)\">Another story of the week that readers liked, number \($0)</a></li>"
        }
        let page = """
            <html><body><main><article><h1>A story</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article>\
            <div class="more"><h2>More</h2><ul>\(others.joined())</ul></div></main></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[3]))
        #expect(!text.contains("Another story"), "\(text)")
    }

    /// A page whose content a script loads holds only its footer: the footer's menus and notices are not its text.
    @Test func aPageThatIsOnlyItsFooterHasNoText() throws {
        let groups = ["Help", "Company", "Shop", "Services", "Stores", "Careers"].map { group in
            let links = (1...10).map { "<a href=\"/\(group)/\($0)\">\(group) topic \($0)</a>" }
            return "<dl class=\"footer-group\"><dt>\(group)</dt><dd>\(links.joined(separator: ", "))</dd></dl>"
        }
        let page = """
            <html><body><div id="root"><div class="loading">Loading</div></div>
            <footer class="site-footer"><div>Sign up for our newsletter and be the first to know about new \
            arrivals, sales and events in your area.</div>\(groups.joined())<div>Copyright 2025 Example Shop, all \
            rights reserved.</div></footer></body></html>
            """
        let text = try text(page)
        #expect(!text.contains("newsletter") && !text.contains("topic"), "\(text)")
    }

    /// A site's menu of every department, a summary under each, may hold more text than the page: a banner or a
    /// navigation is not the page for that, and its panels are not a list to read.
    @Test func aMenuHoldingMostOfThePagesTextIsNotThePage() throws {
        let panels = ["Audit", "Tax", "Consulting", "Advisory"].map { department in
            let items = (1...8).map { number in
                """
                <li class="entry"><a href="/\(department)/\(number)">\(department) service \(number)</a> \
                <span>How our \(department.lowercased()) teams help clients with their questions, number \(number) \
                of the many services of the firm.</span></li>
                """
            }
            return "<section role=\"tabpanel\" class=\"tab-content\"><ul>\(items.joined())</ul></section>"
        }
        let page = """
            <html><body><header role="banner"><nav class="primary"><ul><li><button>Services</button>
            <div class="slidedown">\(panels.joined())</div></li></ul></nav></header>
            <div class="content"><h1>Data platforms</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            </body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("teams help clients") && !text.contains("service 1"), "\(text)")
    }

    /// A poster's card beside each post (rank, join date, post count) and the signature under it are not the
    /// thread's text; a name that stands outside the card stays.
    @Test func aPostersCardIsNotTheThreadsText() throws {
        let posts = Self.paragraphs.enumerated().map { number, paragraph in
            """
            <article class="message"><div class="message-user"><h4><a href="/members/\(number)">member\(number)</a></h4>
            <h5 class="userTitle">New member</h5><div class="message-userExtras"><dl><dt>Joined</dt><dd>Jan 1, 2020</dd>
            </dl><dl><dt>Messages</dt><dd>\(number * 40 + 7)</dd></dl></div></div>
            <div class="message-main"><div class="bbWrapper">\(paragraph) \(paragraph)</div>
            <div class="message-signature"><div class="bbWrapper">Signed, member\(number): riding since 1987, \
            two bikes, three cats, and a long list of trails still to ride.</div></div></div></article>
            """
        }
        let page = """
            <html><body><div class="p-body"><h1>Car rental or car rent?</h1>
            <div class="block-body">\(posts.joined())</div></div></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(text.contains("member2"))
        #expect(!text.contains("Joined") && !text.contains("New member"))
        // The lines each poster signs every post with are no part of the post.
        #expect(!text.contains("Signed,"))
    }

    @Test(.requiresSharedData) func aThreadOfShortPostsIsReadWhole() throws {
        // A real thread (wcxb-dev): a question and one answer, each a short paragraph under its poster's card; the
        // answer is the longer. Both are the thread's text, not the longer one alone.
        let text = try corpusPageText("0541")
        #expect(text.contains("why did the ISO size increase so rapidly"))
        #expect(text.contains("changed the UEFI boot loader from GRUB back to systemd-boot"))
    }

    /// The same shape, written here: two short posts, each under its poster's card, with the board's links around.
    @Test func twoShortPostsAreBothTheThread() throws {
        let question = """
            According to <a href="https://example.org/releases/">https://example.org/releases/</a>, why did the image \
            grow so fast from 2024 to 2025, from 800 MB to 1.4 GB?
            """
        let answer = """
            The 2024.05 image changed the boot loader from GRUB back to systemd-boot, which means the kernel and \
            initramfs are stored twice; see <a href="https://example.org/news/">the release news</a>.
            """
        let posts = [("rowodd firstpost", question), ("roweven", answer)]
        let blocks = posts.enumerated().map { number, post in
            """
            <div id="p\(number)" class="blockpost \(post.0)"><h2><span>#\(number + 1)</span> \
            <a href="/p/\(number)">2025-11-0\(number + 1) 15:14:37</a></h2><div class="box"><div class="inbox">\
            <div class="postbody"><div class="postleft"><dl><dt><strong>poster\(number)</strong></dt>\
            <dd class="usertitle"><strong>Member</strong></dd><dd><span>Posts: \(number + 1)</span></dd></dl></div>\
            <div class="postright"><h3>Re: Image size</h3><div class="postmsg"><p>\(post.1)</p></div></div></div></div>\
            <div class="inbox"><div class="postfoot"><p><span>Offline</span></p></div></div></div></div>
            """
        }
        let crumbs = """
            <div class="linkst"><ul class="crumbs"><li><a href="/">Index</a></li><li><a href="/f/1">Discussion</a></li>\
            <li><a href="/t/1">Image size</a></li></ul></div>
            """
        let page = """
            <html><body><div id="brdmain">\(crumbs)\(blocks.joined())\(crumbs)</div></body></html>
            """
        let text = try text(page)
        #expect(text.contains("why did the image grow so fast"))
        #expect(text.contains("changed the boot loader from GRUB back to systemd-boot"))
    }

    /// A reference page's member signatures (Javadoc's `member-signature`) are what it documents, not a poster's
    /// signature.
    @Test func aDocumentedMembersSignatureIsItsText() throws {
        let members = ["parse", "format", "valueOf"].map { name in
            """
            <section class="detail"><h3>\(name)</h3><div class="member-signature"><span class="modifiers">public \
            static</span> <span class="return-type">Duration</span> <span class="element-name">\(name)</span>\
            (CharSequence text)</div><div class="block">\(Self.paragraphs.joined(separator: " "))</div></section>
            """
        }
        let page = """
            <html><body><main><h1>Class Duration</h1><section class="method-details">\(members.joined())</section>
            </main></body></html>
            """
        let text = try text(page)
        for name in ["parse", "format", "valueOf"] {
            #expect(text.contains("public static Duration \(name)(CharSequence text)"), "\(name)")
        }
    }

    /// A category page: an introduction, then the list of its posts holding more than twice its text. Both are the
    /// page.
    @Test func aListTwiceTheIntroductionsTextIsReadWithIt() throws {
        // Each post's title and summary are too short to be prose of their own.
        let posts = (1...60).map {
            "<li class=\"entry\"><a href=\"/posts/\($0)\">Guide \($0)</a> <span>Two steps.</span></li>"
        }
        let page = """
            <html><body><div class="category-description">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            <ul class="entries">\(posts.joined())</ul></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[0]))
        for number in [1, 60] { #expect(text.contains("Guide \(number) Two steps."), "post \(number)") }
    }

    /// A shop's list of other products under the product ("Customers also viewed") is not the product's text.
    @Test func aShopsListOfOtherProductsIsNotTheProduct() throws {
        let others = (1...6).map { "<li>Trail pack number \($0), light and roomy. $\($0)9</li>" }
        let page = """
            <html><body><div class="product"><h1>Trail 25 pack</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <h2>Customers also viewed</h2><ul>\(others.joined())</ul></div></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Trail pack number") && !text.contains("also viewed"))
    }

    /// "adv" is a page builder's "advanced" (an advanced heading block holds a service page's paragraphs) as often as
    /// an advertisement: it marks no furniture; "advert" and "ads" still do.
    @Test func anAdvancedTextBlockIsNoAdvertisement() throws {
        let page = """
            <html><body><main><h1>Equipment repair</h1>
            <p class="kt-adv-heading12_ab wp-block-kadence-advancedheading">\(Self.paragraphs[0])</p>
            <div class="advert"><p>\(Self.paragraphs[1])</p></div>
            <p class="kt-adv-heading12_cd wp-block-kadence-advancedheading">\(Self.paragraphs[2])</p></main></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[0]) && text.contains(Self.paragraphs[2]))
        #expect(!text.contains(Self.paragraphs[1]))
    }

    @Test func aCookieNoticeHoldingMostOfThePagesTextIsNotThePage() throws {
        // The notice's settings (a paragraph for every kind of cookie) hold more text than the page itself.
        let purposes = (1...8).map { number in
            """
            <h4>Purpose \(number)</h4><p>These cookies of purpose \(number) let us and our partners measure \
            visits, remember your choices, and show content and advertisements that suit you, across sites.</p>
            """
        }
        let page = """
            <html><body><div class="page"><h1>Dinner recipes</h1>
            <div class="intro">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div></div>
            <div id="consent-sdk"><div class="notice"><h2>Your privacy</h2>\(purposes.joined())</div></div>
            </body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[0]))
        #expect(!text.contains("Purpose 1"))
        #expect(!text.contains("let us and our partners"))
    }

    @Test func aShortTeaserMarkedAsAnArticleDoesNotStopAListing() throws {
        // A sponsored teaser is the only `<article>` and the only prose; the listing's stories are headlines,
        // authors and dates.
        let stories = (1...10).map { number in
            """
            <div class="story-row"><a href="/stories/\(number)"><h3>Why story number \(number) matters to \
            builders of tools</h3></a><span class="author">Writer \(number)</span> <span>Mar 0\(number % 9 + 1), \
            2026 | \(number) min read</span></div>
            """
        }
        let page = """
            <html><body><h1>Read, write and learn about technology</h1>
            <article class="sponsor"><p>Our partner announces a suite of tools for contractors of all sizes, \
            helping teams streamline their audits.</p></article>
            <div class="stories">\(stories.joined())</div></body></html>
            """
        let text = try text(page)
        for number in [1, 10] {
            #expect(text.contains("Why story number \(number) matters to builders of tools"), "story \(number)")
        }
    }

    static func thread(structuredData: String) -> String {
        let posts = (Self.paragraphs + Self.paragraphs).enumerated().map { number, text in
            """
            <div id="comment-\(number)_wrap" class="entry"><div class="user">member\(number)</div>
            <div class="post-text"><p>Post \(number): \(text)</p></div></div>
            """
        }
        // A prompt to install the forum's app stands beside the thread: prose, as a thread's prompts to sign in and
        // reply are not.
        let prompt = (1...3).map { step in
            """
            <p>Step \(step): open the browser's menu, choose to add this page to the home screen, confirm it, and open \
            it from there.</p>
            """
        }
        return """
            <html><head>\(structuredData)</head><body><div class="app-prompt"><h2>Install the app</h2>
            \(prompt.joined())</div><h1>Which bike for a beginner?</h1>
            <div class="topic">\(posts.joined())</div></body></html>
            """
    }

    @Test func aPageThatSaysItIsAThreadHasItsPostsForText() throws {
        let jsonLD = """
            <script type="application/ld+json">{"@context": "https://schema.org", \
            "@type": "DiscussionForumPosting", "headline": "Which bike for a beginner?"}</script>
            """
        let text = try text(Self.thread(structuredData: jsonLD))
        for number in 0..<8 { #expect(text.contains("Post \(number):"), "post \(number)") }
    }

    @Test func aQuestionPageInMicrodataHasItsAnswersForText() throws {
        let page = Self.thread(structuredData: "").replacingOccurrences(
            of: "<body>",
            with: "<body itemscope itemtype=\"https://schema.org/QAPage\">"
        )
        let text = try text(page)
        for number in 0..<8 { #expect(text.contains("Post \(number):"), "post \(number)") }
    }

    /// A question and its answers marked in microdata (schema.org `QAPage`): the answers hold far more prose than
    /// the question beside them, and each carries comments, votes and its poster's card.
    @Test func aQuestionPageIsItsQuestionAndAnswersWithoutTheirComments() throws {
        let answers = (1...3).map { number in
            """
            <div class="answer" itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer">\
            <div class="votes">\(number * 7)</div><div class="body" itemprop="text"><p>Answer \(number): \
            \(Self.paragraphs.joined(separator: " "))</p><p>\(Self.paragraphs[number])</p></div>\
            <div class="card">answered by member\(number)</div><ul class="remarks">\
            <li itemprop="comment" itemscope itemtype="https://schema.org/Comment"><span itemprop="text">Remark \
            \(number): thanks, that settled it for me, although the second step needed a restart first.</span></li>\
            </ul></div>
            """
        }
        let page = """
            <html itemscope itemtype="https://schema.org/QAPage"><body><h1>How do I reset the router?</h1>
            <div id="content"><div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
            <div class="question"><div class="body" itemprop="text"><p>The question: my router drops the line every \
            night, and holding the button for ten seconds does nothing.</p></div></div>
            <div class="answers">\(answers.joined())</div><form class="new-answer"><h2>Your Answer</h2></form></div>
            </div></body></html>
            """
        let text = try text(page)
        #expect(text.contains("The question: my router drops the line"))
        for number in 1...3 { #expect(text.contains("Answer \(number):"), "answer \(number)") }
        #expect(!text.contains("Remark"))
        #expect(!text.contains("answered by"))
        // Answers the page does not mark as such are still its answers: the page is read as any other.
        let unmarked = page.replacingOccurrences(
            of: "<div class=\"body\" itemprop=\"text\"><p>Answer",
            with: "<div class=\"body\"><p>Answer"
        )
        for number in 1...3 { #expect(try self.text(unmarked).contains("Answer \(number):"), "answer \(number)") }
        // A page that marks the text of some answers only: the same.
        let firstMarked = page.replacingOccurrences(
            of: "<div class=\"body\" itemprop=\"text\"><p>Answer 2",
            with: "<div class=\"body\"><p>Answer 2"
        )
        #expect(try self.text(firstMarked).contains("Answer 2:"))
        let oneAnswerMarked = answers.enumerated().map { number, answer in
            number == 0
                ? answer
                : answer.replacingOccurrences(
                    of: " itemprop=\"suggestedAnswer\" itemscope itemtype=\"https://schema.org/Answer\"",
                    with: ""
                ).replacingOccurrences(of: " itemprop=\"text\"><p>Answer", with: "><p>Answer")
        }
        let partly = page.replacingOccurrences(of: answers.joined(), with: oneAnswerMarked.joined())
        #expect(try self.text(partly).contains("Answer 3:"))
        // A comment marked as an item without a type is still no part of the answer it is under.
        let untyped = page.replacingOccurrences(
            of: "itemscope itemtype=\"https://schema.org/Comment\"",
            with: "itemscope"
        )
        #expect(try !self.text(untyped).contains("Remark"))
    }

    @Test func aListReadAsTheContentKeepsItsLinkedNames() throws {
        // Each item is its name, a link, and a price: nearly all link, as a menu's items are, but the list is what
        // the page is.
        let items = (1...15).map { "<li class=\"item\"><a href=\"/p/\($0)\">Chalk bag number \($0)</a> $9</li>" }
        let page = """
            <html><body><div class="intro"><h1>Chalk bags</h1><p>Chalk bags for every climber and every wall.</p></div>
            <ul class="results">\(items.joined())</ul></body></html>
            """
        let text = try text(page)
        for number in [1, 15] { #expect(text.contains("Chalk bag number \(number) $9"), "item \(number)") }
    }

    @Test(.requiresSharedData) func aMenuOfLinksHoldingMostOfThePageIsNotThePage() throws {
        // A real shop's category page (wcxb-dev): its menu of every department, a `<nav>` of links with a label over
        // each group, holds most of the page's text; the products are the page.
        let text = try corpusPageText("3002")
        #expect(text.contains("Tarantulace Climbing Shoes"))
        #expect(!text.contains("Backpacking Tents"))
        #expect(!text.contains("Hydration Packs"))
    }

    @Test(.requiresSharedData) func aLandingPageIsReadPastAGridOfTeasersAroundTheLongestText() throws {
        // A real product's home page (wcxb-dev): its longest text is a blog teaser's summary, in a grid of linked
        // teasers; the page's sections of short prose around the grid are the page.
        let text = try corpusPageText("4467")
        for part in ["Your base for classic, agile or hybrid project management", "Visualize workload"] {
            #expect(text.contains(part), "\(part)")
        }
    }

    @Test func inlineElementsSideBySideAreSeparateWordsButATextAfterOneGoesOn() throws {
        // A listing's fields, each its own element with nothing between them, as a page lays them out apart.
        let rows = (1...6).map { number in
            """
            <li class="title-row"><h3>\(number). Title number \(number)</h3><div class="meta"><span>2026</span>\
            <span>1h 5\(number)m</span><span>R</span></div><p><b>W</b>ords about title \(number), for every viewer \
            who likes it.</p></li>
            """
        }
        let page = """
            <html><body><h1>Most popular titles</h1><ul class="chart">\(rows.joined())</ul></body></html>
            """
        let text = try text(page)
        #expect(text.contains("2026 1h 51m R"))
        #expect(text.contains("Words about title 1"))
    }

    @Test func formattingAndCodeSideBySideStayOneWord() throws {
        let page = """
            <html><body><article><h1>Notes</h1><p>An <i>un</i><b>wise</b> choice, said the reviewer of the \
            plan, x<sup>2</sup> times over, for <span class="price">$12<span>.</span></span><span>99</span>.</p>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <pre><span class="kt">Int</span><span class="mi">32</span> and <code><span>Sub</span><span>string</span>\
            </code></pre></article></body></html>
            """
        let text = try text(page)
        #expect(text.contains("An unwise choice"))
        #expect(text.contains("x2 times over, for $12.99."))
        #expect(text.contains("Int32 and Substring"))
    }

    @Test func aPostWhoseWrapperIsNamedForItsCookieCategoryIsRead() throws {
        // WordPress names a post's wrapper for its categories: a cookie recipe's wrapper says "category-cookies".
        let page = """
            <html><body><div class="post-12 post type-post category-cookies"><h1>Oat cookies</h1>
            <div class="entry-content">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div></div>
            <div class="site-links"><a href="/">Home</a> <a href="/recipes">Recipes</a></div></body></html>
            """
        #expect(try text(page).contains(Self.paragraphs[0]))
    }
}
