import Foundation
import Testing

@testable import ArchiveHTML

/// A page of millions of elements costs no more memory than its text: past the tree's node budget, the text of the
/// rest of the page joins the element open there, in order.
@Suite struct HTMLTreeSizeTests {
    @Test func thePageBeyondTheNodeBudgetKeepsItsTextInOrder() throws {
        let elements = HTMLTreeBuilder.maximumNodes / 2 + 1_000
        var html = "<html><body><p>"
        html.reserveCapacity(elements * 12 + 200)
        for number in 0..<elements { html += "<i>w\(number % 10)</i>" }
        html += "<i>Almost</i> the last words.</p><p>After.</p></body></html>"
        let tree = try HTMLTree(data: Data(html.utf8), encoding: "utf-8", name: "page.html")
        #expect(tree.nodes.count <= HTMLTreeBuilder.maximumNodes + 2, "\(tree.nodes.count) nodes")
        let paragraph = try #require(tree.elements(named: "p").first)
        let text = tree.text(of: paragraph)
        #expect(text.hasPrefix("w0") && text.hasSuffix("Almost the last words."), "\(text.suffix(40))")
        // The second paragraph starts past the budget: its text joins the element open there, the body.
        let body = try #require(tree.elements(named: "body").first)
        #expect(tree.text(of: body).hasSuffix("Almost the last words. After."), "\(tree.text(of: body).suffix(40))")
    }
}
