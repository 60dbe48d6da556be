import Foundation
import Testing

@testable import ArchiveHTML

/// `HTMLTree.shortText`: the text of a small element, and no answer (after a bounded walk) for a large one.
@Suite struct HTMLTreeShortTextTests {
    func tree(_ html: String) throws -> HTMLTree {
        try HTMLTree(data: Data(html.utf8), encoding: "utf-8", name: "page.html")
    }

    @Test func aSmallElementGivesTheTextOfTheWholeWalk() throws {
        let tree = try tree(
            "<html><body><span>last post by <a href='/m'>ggery</a> <time>Sep 26, 2024</time>"
                + "<script>var later = 1;</script></span></body></html>"
        )
        let span = try #require(tree.elements(named: "span").first)
        #expect(tree.shortText(of: span, limit: 160) == "last post by ggery Sep 26, 2024")
        #expect(tree.shortText(of: span, limit: 160) == tree.text(of: span))
    }

    @Test func anElementOverEitherBudgetGivesNothing() throws {
        let many = (0..<500).map { "<time>soon \($0)</time>" }.joined()
        let tree = try tree(
            "<html><body><div id='box'>\(many)</div><p>\(String(repeating: "word ", count: 100))</p>"
                + "</body></html>"
        )
        let box = try #require(tree.elements(named: "div").first)
        let paragraph = try #require(tree.elements(named: "p").first)
        // More children than the node budget, and more text than the byte budget.
        #expect(tree.shortText(of: box, limit: 1_200, nodes: 120) == nil)
        #expect(tree.shortText(of: paragraph, limit: 160) == nil)
        #expect(tree.shortText(of: paragraph, limit: 1_000) != nil)
    }
}
