import ArchiveCore
import ArchiveHTML
import ArchiveTesting
import Foundation
import Testing

@Suite struct HTMLImporterTests {
    let importer = HTMLImporter()

    func document(_ html: String, url: String? = nil) throws -> Document {
        try document(Data(html.utf8), url: url)
    }

    func document(_ data: Data, url: String? = nil) throws -> Document {
        let documents = try importer.importDocuments(ImportRequest(data: data, name: "page.html", sourceURL: url))
        try #require(documents.count == 1)
        return documents[0].document
    }

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    @Test func governmentFactsheetPage() throws {
        let document = try document(HTMLFixtures.governmentFactsheet)
        #expect(document.title == "Factsheet on the Extraordinary Congress of the Amanat party")
        #expect(document.published == Self.day("2022-03-01"))
        #expect(document.updated == Self.day("2022-03-01"))
        #expect(document.source == "https://www.gov.example.kz/memleket/entities/mfa/press/article/details/12345")
        let text = document.text
        #expect(text.hasPrefix("The Extraordinary Congress of the Amanat party"))
        #expect(text.hasSuffix("the well-being of the people."))
        for chrome in [
            "Новости", "Главная", "Дата публикации", "Сейчас читают", "Agreement", "27 мая", "Telegram",
            "Социальные медиа", "Меню подвал", "Terms and explanations", "©",
        ] {
            #expect(!text.contains(chrome), "the body contains '\(chrome)'")
        }
        #expect(document.blocks.contains(.init(.heading, "Priority tasks of the Amanat party")))
        #expect(document.blocks.filter { $0.kind == .listItem }.count == 2)
    }

    @Test func textNestedDeeperThanTheTreeGoesIsKept() throws {
        // Old pages leave <font> open in every paragraph: 400 of them nest 800 deep. The paragraphs past the tree's
        // depth are read, in order, to the end of the page (which paragraphs the main text starts at is the
        // extractor's choice on so odd a page).
        let paragraphs = (0..<400).map { "<p><font face=Arial>Paragraph number \($0) of the old page." }
        let document = try document(
            "<html><head><title>Old</title></head><body>\(paragraphs.joined())<p>The end.</p></body></html>"
        )
        #expect(document.text.contains("Paragraph number 399 of the old page."))
        #expect(document.text.hasSuffix("The end."))
        let order = (200..<400).compactMap { document.text.range(of: "number \($0) of")?.lowerBound }
        #expect(order.count == 200 && order == order.sorted())
        // Twenty thousand nested elements are read too, without exhausting the stack.
        let deep = String(repeating: "<div>", count: 20_000) + "Deep text at the bottom of the page."
        #expect(try self.document("<html><body>\(deep)</body></html>").text.contains("Deep text at the bottom"))
    }

    @Test func kazakhPageWithLabelledDate() throws {
        let document = try document(HTMLFixtures.kazakhPage)
        #expect(document.title == "Ұлттық кітапхана қолжазбаларды цифрландырады")
        #expect(document.published == Self.day("2024-03-20"))
        #expect(document.language == "kk")
        #expect(document.text.hasPrefix("Ұлттық кітапхана он тоғызыншы"))
        #expect(!document.text.contains("Мұражай түні"))
    }

    @Test func datesOnlyInRelatedListAndCopyrightGiveNoDate() throws {
        let document = try document(HTMLFixtures.noOwnDate)
        #expect(document.published == nil)
        #expect(document.updated == nil)
        #expect(document.text.contains("archive rooms to visitors"))
        #expect(!document.text.contains("Library reopens"))
    }

    @Test func structuredMetadata() throws {
        let document = try document(
            HTMLFixtures.structuredDates,
            url: "https://example.org/news/2023/11/08/reading-room"
        )
        #expect(document.title == "Council approves the new reading room")
        #expect(document.published == Self.day("2023-11-08"))
        #expect(document.updated == Self.day("2023-11-09"))
        #expect(document.authors == ["Aigerim Smagulova"])
        #expect(document.language == "en")
        #expect(document.links == [.init(url: "https://example.org/hours", text: "longer opening hours")])
    }

    @Test func titleIsNotTheSiteLogo() throws {
        // The only <h1> is the site's logo, a link to the home page: the title comes from <title>, without the
        // site name and the breadcrumb before it.
        let page = """
            <html><head><title>Four Years Remaining » Blog Archive » Interning of Small Integers</title></head>
            <body><div id="top"><h1><a href="https://fyr.example.org/">Four Years Remaining</a></h1></div>
            <div class="post"><h2>Interning of Small Integers</h2><p>Python keeps one object for each small integer, \
            so that comparing them by identity works, which surprises people who try it with larger numbers.</p></div>
            </body></html>
            """
        #expect(try document(page).title == "Interning of Small Integers")
        // A heading that links to the article itself is still its heading.
        let linked = page.replacingOccurrences(
            of: "<h2>Interning of Small Integers</h2>",
            with: "<h1><a href=\"/2020/05/interning\">Interning of small integers, explained</a></h1>"
        )
        #expect(try document(linked).title == "Interning of small integers, explained")
    }

    @Test func datesFromScriptDataAndAVisibleBylineVote() throws {
        // No structured date; the shop system's script data and the byline agree.
        let page = """
            <html><head><title>Coffee of the month</title>
            <script>window.product = {"title": "Coffee", "published_at": "2019-03-02T06:22:28+01:00", "price": 1299};</script>
            </head><body><article><h1>Coffee of the month</h1><p class="byline"><span>02.03.2019</span></p>
            <p>A washed coffee from the highlands, roasted light, with notes of apricot and black tea.</p></article></body></html>
            """
        #expect(try document(page).published == Self.day("2019-03-02"))
        // A structured UTC timestamp one day off the date the page shows loses to the page, the URL and the label.
        let shifted = """
            <html><head><meta property="article:published_time" content="2023-11-09T02:30:00Z"></head>
            <body><article><h1>Council meets</h1><p>Published: 8 November 2023</p>
            <p>The council met on Wednesday evening and approved the new reading room for the library.</p></article></body></html>
            """
        #expect(
            try document(shifted, url: "https://example.org/2023/11/08/council").published == Self.day("2023-11-08")
        )
    }

    @Test func encodingsFromDeclarationsAndBytes() throws {
        let body =
            "<html><head>%@<title>Новости</title></head><body><p>Городской архив открыл новый читальный зал для всех жителей.</p></body></html>"
        let declared = try #require(String(format: body, "<meta charset=\"windows-1251\">").data(using: .windowsCP1251))
        #expect(try document(declared).title == "Новости")
        let httpEquiv = try #require(
            String(format: body, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">").data(
                using: .init(rawValue: 0x8000_0A02)
            )
                ?? nil
        )
        #expect(try document(httpEquiv).title == "Новости")
        let undeclared = try #require(String(format: body, "").data(using: .windowsCP1251))
        #expect(try document(undeclared).text.hasPrefix("Городской архив"))
        let wrongDeclaration = Data(String(format: body, "<meta charset=\"iso-8859-1\">").utf8)
        #expect(try document(wrongDeclaration).title == "Новости")
        // Declared UTF-8, but the bytes are not well-formed UTF-8: they are read as the code page they look like.
        let notUTF8 = try #require(String(format: body, "<meta charset=\"utf-8\">").data(using: .windowsCP1251))
        #expect(try document(notUTF8).title == "Новости")
    }

    @Test func malformedInputNeverCrashes() throws {
        // Unclosed tags: a best-effort document.
        let unclosed = try document(
            "<html><body><div><p>First paragraph of text that is long enough to count<div><p>Second one, also long enough to be read"
        )
        #expect(unclosed.text.contains("First paragraph") && unclosed.text.contains("Second one"))
        // 0 bytes and binary garbage: clear errors naming the file.
        let empty = try #require(throws: ArchiveError.self) { try document(Data()) }
        #expect(empty.code == .emptyInput && empty.message.contains("page.html"))
        let binary = try #require(throws: ArchiveError.self) {
            try document(Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 0xFF, 0x00]))
        }
        #expect(binary.code == .undecodableInput && binary.message.contains("page.html"))
        // A stray NUL (a content system's fault) does not make a page binary data; the text goes on after it.
        let stray = try document(
            Data("<html><head><title>Notice</title></head><body><p>Office hours\u{0} change on Monday.</p>".utf8)
                + Data("<p>The reading room stays open.</p></body></html>".utf8)
        )
        #expect(stray.title == "Notice" && stray.text.contains("The reading room stays open."), "\(stray.text)")
        // A page with no text (a script-only app) is still archived, with what metadata it has.
        let app = try document(
            "<html><head><meta name=\"title\" content=\"Engineering | Wevolver\"></head><body><div id=\"root\"></div><script>app()</script></body></html>"
        )
        #expect(app.title == "Engineering" && app.blocks.isEmpty)
    }

    @Test func sniffing() {
        let page = SniffRequest(prefix: Data("\n<!DOCTYPE html><html>".utf8))
        #expect(importer.sniff(page) > 0.9)
        #expect(importer.sniff(SniffRequest(prefix: Data("<div><p>Fragment</p></div>".utf8))) > 0.5)
        #expect(importer.sniff(SniffRequest(prefix: Data("Plain text".utf8))) == 0)
        #expect(importer.sniff(SniffRequest(prefix: Data("{\"a\": 1}".utf8))) == 0)
    }

    @Test func conformance() throws {
        try ImporterConformance(
            importer: importer,
            samples: [
                Data(HTMLFixtures.governmentFactsheet.utf8), Data(HTMLFixtures.kazakhPage.utf8),
                Data(HTMLFixtures.structuredDates.utf8),
            ]
        )
        .run()
    }
}
