import ArchiveCore
import Foundation
import Testing

@testable import ArchiveHTML

/// Attributes named with `@` (Alpine.js, Vue) whose value holds `>` no longer spill into the page's text.
@Suite struct HTMLAttributeNamesTests {
    static let page = """
        <!doctype html><html><head><title>Library hours</title></head><body><nav><a href="/">Home</a></nav>
        <main><article><h1>Library hours</h1>
        <div @click="count > 0 && open()" class="body"><p>The council met on Tuesday and decided to extend the
        opening hours of the city library through the summer months.</p>
        <p>Residents welcomed the decision, which follows a petition signed by more than two thousand people.</p>
        </div></article></main><footer>Footer</footer></body></html>
        """

    @Test func aHandlerWhoseValueHoldsAGreaterThanSignStaysOutOfTheText() throws {
        let document = try #require(
            try HTMLImporter().importDocuments(ImportRequest(data: Data(Self.page.utf8), name: "page.html")).first
        ).document
        #expect(document.text.contains("The council met on Tuesday"))
        #expect(!document.text.contains("open()"), "\(document.text)")
        #expect(!document.text.contains("class="), "\(document.text)")
    }

    /// libxml2 compares each attribute of a tag with all before it: past the most read, a tag's attributes are
    /// spaces, byte for byte, and the page reads as before.
    @Test func aTagOfThousandsOfAttributesIsCutToTheMostRead() throws {
        let attributes = (0..<3_000).map { "a\($0)=\"x > y\"" }.joined(separator: " ")
        let page = "<html><body><p class=\"lead\" \(attributes)>The text after the crowded tag.</p></body></html>"
        let repaired = HTMLAttributeNames.parseable(Data(page.utf8))
        #expect(repaired.count == page.utf8.count)
        let text = String(decoding: repaired, as: UTF8.self)
        #expect(text.contains("a998=\"x > y\"") && !text.contains("a999=") && !text.contains("a2999="))
        #expect(text.contains("class=\"lead\"") && text.contains(" >The text after the crowded tag.</p>"))
        let document = try #require(
            try HTMLImporter().importDocuments(ImportRequest(data: Data(page.utf8), name: "page.html")).first
        ).document
        #expect(document.text == "The text after the crowded tag.")
    }

    @Test func onlyTheAtSignOfAnAttributeNameChanges() {
        let page = Data(Self.page.utf8)
        let repaired = HTMLAttributeNames.parseable(page)
        #expect(repaired.count == page.count)
        let changed = zip(page, repaired).enumerated().filter { $0.element.0 != $0.element.1 }
        #expect(changed.count == 1)
        #expect(changed.first?.element.0 == UInt8(ascii: "@") && changed.first?.element.1 == UInt8(ascii: "_"))
    }

    @Test func textScriptsCommentsAndValuesKeepTheirAtSigns() {
        let pages = [
            "<p>Write to us @ the office, or @press.</p>",
            "<script>if (a <b @c) { x = \"<div @click='1'>\" }</script><p>Text</p>",
            "<!-- <div @click=\"a > b\"> --><p>Text</p>",
            "<a title=\"say @hello\" href=\"mailto:a@b.kz\">mail</a>",
            "<style>p { @media screen { color: red } }</style>",
        ]
        for page in pages {
            let data = Data(page.utf8)
            #expect(HTMLAttributeNames.parseable(data) == data, "\(page)")
        }
    }
}
