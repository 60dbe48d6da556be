import Foundation
import Testing

/// What page builders print around the text: the same box twice, sections named as banners.
@Suite struct MainTextPageBuilderTests {
    static let paragraphs = MainTextExtractorTests.paragraphs

    /// A box the page prints twice (for two screen sizes) is read once; a table's rows, a list's items and a few
    /// words may repeat.
    @Test func theSameBlockPrintedTwiceIsReadOnce() throws {
        let box = "<div class=\"deals\"><p>Get the editors' selected deals texted right to your phone!</p></div>"
        let rows = String(repeating: "<tr><td>Yes, with a fee</td><td>Yes, with a fee</td></tr>", count: 2)
        let items = String(repeating: "<li>Two cups of plain white flour</li>", count: 2)
        let page = """
            <html><body><article><h1>A laptop on sale</h1>\(box)<p>\(Self.paragraphs[0])</p><p>Read the review.</p>
            <p>\(Self.paragraphs[1])</p><p>Read the review.</p><table>\(rows)</table><ul>\(items)</ul>
            <p>\(Self.paragraphs[2])</p>\(box)<p>\(Self.paragraphs[3])</p></article></body></html>
            """
        let text = try mainText(of: page)
        #expect(text.components(separatedBy: "texted right to your phone").count == 2)
        #expect(text.components(separatedBy: "Read the review.").count == 3)
        #expect(text.components(separatedBy: "Yes, with a fee").count == 5)
        #expect(text.components(separatedBy: "Two cups of plain white flour").count == 3)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
    }

    /// A page builder names each section with a picture behind it a "banner": such sections that hold paragraphs of
    /// prose are the page's text, as a banner of a line or two over a picture is not.
    @Test func bannersThatHoldParagraphsOfProseAreText() throws {
        let prose = Self.paragraphs.map { "<p>\($0) \($0) \($0)</p>" }.joined()
        let page = """
            <html><body><div class="banner"><p>Spring sale: everything for your home gym at half price</p></div>
            <div id="content"><h1>Short-term rentals</h1><div class="intro"><p>Rent the equipment for a film shoot, \
            a trade fair or a week of training, delivered and set up.</p><p>Our staff have set up gyms for twenty \
            years, in studios, hotels and offices, and know what each event needs.</p><p>Ask for a quote: we answer within a day, with prices for every \
            week of the rental.</p></div>
            <div class="banner has-hover"><div class="banner-layers">\(prose)</div></div></div>
            <footer>\(String(repeating: "<p>\(String(repeating: "Opening hours and the ways to reach us. ", count: 14))</p>", count: 5))
            </footer></body></html>
            """
        let text = try mainText(of: page)
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Spring sale"))
    }
}
