import ArchiveCore
import ArchiveHTML
import Foundation
import Testing

/// The headline a reader sees, not the browser tab's title with the site's name.
@Suite struct HTMLTitleTests {
    func title(_ head: String, _ body: String, url: String? = nil) throws -> String? {
        let html =
            "<html><head>\(head)</head><body>\(body)<p>\(String(repeating: "Some text of the page. ", count: 20))</p></body></html>"
        let request = ImportRequest(data: Data(html.utf8), name: "page.html", sourceURL: url)
        return try #require(try HTMLImporter().importDocuments(request).first).document.title
    }

    @Test func theSiteNameLeavesTheTitle() throws {
        #expect(
            try title(
                "<title>What is Cloud Computing? | Google Cloud</title>",
                "",
                url: "https://cloud.google.com/learn"
            )
                == "What is Cloud Computing?"
        )
        #expect(
            try title(
                "<meta property=\"og:site_name\" content=\"Tarkett\"><title>Tarkett - 10 Easy Steps for a Great Design</title>",
                ""
            ) == "10 Easy Steps for a Great Design"
        )
        // A part that only looks like a suffix stays when the site is named otherwise.
        #expect(
            try title(
                "<title>Wedding Planning Tools - Caterer Spreadsheet - Happily Connected</title>",
                "",
                url: "https://happilyconnected.com/tools"
            ) == "Wedding Planning Tools - Caterer Spreadsheet"
        )
    }

    @Test func theHeadingThatAgreesWithTheTitleIsTheHeadline() throws {
        let head = "<meta property=\"og:title\" content=\"Top Fitness Trends of 2025 - Advantage Fitness\">"
        #expect(try title(head, "<h1>Top Fitness Trends of 2025</h1>") == "Top Fitness Trends of 2025")
        // A heading about something else (a section, a widget) is not the page's headline.
        let park = "<title>Yosemite National Park (U.S. National Park Service)</title>"
        #expect(try title(park, "<h1>Webcams</h1>") == "Yosemite National Park (U.S. National Park Service)")
    }

    @Test func aHeadingReadsAsPrinted() throws {
        // A drop cap in its own element is part of its word; a block element still ends one.
        #expect(
            try title(
                "<title>How AI Can Cut Your Planning Cycle</title>",
                "<h1><a href='/p'>How AI Can Cut Your Planning <span class='hand'>C</span>ycle</a></h1>"
            ) == "How AI Can Cut Your Planning Cycle"
        )
        #expect(
            try title("<title>The Gift Guide of the Year</title>", "<h1><div>Gift</div><div>Guide</div></h1>")
                == "Gift Guide"
        )
        // Without a class, an inline element's edge is no line's end: "You<b>Tube</b>" is one word.
        #expect(
            try title("<title>Videos on YouTube today</title>", "<h1>Videos on You<b>Tube</b></h1>")
                == "Videos on YouTube"
        )
        // A span that a style puts on a line of its own: a lowercase letter meets a capital at its edge.
        #expect(
            try title(
                "<title>The Best Notion Alternatives</title>",
                "<h1>The Best Notion Alternatives<span class='block'>Top Note-taking Tools</span></h1>"
            ) == "The Best Notion Alternatives Top Note-taking Tools"
        )
    }

    @Test func theMarkOfALinkToTheHeadingIsNoPartOfIt() throws {
        // Documentation generators end each heading with a link to itself: a pilcrow, a hash, an icon font's glyph.
        let head = "<title>Quickstart — Requests documentation</title>"
        #expect(try title(head, "<h1>Quickstart<a class='headerlink' href='#quickstart'>¶</a></h1>") == "Quickstart")
        #expect(try title(head, "<h1>Quickstart <a href='#quickstart'>#</a></h1>") == "Quickstart")
        #expect(try title(head, "<h1>Quickstart<a href='#quickstart'>\u{F0C1}</a></h1>") == "Quickstart")
        // A heading that ends in a symbol of its own keeps it, and a link to a part of the page with words is text.
        #expect(try title("<title>Learn C# today | Docs</title>", "<h1>Learn C#</h1>") == "Learn C#")
        #expect(
            try title("<title>Learn C# today | Docs</title>", "<h1><a href='#top'>Learn C#</a> basics</h1>")
                == "Learn C# basics"
        )
    }

    @Test func aDateOrTheSiteNameInTheHeadingIsNoPartOfTheHeadline() throws {
        #expect(
            try title(
                "<title>Colin's blog: Preparing a transition</title>",
                "<h1><a href='/p'><time datetime='2025-12-18'>Dec 18 2025</time> Preparing a transition</a></h1>"
            ) == "Preparing a transition"
        )
        // A year within the words is part of them; a heading that prints only a date gives way to the next.
        #expect(
            try title(
                "<title>Film club: The best films of 2024 so far</title>",
                "<h1>The best films of <time>2024</time></h1>"
            ) == "The best films of 2024"
        )
        #expect(
            try title(
                "<title>Film club: The best films</title>",
                "<h1><time>12 May 2024</time></h1><h1>The best films</h1>"
            ) == "The best films"
        )
        let site =
            "<meta property='og:site_name' content='Artlyst'>"
            + "<title>Critics’ choice: Best Exhibitions 2025 – Artlyst</title>"
        #expect(try title(site, "<h1>Best Exhibitions 2025 – Artlyst</h1>") == "Best Exhibitions 2025")
        // A last part that is not the stated name stays.
        let trip =
            "<meta property='og:site_name' content='Artlyst'><title>Trains from Paris – London | Artlyst</title>"
        #expect(try title(trip, "<h1>Paris – London</h1>") == "Paris – London")
    }

    @Test func aHeadingThatPrintsTheSiteNameIsItsMasthead() throws {
        // A blog's theme prints the site's name in an <h1> above the post's own <h1>, or in its only <h1>.
        let post =
            "<meta property='og:site_name' content='The Southerner'>"
            + "<meta property='og:title' content='A Guide to Skincare'>"
            + "<title>A Guide to Skincare – The Southerner</title>"
        #expect(
            try title(post, "<h1>The Southerner</h1><h1>A Guide to Skincare, Step by Step</h1>")
                == "A Guide to Skincare, Step by Step"
        )
        #expect(try title(post, "<h1>The Southerner</h1><p>Skin first.</p>") == "A Guide to Skincare")
        // The site's own page, which states the site's name as its title, keeps it for its headline.
        let home =
            "<meta property='og:site_name' content='The Southerner'><meta property='og:title' content='The Southerner'>"
            + "<title>The Southerner – Latest stories from the South</title>"
        #expect(try title(home, "<h1>The Southerner</h1><h1>Latest stories from the South</h1>") == "The Southerner")
        // A title that names the site beside a tagline is the site's own page too.
        let about =
            "<meta property='og:site_name' content='Jane Doe'><meta property='og:title' content='Jane Doe — Writer'>"
            + "<title>Jane Doe — Writer</title>"
        #expect(try title(about, "<h1>Jane Doe</h1><p>Stories and essays.</p>") == "Jane Doe")
    }

    @Test func aSoftHyphenJoinsItsWord() throws {
        #expect(
            try title("<title>Home Repair</title>", "<h1>Home Repair Assis&shy;tance</h1>") == "Home Repair Assistance"
        )
    }

    @Test func aDateInTheStatedTitleStillDatesThePage() throws {
        let request = ImportRequest(
            data: Data(
                """
                <html><head><title>Open day on 8 November 2021 | City Library</title></head><body><h1>Open day</h1>
                <p>\(String(repeating: "The library opens its doors to everyone. ", count: 10))</p></body></html>
                """.utf8
            ),
            name: "page.html"
        )
        let document = try #require(try HTMLImporter().importDocuments(request).first).document
        #expect(document.title == "Open day")
        #expect(document.published.map(ArchiveDate.format)?.hasPrefix("2021-11-08") == true)
    }
}

/// Authors as a list of names: structured data's people, else the visible byline.
@Suite struct HTMLBylineTests {
    func authors(_ body: String, head: String = "") throws -> [String] {
        let text = String(repeating: "The library opens its doors to everyone this week. ", count: 8)
        let html =
            "<html><head>\(head)</head><body><article><h1>Open day</h1>\(body)<p>\(text)</p></article></body></html>"
        let request = ImportRequest(data: Data(html.utf8), name: "page.html")
        return try #require(try HTMLImporter().importDocuments(request).first).document.authors
    }

    @Test func theVisibleBylineNamesTheAuthors() throws {
        #expect(try authors("<p class=\"byline\">By Jane Roe and John Doe, MD</p>") == ["Jane Roe", "John Doe"])
        #expect(
            try authors("<p class=\"authors--byline\">By</p><span class=\"authors--author\">Sara Brown</span>")
                == ["Sara Brown"]
        )
        #expect(
            try authors("<div class=\"author-name\">Written by: Audrey Huang, Managing Editor</div>") == [
                "Audrey Huang"
            ]
        )
        // A comment's author is not the article's.
        let comments = "<aside class=\"comments\"><span class=\"comment-author\">Rick Roe</span></aside>"
        #expect(try authors(comments).isEmpty)
    }

    @Test func structuredDataPeopleComeFirstAndAccountsAreNoNames() throws {
        let person = """
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Open day",
            "author": [{"@type": "Person", "name": "Maria &amp; Katerina"}]}</script>
            """
        #expect(try authors("<span class=\"author\">Site Staff</span>", head: person) == ["Maria", "Katerina"])
        let organization = """
            <script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization",
            "name": "City Library"}}</script>
            """
        #expect(try authors("<span class=\"byline\">by Tracy Parker</span>", head: organization) == ["Tracy Parker"])
        #expect(try authors("", head: "<meta name=\"author\" content=\"andrew.keaveney\">").isEmpty)
    }
}
