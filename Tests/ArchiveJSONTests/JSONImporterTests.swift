import ArchiveCore
import ArchiveHTML
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveJSON

@Suite struct JSONImporterTests {
    let importer = JSONImporter(html: HTMLImporter())

    func documents(_ json: String) throws -> [ImportedDocument] {
        try importer.importDocuments(ImportRequest(data: Data(json.utf8), name: "feed.json"))
    }

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    @Test func muraDocumentJSONRoundTrips() throws {
        let original = ExporterConformance.fullDocument
        let json = String(decoding: try Document.encoder.encode(original), as: UTF8.self)
        let imported = try #require(try documents(json).first)
        #expect(imported.document == original)
        #expect(imported.original == nil, "a single document keeps the whole input as its original")
    }

    @Test func jsonFeedGivesOneDocumentPerItem() throws {
        let feed = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Press", "language": "ru",
             "authors": [{"name": "Press office"}],
             "items": [
               {"id": "1", "url": "https://example.org/1", "title": "Первая", "content_html": "<p>Первый <b>текст</b> новости.</p><p>Второй абзац.</p>",
                "date_published": "2024-05-01T09:00:00+05:00", "date_modified": "2024-05-02T10:00:00Z"},
               {"id": "urn:2", "title": "Second", "content_text": "Plain body.\\n\\nSecond paragraph.", "language": "en",
                "authors": [{"name": "Aigerim"}]}
             ]}
            """
        let items = try documents(feed)
        #expect(items.count == 2)
        let first = items[0].document
        #expect(first.source == "https://example.org/1")
        #expect(first.title == "Первая")
        #expect(first.text == "Первый текст новости.\n\nВторой абзац.")
        #expect(first.published == Self.day("2024-05-01"))
        #expect(first.updated == Self.day("2024-05-02"))
        #expect(first.language == "ru")
        #expect(first.authors == ["Press office"])
        let second = items[1].document
        #expect(second.id == "urn:2" && second.source == nil)
        #expect(second.blocks.map(\.text) == ["Plain body.", "Second paragraph."])
        #expect(second.authors == ["Aigerim"] && second.language == "en")
        // Each item keeps its own JSON as its original, so one changed item does not version the others.
        let original = try #require(items[1].original)
        let object = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        #expect(object["id"] as? String == "urn:2")
    }

    @Test func wordpressPosts() throws {
        let posts = """
            [{"id": 7, "link": "https://blog.example.org/2024/05/heritage-week/", "date_gmt": "2024-05-01T04:00:00",
              "modified_gmt": "2024-05-03T08:00:00", "title": {"rendered": "Heritage&#8217;s week &amp; more"},
              "content": {"rendered": "<p>The museum opens its <a href=\\"https://example.org/rooms\\">archive rooms</a>.</p>\\n<ul><li>Monday</li><li>Friday</li></ul>"}},
             {"id": 8, "title": {"rendered": "Draft"}, "content": {"rendered": ""}, "date": "2024-06-01T10:00:00"}]
            """
        let items = try documents(posts)
        #expect(items.count == 2)
        let post = items[0].document
        #expect(post.title == "Heritage’s week & more")
        #expect(post.source == "https://blog.example.org/2024/05/heritage-week/")
        #expect(post.published == Self.day("2024-05-01") && post.updated == Self.day("2024-05-03"))
        #expect(
            post.blocks == [
                .init(.paragraph, "The museum opens its archive rooms."), .init(.listItem, "Monday"),
                .init(.listItem, "Friday"),
            ]
        )
        #expect(post.links == [.init(url: "https://example.org/rooms", text: "archive rooms")])
        #expect(items[1].document.id == "wordpress/8")
    }

    @Test func schemaOrgNewsArticle() throws {
        let article = """
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "Example"},
              {"@type": "NewsArticle", "headline": "Жаңа оқу залы ашылды", "inLanguage": "kk",
               "datePublished": "2024-03-20", "dateModified": "2024-03-21T12:00:00+06:00",
               "author": {"@type": "Person", "name": "Айгерім"}, "mainEntityOfPage": {"@id": "https://example.kz/news/1"},
               "articleBody": "Ұлттық кітапхана жаңа оқу залын ашты.\\nЗал күн сайын жұмыс істейді."}]}
            """
        let document = try #require(try documents(article).first).document
        #expect(document.title == "Жаңа оқу залы ашылды")
        #expect(document.source == "https://example.kz/news/1")
        #expect(document.published == Self.day("2024-03-20") && document.updated == Self.day("2024-03-21"))
        #expect(document.authors == ["Айгерім"] && document.language == "kk")
        #expect(document.blocks.count == 2)
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let error = try #require(throws: ArchiveError.self) { try documents("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}") }
        #expect(error.code == .undecodableInput)
        #expect(error.message.contains("feed.json") && error.message.contains("line 3, column 14"))
    }

    /// Foundation's parser gives no place for some errors; the message still names one.
    @Test(arguments: [
        ("{\"title\": \"Budget\", \"text\": \"abc", "line 1, column 33", "end of the input"),
        ("{\n  \"items\": [1, 2", "line 2, column 17", "end of the input"),
        ("[[[[", "line 1, column 5", "end of the input"),
        ("{\"a\":\n  tru}", "line 2, column 6", "Unexpected '}'"),
        ("{\"a\": 1e999}", "line 1, column 7", "1e999"),
        ("{\"a\":\n \"x\\ud800\"}", "line 2, column 4", "surrogate"),
        ("{\"a\": 01}", "line 1, column 8", "leading zero"),
    ])
    func everyJSONErrorNamesLineAndColumn(input: String, place: String, reason: String) throws {
        let error = try #require(throws: ArchiveError.self) { try documents(input) }
        #expect(error.code == .undecodableInput)
        #expect(error.message.contains(place) && error.message.contains(reason), "\(error.message)")
        #expect(!error.message.contains(".."), "\(error.message)")
    }

    @Test func theSyntaxScannerAcceptsValidJSONAndPointsAtTheFirstWrongByte() {
        for valid in ["{}", "[]", "{\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"]}", " \"x\" ", "0"] {
            #expect(JSONSyntax.firstError(in: Array(valid.utf8)) == nil, "\(valid)")
        }
        #expect(JSONSyntax.firstError(in: Array("[1,]".utf8)) == 3)
        #expect(JSONSyntax.firstError(in: Array("{\"a\" 1}".utf8)) == 5)
        #expect(JSONSyntax.firstError(in: Array("[1] x".utf8)) == 4)
        #expect(JSONSyntax.firstError(in: Array(String(repeating: "[", count: 100_000).utf8)) == 100_000)
    }

    @Test func unrecognisedJSONSaysWhichFormsAreRead() throws {
        let error = try #require(throws: ArchiveError.self) { try documents("{\"temperature\": 21}") }
        #expect(error.message.contains("JSON Feed") && error.message.contains("WordPress"))
        let empty = try #require(throws: ArchiveError.self) { try documents("[]") }
        #expect(empty.code == .emptyInput)
    }

    @Test func sniffing() {
        #expect(importer.sniff(SniffRequest(prefix: Data("  {\"version\": \"x\"}".utf8))) > 0.9)
        #expect(importer.sniff(SniffRequest(prefix: Data("[{\"id\": 1, \"tit".utf8))) > 0.5)
        #expect(importer.sniff(SniffRequest(prefix: Data("<html>".utf8))) == 0)
    }

    @Test func conformance() throws {
        try ImporterConformance(
            importer: importer,
            samples: [
                try Document.encoder.encode(ExporterConformance.fullDocument),
                Data(
                    #"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "content_text": "Text."}]}"#
                        .utf8
                ),
            ]
        )
        .run()
    }
}
