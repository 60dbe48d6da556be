import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveHTML

/// Which part of a page is read as the article body.
@Suite struct MainTextExtractorTests {
    func text(_ html: String) throws -> String {
        let request = ImportRequest(data: Data(html.utf8), name: "page.html")
        return try #require(try HTMLImporter().importDocuments(request).first).document.text
    }

    static let paragraphs = [
        "A case of the rare illness was reported in the region over the weekend, the health office said on Monday.",
        "The patient, who was not named, was taken to the county hospital, where doctors confirmed the diagnosis.",
        "Twenty people who had been in close contact were asked to stay at home, and none has shown symptoms so far.",
        "Officials say that the case appears to be unrelated to the two reported in the capital last week.",
    ]

    @Test func teaserBoxNamedArticleIsNotTheBody() throws {
        let teaser = """
            <article class="story-box"><h2><a href="/older">Two patients diagnosed as officials scramble</a></h2>
            <div class="excerpt">Two people have been diagnosed with the illness, and officials...</div>
            <a href="/older">Read the story</a> <a href="/tag/health">Health</a> <a href="/tag/region">Region</a></article>
            """
        let page = """
            <html><body><div class="page"><h1>Hunter falls ill</h1>\(teaser)
            <div class="entry-content">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div></div></body></html>
            """
        let text = try text(page)
        #expect(text.hasPrefix("A case of the rare illness"))
        #expect(!text.contains("officials..."))
    }

    @Test func bodySplitByAPlayerIsReadWhole() throws {
        func part(_ range: Range<Int>) -> String {
            let body = Self.paragraphs[range].map { "<p>\($0) \($0)</p>" }.joined()
            return "<div class=\"body-text\"><div class=\"content\">\(body)</div></div>"
        }
        let page = """
            <html><body><article><h1>Podcast: the cup finals</h1>
            <div class="section">\(part(0..<2))</div>
            <div class="player"><audio src="/a.mp3"></audio><a href="/listen">Listen</a></div>
            <div class="section">\(part(2..<4))</div>
            </article><div class="more"><a href="/x">More podcasts from the sports desk this week</a></div></body></html>
            """
        let text = try text(page)
        #expect(text.hasPrefix(Self.paragraphs[0]))
        #expect(text.hasSuffix(Self.paragraphs[3]))
    }

    @Test func bareDatelineIsMetadataButAQuotedPostsAttributionIsText() throws {
        let page = """
            <html><body><article><h1>Stock car calendar</h1><p>segunda-feira, 22 de janeiro de 2018 às 0:13</p>
            \(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <blockquote><p>We are ready for the season.</p>— Team news (@team) November 15, 2019</blockquote>
            </article></body></html>
            """
        let document = try #require(
            try HTMLImporter().importDocuments(ImportRequest(data: Data(page.utf8), name: "page.html")).first
        )
        .document
        #expect(document.text.hasPrefix(Self.paragraphs[0]))
        #expect(document.text.contains("(@team) November 15, 2019"))
        #expect(document.published == (try ArchiveDate.parse("2018-01-22", field: "test")))
    }

    @Test func inlineHoverCardIsNotText() throws {
        let card = """
            <span class="rollover-block"><a href="/people/x">Jane Doe</a><a href="/news/1">Senator doubles down on budget</a>
            <a href="/news/2">Overnight: lawmakers spar over testimony</a></span>
            """
        let page = """
            <html><body><article><h1>Man pleads guilty</h1>
            <p>\(Self.paragraphs[0]) Rep. Jane Doe\(card) linked the case to a broadcast.</p>
            \(Self.paragraphs.dropFirst().map { "<p>\($0)</p>" }.joined())</article></body></html>
            """
        let text = try text(page)
        #expect(text.contains("Rep. Jane Doe linked the case"))
        #expect(!text.contains("doubles down"))
    }

    @Test func galleryAndVideoPlayerChromeIsNotText() throws {
        let page = """
            <html><body><article><h1>Overtime goal lifts the home team</h1>
            <div class="asset-gallery"><div class="control-bar"><p>Caption</p><p>Close</p><p>Back to Gallery</p></div></div>
            \(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <div class="featured-video"><h3>JUST WATCHED</h3><ul><li>Trade talks going well, officials say</li></ul></div>
            </article></body></html>
            """
        let text = try text(page)
        #expect(text.hasPrefix(Self.paragraphs[0]) && text.hasSuffix(Self.paragraphs[3]))
    }

    /// Addresses and codes standing as texts of their own (a shop's image fields, one per colour) are not prose: they
    /// do not outvote the product's description.
    @Test func addressesAreNotProse() throws {
        let fields = (1...40).map { number in
            "<dt>thumbnail_\(number):</dt><dd>https://cdn.example.com/images/160x160/uploaded/5001_TEE_\(number)_THUMB.jpg</dd>"
        }
        let page = """
            <html><body><div class="product"><div class="media"><dl class="info">\(fields.joined())</dl></div>
            <div class="description"><h1>Staple Tee</h1>\(Self.paragraphs.prefix(2).map { "<p>\($0)</p>" }.joined())</div>
            </div></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[0]) && text.contains(Self.paragraphs[1]))
        #expect(!text.contains("cdn.example.com"))
    }

    /// In code, a name without spaces is what the page documents: a reference's list of names stays its content.
    @Test func namesInCodeStayText() throws {
        let names = (1...40).map { "<li><code>org.example.archive.bundles.Reader\($0)Factory</code></li>" }
        let page = """
            <html><body><div class="intro"><p>\(Self.paragraphs[0])</p></div>
            <div class="reference"><ul>\(names.joined())</ul></div></body></html>
            """
        let text = try text(page)
        #expect(text.contains("org.example.archive.bundles.Reader40Factory"))
    }

    @Test func aTokenIsAnAddressOrACodeNeverProse() {
        #expect(MainTextExtractor.isToken("  https://cdn.example.com/images/5001_TEE.jpg\n"))
        #expect(MainTextExtractor.isToken(String(repeating: "a", count: 25)))
        #expect(!MainTextExtractor.isToken(String(repeating: "a", count: 24)))
        #expect(!MainTextExtractor.isToken(" \n\t "))
        #expect(!MainTextExtractor.isToken("A sentence of prose with spaces between its words."))
        // Scripts that write no spaces are not ASCII.
        #expect(!MainTextExtractor.isToken("国家统计局今天发布了全国居民消费价格指数的最新数据和分析报告"))
    }

    /// Sections of a service page, each in its own nest of layout wrappers, as page builders write them.
    static func section(_ number: Int) -> String {
        let body = Self.paragraphs.map { "<p>Section \(number): \($0)</p>" }.joined()
        return """
            <div class="section s\(number)"><div class="row"><div class="column"><div class="module">
            <h2>Service \(number)</h2><div class="description">\(body)</div></div></div></div></div>
            """
    }

    @Test func aPageOfManySectionsIsReadWhole() throws {
        let page = """
            <html><body><nav><a href="/">Home</a> <a href="/services">Services</a></nav>
            <div class="builder">\((1...4).map(Self.section).joined())</div>
            <footer>Contact us at the office.</footer></body></html>
            """
        let text = try text(page)
        for number in 1...4 { #expect(text.contains("Section \(number): A case"), "section \(number)") }
        #expect(!text.contains("Contact us"))
    }

    @Test func theArticleStopsWhereTheNextArticleStarts() throws {
        let next = Self.paragraphs.prefix(3).map { "<p>Later story: \($0)</p>" }.joined()
        let page = """
            <html><body><div class="stream">
            <div class="first"><article><h1>Hunter falls ill</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article></div>
            <div class="next"><article><h2>Another story</h2>\(next)</article>
            <article><h2>A third story</h2>\(next)</article></div></div></body></html>
            """
        let text = try text(page)
        #expect(text.hasPrefix("A case of the rare illness"))
        #expect(!text.contains("Later story"))
    }

    @Test func aPageBuildersWidgetWordsDoNotHideThePage() throws {
        let blocks = (Self.paragraphs + Self.paragraphs + Self.paragraphs).map {
            "<div class=\"builder-widget builder-widget-text\"><div class=\"widget-container\"><p>\($0)</p></div></div>"
        }
        let page = "<html><body><div class=\"builder\">\(blocks.joined())</div></body></html>"
        #expect(try text(page).hasPrefix("A case of the rare illness"))
    }

    @Test func aPageBuildersWidgetWordsDoNotHideThePageBesideALongFooter() throws {
        // The widgets hold less than half of the page's text, beside a menu and a footer of links (left out by
        // their element names); what the names hid is still far more than what is left.
        let blocks = (Self.paragraphs + Self.paragraphs + Self.paragraphs).map {
            "<div class=\"builder-widget\"><h3>Feature</h3><p>\($0)</p></div>"
        }
        let links = (1...40).map { "<li><a href=\"/p\($0)\">Directory entry number \($0)</a></li>" }
        let menu = (1...20).map { "<li><a href=\"/m\($0)\">Menu entry \($0)</a></li>" }
        let page = """
            <html><body><nav><ul>\(menu.joined())</ul></nav><main>\(blocks.joined())</main>
            <footer><ul>\(links.joined())</ul></footer></body></html>
            """
        let text = try text(page)
        #expect(text.contains("A case of the rare illness"))
        #expect(!text.contains("Directory entry"))
    }

    @Test func aBuyingGuidesProductWidgetsAreItsText() throws {
        // Most of the guide is in boxes a page builder names "widget"; the comments below stay out.
        let products = Array(repeating: Self.paragraphs, count: 4).joined().enumerated().map { number, text in
            "<div class=\"c-product-widget\"><h3>Model \(number)</h3><p>\(text)</p></div>"
        }
        let comments = (1...3).map { "<li class=\"comment\"><p>Comment \($0): \(Self.paragraphs[$0])</p></li>" }
        let page = """
            <html><body><article><h1>The best toothbrushes</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            \(products.joined())</article><div class="comments"><ol>\(comments.joined())</ol></div></body></html>
            """
        let text = try text(page)
        #expect(text.contains("Model 15"))
        #expect(!text.contains("Comment 1:"))
    }

    @Test func contentGivenOnlyToReadersWithoutScriptsIsRead() throws {
        // Forum software renders the thread with scripts and gives crawlers the posts in <noscript>.
        let posts = (Self.paragraphs + Self.paragraphs).enumerated().map { number, text in
            "<div class=\"crawler-post\"><span>member\(number)</span><div class=\"post\"><p>\(text)</p></div></div>"
        }
        let page = """
            <html><body><header><a href="/">Community</a></header>
            <noscript>Please enable JavaScript to use this site.</noscript>
            <div id="app"></div>
            <noscript><div id="main-outlet"><h1>Which bike for a beginner?</h1>\(posts.joined())</div></noscript>
            <footer>Powered by forum software</footer></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("enable JavaScript"))
    }

    @Test func aButtonLeftOpenDoesNotSwallowThePage() throws {
        // libxml2 ignores </button> while a <div> opened in it is open: the article ends up inside the button.
        let page = """
            <html><body><header><button class="menu-button" aria-label="Menu"><div class="inner"><div></button>
            <a href="/">Home</a></header><main><article><h1>Rare illness</h1>
            \(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</article></main>
            <form><button type="submit">Subscribe now</button></form></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Subscribe now"))
    }

    @Test func aNoscriptCopyOfTextShownAnywayStaysHidden() throws {
        let body = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let page = """
            <html><body><article>\(body)\(body)</article>
            <noscript><div>\(body)<p>Only without scripts.</p></div></noscript></body></html>
            """
        #expect(!(try text(page)).contains("Only without scripts."))
    }

    @Test func aShortArticleDoesNotTakeItsLongCommentsWithIt() throws {
        let comments = (1...12).map { "<div class=\"comment\"><p>Comment \($0): \(Self.paragraphs[$0 % 4])</p></div>" }
        let page = """
            <html><body><div class="post">\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())</div>
            <div class="comments">\(comments.joined())</div></body></html>
            """
        let text = try text(page)
        #expect(text.hasPrefix("A case of the rare illness"))
        #expect(!text.contains("Comment 1:"))
    }

    @Test func aThreadIsAllItsPostsNotTheFirst() throws {
        let posts = Self.paragraphs.enumerated().map { number, text in
            """
            <div class="message"><div class="user">member\(number)</div><div class="post">
            <article class="message-body"><p>Post \(number): \(text)</p></article></div></div>
            """
        }
        let page = """
            <html><body><div class="thread"><h1>Which bike for a beginner?</h1>
            <div class="posts">\(posts.joined())</div></div></body></html>
            """
        let text = try text(page)
        for number in 0..<4 { #expect(text.contains("Post \(number):"), "post \(number)") }
    }

    @Test func aListingIsItsList() throws {
        let items = (1...8).map { number in
            """
            <div class="product-card"><a href="/mowers/kr\(number)"><h3>KR\(number)</h3></a>
            <p>Robotic lawn mower for \(number) acres</p><span class="price">$ \(number),099.99</span></div>
            """
        }
        let page = """
            <html><body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav><h1>Robotic lawn mowers</h1>
            <p class="intro">Quiet machines that mow on their own, every day.</p>
            <div class="grid">\(items.joined())</div></body></html>
            """
        let text = try text(page)
        for number in [1, 8] { #expect(text.contains("Robotic lawn mower for \(number) acres"), "item \(number)") }
    }

    @Test func aListOfLinkedCardsIsItsTeasers() throws {
        // Each teaser is one link around its headline and summary: nearly all the list's text is linked.
        let cards = Self.paragraphs.enumerated().map { number, text in
            """
            <div class="card"><a href="/news/\(number)"><h3>Story \(number)</h3><p>\(text)</p></a></div>
            """
        }
        let menu = (1...8).map { "<li class=\"item\"><a href=\"/section/\($0)\">Section \($0)</a></li>" }
        let page = """
            <html><body><div class="sections"><ul>\(menu.joined())</ul></div><h1>Technology</h1>
            <div class="grid">\((cards + cards).joined())</div></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Section 1"))
    }

    @Test func aTablesRowsThatStartWithADateAreData() throws {
        let rows = ["1/1/2013", "2/1/2013", "3/1/2013"].enumerated().map { number, day in
            "<tr><td>\(day)</td><td>+1\(number).1%</td></tr>"
        }
        let page = """
            <html><body><article><h1>Home prices</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <table><thead><tr><th>Date</th><th>Change in price</th></tr></thead><tbody>\(rows.joined())</tbody></table>
            <p>segunda-feira, 22 de janeiro de 2018 às 0:13</p></article></body></html>
            """
        let text = try text(page)
        for day in ["1/1/2013 | +10.1%", "3/1/2013 | +12.1%"] { #expect(text.contains(day), "row \(day)") }
        // A dateline outside the table is still metadata.
        #expect(!text.contains("segunda-feira"))
    }

    @Test func aRelatedBoxInsideTheArticleEndsWhereTheArticleGoesOn() throws {
        let page = """
            <html><body><article><h1>Home prices</h1><p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p>
            <p><strong>RELATED</strong></p><p><a href="/older">Prices fell in the spring</a></p><hr>
            <p>\(Self.paragraphs[2])</p><p><strong>Read also</strong></p><p><a href="/other">Rents are up</a></p>
            <h2>What comes next</h2><p>\(Self.paragraphs[3])</p>
            <h2>Related articles</h2><h3><a href="/a">Mortgages in 2025</a></h3><h3><a href="/b">Builders</a></h3>
            <p>A teaser of another article, with a few words on what it says about the market this year.</p>
            </article></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        for chrome in ["RELATED", "Prices fell", "Read also", "Rents are up", "Mortgages", "A teaser"] {
            #expect(!text.contains(chrome), "\(chrome)")
        }
    }

    @Test func sectionsNamedWithANavigationWordThatHoldProseAreTheArticle() throws {
        // Navigation is links: sections a table of contents points at ("content-nav-section") are the article.
        let steps = (1...16).map {
            "<h3>Step \($0)</h3><p>Step \($0) of a budget that lasts: write down what comes in and what goes out "
                + "each month, and set aside a share of every pay cheque before the bills arrive.</p>"
        }
        let intro = Self.paragraphs.map { "<p>\($0)</p>" }.joined()
        let footer = (1...12).map {
            "<p>Branch \($0) is open on weekdays from nine to five and on Saturday mornings.</p>"
        }
        let page = """
            <html><body><header><div class="nav-primary"><ul><li><a href="/bank">Bank</a></li>
            <li><a href="/save">Save</a><div class="nav-primary-desc">Accounts that grow with you.</div></li></ul></div>
            </header><main><h1>Money management</h1><div class="intro">\(intro)\(intro)</div>
            <div class="content-nav-section">\(steps[0...7].joined())</div>
            <div class="content-nav-section">\(steps[8...].joined())</div>
            <div class="content-nav-section related"><h2>You might also like</h2><ul><li><a href="/a">Saving for a home</a></li>
            <li><a href="/b">Paying off debt</a></li></ul></div></main><footer>\(footer.joined())</footer></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(text.contains("Step 1 of a budget"))
        #expect(text.contains("Step 16 of a budget"))
        for chrome in ["Bank", "Accounts that grow", "Saving for a home", "Branch 1"] {
            #expect(!text.contains(chrome), "\(chrome)")
        }
    }

    @Test func anElementWithoutAClassNamedAsNavigationSpeaksOnlyForItself() throws {
        // Elements without a class share no name: one holding prose does not make another one content.
        let guide = (1...8).map {
            "<p>Part \($0) of the guide: write down what comes in and what goes out each month, and set aside a "
                + "share of every pay cheque before the bills arrive.</p>"
        }
        let page = """
            <html><body><main><h1>Money management</h1><div id="nav-guide">\(guide.joined())</div>
            <div id="site-menu"><p>Branch opening hours change on public holidays.</p></div></main></body></html>
            """
        let text = try text(page)
        #expect(text.contains("Part 8 of the guide"))
        #expect(!text.contains("Branch opening hours"))
    }

    @Test func contentStreamedAtTheEndOfThePageIsReadWhereItsPlaceholderStands() throws {
        // React's streaming server rendering: what was not ready in time comes last, hidden, and a script moves it
        // to its placeholder.
        let page = """
            <html><body><main><article><h1>Hunter falls ill</h1><p>\(Self.paragraphs[0])</p>
            <!--$?--><template id="B:0"></template><div class="skeleton"></div><!--/$-->
            <p>\(Self.paragraphs[3])</p></article></main><footer><p>Contact the newsroom</p></footer>
            <div hidden id="S:0"><p>\(Self.paragraphs[1])</p><!--$?--><template id="B:1"></template><!--/$--></div>
            <script>$RC("B:0","S:0")</script>
            <div hidden id="S:1"><p>\(Self.paragraphs[2])</p></div><script>$RC("B:1","S:1")</script>
            <div hidden id="S:7"><p>A block that no placeholder asks for stays hidden, as the page leaves it.</p></div>
            </body></html>
            """
        let text = try text(page)
        let positions = Self.paragraphs.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!text.contains("no placeholder"))
        #expect(!text.contains("newsroom"))
        // A block that holds its own placeholder, or two that hold each other's, is placed once.
        let looped = """
            <html><body><article><h1>Hunter falls ill</h1><p>\(Self.paragraphs[0])</p><template id="B:2"></template>
            </article><div hidden id="S:2"><p>\(Self.paragraphs[1])</p><template id="B:2"></template>
            <template id="B:3"></template></div><div hidden id="S:3"><p>\(Self.paragraphs[2])</p>
            <template id="B:2"></template></div></body></html>
            """
        let placedOnce = try self.text(looped)
        for paragraph in Self.paragraphs[0...2] {
            #expect(placedOnce.components(separatedBy: paragraph).count == 2, "\(paragraph)")
        }
    }

    @Test func collapsedAccordionAndTabPanelsAreContent() throws {
        // The reader opens them with a click; the page holds their text for that reader.
        let page = """
            <html><body><main><h1>Tuition and fees</h1><p>\(Self.paragraphs[0])</p>
            <h2><a href="#faq-1" role="button" aria-controls="faq-1" aria-expanded="false">Who pays?</a></h2>
            <div id="faq-1" style="display: none"><p>\(Self.paragraphs[1])</p></div>
            <div role="tablist"><button aria-controls="tab-2">Costs</button></div>
            <div role="tabpanel" id="tab-2" hidden><p>\(Self.paragraphs[2])</p></div>
            <div role="region" aria-labelledby="faq-3-label" style="display:none"><p>\(Self.paragraphs[3])</p></div>
            <div style="display:none"><p>A hidden notice that no control opens stays out of the text.</p></div>
            <div id="faq-4" aria-hidden="true" style="display:none"><p>A panel hidden from every reader stays out.</p></div>
            <a aria-controls="faq-4">More</a>
            <h3><button aria-controls="faq-5" aria-expanded="false">Which vet?</button></h3>
            <div id="faq-5" role="region" aria-hidden="true"><p>Any licensed vet: there is no network.</p></div>
            <button aria-controls="drawer" aria-expanded="false">Account</button>
            <div id="drawer" aria-hidden="true"><p>Sign in to see your orders and your saved addresses.</p></div>
            </main></body></html>
            """
        let text = try text(page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        // A closed panel that says it is a panel (a region, a tab's panel) may be marked hidden from assistive
        // technology; a drawer that a button opens, so marked, stays out.
        #expect(text.contains("Any licensed vet"))
        #expect(!text.contains("your saved addresses"))
        #expect(!text.contains("A hidden notice"))
        #expect(!text.contains("every reader"))
    }

    @Test func articleBlocksBesideTheClassMarkedTextAreRead() throws {
        // A round-up: the article's introduction and closing note are marked "article__content", and each item
        // between them is a card of its own class with a heading link, a rating and prose.
        let cards = (0..<16).map { number in
            """
            <div class="article__block"><div class="layout-block"><h2><a href="https://brand\(number).example">Brand
            \(number)</a></h2><div class="rating">Rated: Good</div><div class="layout-block__content rich-text">
            <p>Brand \(number) makes its range in a factory that pays a living wage. \(Self.paragraphs[number % 4])</p>
            <p><a href="https://brand\(number).example">Shop the brand</a>.</p></div></div></div>
            """
        }
        let introduction = Array(repeating: Self.paragraphs, count: 3).joined().map { "<p>\($0)</p>" }.joined()
        let page = """
            <html><body><main><article class="article"><div class="article__block"><h1>Brands to know</h1></div>
            <div class="article__block"><div class="article__content rich-text">\(introduction)</div></div>
            \(cards.joined())
            <div class="article__block"><div class="article__content rich-text"><p>\(Self.paragraphs[3])</p></div></div>
            </article><footer><p>Sign up for our newsletter to hear about new brands every week, with offers.</p>
            </footer></main></body></html>
            """
        let text = try text(page)
        for number in 0..<16 { #expect(text.contains("Brand \(number) makes its range")) }
        #expect(text.hasSuffix(Self.paragraphs[3]))
    }

    /// A recipe split in two `<article>` elements: the summary under the headline, the method further down
    /// without a headline of its own; `after` follows the main content.
    static func splitRecipe(after: String) -> String {
        let steps = (1...8).map { step in
            "<li>Step \(step): stir the dough, cover the bowl, and let it rest in a warm place for an hour.</li>"
        }
        return """
            <html><body><main><section><article class="quickview"><h1>Everyday sourdough</h1>
            <div class="description"><p>\(paragraphs[0])</p><p>\(paragraphs[1])</p></div></article></section>
            <section class="page-content"><article class="recipe__instructions"><h2>Instructions</h2>
            <ol>\(steps.joined())</ol></article></section></main>\(after)</body></html>
            """
    }

    @Test func recipeSummaryArticleAndItsInstructionsArticleAreBothRead() throws {
        // The page's footer has neither half.
        let footer =
            "<footer><p>Sign up for our newsletter to hear about new recipes every week, with offers.</p></footer>"
        let text = try text(Self.splitRecipe(after: footer))
        #expect(text.contains(Self.paragraphs[1]))
        for step in 1...8 { #expect(text.contains("Step \(step): stir the dough")) }
        #expect(!text.contains("newsletter"))
    }

    @Test func teaserArticlesOfAHomePageAreAListNotThePagesArticle() throws {
        // A blog's home page: a featured story and a feed, each teaser an <article> of the class "post" with its
        // number and category. None of them is the page's own article: the feed is the content.
        let teasers = (0..<8).map { number in
            """
            <article class="post-\(900 + number) post category-\(number % 2 == 0 ? "news" : "sport")"><h2><a href="/story-\(number)">Story number \(number)
            of the week in the region</a></h2><p>Summary \(number): the council met on Tuesday.</p>
            <span>Jane Doe – 3/6/2026</span></article>
            """
        }
        let page = """
            <html><head><title>The Weekly Blog</title></head><body><nav><a href="/">Home</a> <a href="/about">About</a>
            </nav><main><div class="featured"><article class="post post-800 type-post"><h2><a href="/story-x">The
            featured story of the week</a></h2><p>\(Self.paragraphs[0]) \(Self.paragraphs[1])</p></article></div>
            <div class="feed">\(teasers.joined())</div></main>
            <footer><p>Sign up for our newsletter to hear about new stories every week.</p></footer></body></html>
            """
        let text = try text(page)
        for number in 0..<8 { #expect(text.contains("Summary \(number): the council met")) }
        #expect(!text.contains("newsletter"))
    }

    @Test func aShopsGridOfProductNamesAndPricesIsTheContent() throws {
        // A collection page: a short introduction, then product cards that hold only a linked name and a price.
        let cards = (0..<12).map { number in
            """
            <div class="product"><a href="/products/\(number)">UPLIFT standing desk frame, model \(number)</a>
            <span class="price">$ \(400 + number).00</span></div>
            """
        }
        let menu = (1...8).map { "<li class=\"item\"><a href=\"/section/\($0)\">Section \($0)</a></li>" }
        let page = """
            <html><body><div class="sections"><ul>\(menu.joined())</ul></div><main><div class="intro">
            <h1>Standing desks</h1><p>Improve your health, comfort, and productivity with a desk you can raise and
            lower, with free accessories.</p></div><div class="grid">\(cards.joined())</div></main>
            <footer><p>Sign up for our newsletter to hear about new desks every week, with offers.</p></footer>
            </body></html>
            """
        let text = try text(page)
        for number in 0..<12 { #expect(text.contains("desk frame, model \(number) $ \(400 + number).00")) }
        #expect(!text.contains("Section 1"))
        #expect(!text.contains("newsletter"))
    }

    @Test func productCardsWhoseClassesVaryAreTheContentAroundTheOneWithProse() throws {
        // A shop's grid: each card's classes name its number, stock and category; only the card on sale holds a
        // sentence (its prices for screen readers). That card is one of twelve, and the grid is the content.
        let items = (0..<12).map { number in
            let state = number == 5 ? "sale" : "instock"
            let price =
                number == 5
                ? "<span class=\"screen-reader-text\">Original price was: $24.95. Current price is: $14.97.</span>"
                : "<span class=\"price\">$\(20 + number).95</span>"
            return """
                <li class="product type-product post-\(11_400 + number) \(state) product_cat-\(number % 3 == 0 ? "straws" : "cups")">
                <a href="/product/\(number)"><h2>Glass cup number \(number)</h2></a>
                <div class="size-price"><span class="cup-size">6oz • 180ml</span> \(price)</div></li>
                """
        }
        let menu = (1...8).map { "<li class=\"item\"><a href=\"/section/\($0)\">Section \($0)</a></li>" }
        let page = """
            <html><body><div class="sections"><ul>\(menu.joined())</ul></div><main><h1>Shop</h1>
            <ul class="products">\(items.joined())</ul></main>
            <footer><p>Sign up for our newsletter to hear about new cups every week, with offers.</p></footer>
            </body></html>
            """
        let text = try text(page)
        for number in 0..<12 { #expect(text.contains("Glass cup number \(number)")) }
        #expect(text.contains("6oz • 180ml $21.95"))
        #expect(!text.contains("Section 1"))
        #expect(!text.contains("newsletter"))
    }

    @Test func aLandingPageOfSectionsIsReadWhole() throws {
        // A service's home page: a hero, features in columns, a story and a quote, each section in its own
        // wrapper, between the site's navigation and footer. The page's prose is far more than any one section's.
        let features = (0..<3).map { number in
            """
            <div class="col"><h3>Feature \(number)</h3><p>Feature \(number): track every deal, call and email in one
            simple list, with reminders.</p></div>
            """
        }
        let menu = (1...6).map { "<li><a href=\"/section/\($0)\">Section \($0)</a></li>" }
        let page = """
            <html><body><header><nav><ul>\(menu.joined())</ul></nav></header>
            <section class="hero"><div class="container"><h1>Simple CRM for small business</h1><p>Set up in four
            minutes, used in eighty countries, and rated highly by small businesses.</p></div></section>
            <section class="features"><div class="container"><h2>Why teams choose us</h2>
            <div class="row">\(features.joined())</div></div></section>
            <section class="story"><div class="container"><div class="text"><h2>Our story</h2>
            <p>\(Self.paragraphs[0])</p><p>\(Self.paragraphs[1])</p></div></div></section>
            <section class="quotes"><div class="container"><blockquote><p>Quote: it keeps our small team focused on
            the next action, every single day.</p></blockquote></div></section>
            <footer><p>Sign up for our newsletter to hear about new features every week, with offers.</p></footer>
            </body></html>
            """
        let text = try text(page)
        for part in ["Set up in four", "Feature 0: track", "Feature 2: track", Self.paragraphs[1], "Quote: it keeps"] {
            #expect(text.contains(part), "\(part)")
        }
        #expect(!text.contains("Section 1"))
        #expect(!text.contains("newsletter"))
    }

    @Test(.requiresSharedData) func aForumThreadNamedCommentsIsThePagesText() throws {
        // A real thread (wcxb-dev): the forum software wraps the posts in `id="comments"`; outside them stand only
        // the author's name and a prompt to sign in and reply.
        let text = try corpusPageText("0550")
        // The first post, a reply, and the parts list at the end of the thread.
        for part in ["crack the code on a solid", "locked to a single core", "Zotac GAMING Trinity"] {
            #expect(text.contains(part), "\(part)")
        }
    }

    @Test func labelsForScreenReadersAreNotTheText() throws {
        // What only a screen reader hears repeats what the page shows: "Original price was: $24.95" beside the
        // struck-out price.
        let page = """
            <html><body><article><h1>Glass cup</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())
            <p class="price"><del>$24.95</del> <span class="screen-reader-text">Original price was: $24.95.</span>
            <ins>$14.97</ins><span class="price-note\tSR-Only">Current price is: $14.97.</span> until Sunday, while \
            stocks last.</p>
            </article></body></html>
            """
        let text = try text(page)
        #expect(text.contains("$24.95 $14.97 until Sunday"))
        #expect(!text.contains("Original price was"))
        #expect(!text.contains("Current price is"))
    }

    @Test func teaserArticlesBesideASplitArticleLeaveItsHalvesTogether() throws {
        // Thirteen teasers of other recipes beside the split recipe, each an <article> that is mostly its link: the
        // page is still one article in two halves.
        let teasers = (0..<13).map { number in
            "<article class=\"teaser\"><a href=\"/recipes/\(number)\">Another loaf worth baking, number \(number)</a></article>"
        }
        let text = try text(Self.splitRecipe(after: "<aside class=\"more\">\(teasers.joined())</aside>"))
        #expect(text.contains(Self.paragraphs[1]))
        for step in 1...8 { #expect(text.contains("Step \(step): stir the dough")) }
    }

    @Test func aFormTheReaderFillsInIsNotTheText() throws {
        // A contact form's labels and choices beside a service page's text; a thread's posts, each in a form of
        // hidden fields (as some forums mark them for moderation), stay the text.
        let contact = """
            <form action="/send"><label>What service do you need?</label><select name="s"><option>Drains</option>
            </select><p>Tell us about your request and when we may call you back, with any details we should know.</p>
            <label>Your email address</label><input type="email" name="e"><textarea name="t"></textarea></form>
            """
        let page = """
            <html><body><main><h1>Drain clearing</h1>\(Self.paragraphs.map { "<p>\($0)</p>" }.joined())\(contact)
            </main></body></html>
            """
        let text = try text(page)
        #expect(text.contains(Self.paragraphs[3]))
        #expect(!text.contains("Tell us about your request"))
        #expect(!text.contains("Your email address"))
        let posts = Self.paragraphs.map { "<form action=\"#\"><input type=\"hidden\" name=\"id\"><p>\($0)</p></form>" }
        let thread = try self.text("<html><body><div class=\"thread\">\(posts.joined())</div></body></html>")
        for paragraph in Self.paragraphs { #expect(thread.contains(paragraph)) }
    }
}
