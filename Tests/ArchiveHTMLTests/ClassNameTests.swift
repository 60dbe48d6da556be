import ArchiveCore
import Foundation
import Testing

@testable import ArchiveHTML

/// What the words of a class name say about an element, where they say less than they seem to.
@Suite struct ClassNameTests {
    let paragraphs = MainTextExtractorTests.paragraphs

    func text(_ html: String) throws -> String {
        let request = ImportRequest(data: Data(html.utf8), name: "page.html")
        return try #require(try HTMLImporter().importDocuments(request).first).document.text
    }

    /// A variants table with more text than the description, none of it prose.
    static let variants = (1...12).map {
        "<tr><td>Blue / \($0)0L</td><td>HZD01-MSHB-\($0)0LBLGY</td><td>$39.99/ea</td><td>$0.00</td></tr>"
    }

    /// After "--", a word for how a block is shown ("product--thumbnail_slider") does not make it a slider; a
    /// region's word ("block--footer") still names the region.
    @Test func aModifierThatSaysHowABlockIsShownDoesNotMakeItFurniture() throws {
        let page = """
            <html><body><main><div class="product product--thumbnail_slider"><h1>Trail pack</h1>
            <div class="product__description"><ul>\(paragraphs.map { "<li>\($0)</li>" }.joined())</ul></div></div>
            <table class="quick-order">\(Self.variants.joined())</table>
            <div class="block block--footer"><p>Branch offices are open on weekdays, from nine to five, and on
            Saturday mornings.</p></div></main></body></html>
            """
        let text = try text(page)
        for paragraph in paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Branch offices"))
    }

    /// Inside the article, a block named both as text and as furniture that holds most of the article's text is
    /// the article's body: a newsletter's issue ("rich-text-newsletter").
    @Test func anArticlesTextBlockNamedAsFurnitureIsItsBody() throws {
        let cards = (1...6).map {
            "<div class=\"testimonial-card\"><p>Reader \($0): the most useful email I get each month, with tools I "
                + "use every single day.</p></div>"
        }
        let page = """
            <html><body><main><article class="newsletter-content"><h1>Fitness protocol</h1>
            <div class="rich-text-newsletter">\(paragraphs.map { "<p>\($0)</p>" }.joined())</div></article>
            <section class="testimonials">\(cards.joined())</section></main></body></html>
            """
        let text = try text(page)
        for paragraph in paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Reader 1"))
    }

    /// Square brackets in a class hold a value, not a name: a margin as wide as the sidebar
    /// (`mr-[--sidebar-width]`) does not make the article's header a sidebar.
    @Test func aValueInSquareBracketsDoesNotNameTheElement() throws {
        let page = """
            <html><body><div class="w-full lg:mr-[--sidebar-container-width]"><h1>Private clouds</h1>
            <div class="flex"><span>Published on Oct 21, 2025</span></div></div>
            <div class="prose">\(paragraphs.map { "<p>\($0)</p>" }.joined())</div></body></html>
            """
        let request = ImportRequest(data: Data(page.utf8), name: "page.html")
        let document = try #require(try HTMLImporter().importDocuments(request).first).document
        #expect(document.published == (try ArchiveDate.parse("2025-10-21", field: "test")))
    }
}
