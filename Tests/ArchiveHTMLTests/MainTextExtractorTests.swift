import ArchiveCore
import ArchiveHTML
import Foundation
import Testing

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
}
