import ArchiveCore
import Foundation

/// Decides which parts of a page are furniture rather than content: navigation, headers and footers,
/// related-article lists, share widgets, cookie banners, comments.
struct HTMLBoilerplate {
    /// `excluded[i]` is true when node `i` or one of its ancestors is furniture.
    private(set) var excluded: [Bool]

    /// The number of `<p>` elements in each subtree.
    private let paragraphCounts: [Int]

    init(_ tree: HTMLTree) {
        var counts = Array(repeating: 0, count: tree.nodes.count)
        // Nodes are stored in document order, so every child comes after its parent.
        for index in tree.nodes.indices.reversed() {
            if tree[index].name == "p" { counts[index] += 1 }
            if tree[index].parent >= 0 { counts[tree[index].parent] += counts[index] }
        }
        paragraphCounts = counts
        excluded = Array(repeating: false, count: tree.nodes.count)
        for index in tree.nodes.indices {
            let node = tree[index]
            let parent = node.parent
            if parent >= 0, excluded[parent] {
                excluded[index] = true
            } else if !node.isText, Self.isFurniture(node) {
                // A wrapper holding most of the page's paragraphs is the page, whatever its class or style says
                // (and libxml2 may have left an unclosed element around the article).
                excluded[index] = HTMLTree.invisible.contains(node.name) || !holdsMostOfThePage(index)
            }
        }
        excludeAfterChromeHeadings(tree)
    }

    private func holdsMostOfThePage(_ index: Int) -> Bool {
        let total = paragraphCounts[0]
        return total >= 3 && paragraphCounts[index] * 2 > total
    }

    /// A heading such as "Сейчас читают" or "Read also" starts a related list: it and the siblings after it go.
    private mutating func excludeAfterChromeHeadings(_ tree: HTMLTree) {
        for index in tree.nodes.indices where !excluded[index] {
            let node = tree[index]
            guard Self.markerCarriers.contains(node.name) else { continue }
            let text = tree.text(of: index)
            guard text.count <= 40, PageChrome.isMarker(text) else { continue }
            var target = index
            // Climb while the marker is alone in its wrapper (<div><h3>Read also</h3></div><ul>…</ul>).
            while case let parent = tree[target].parent, parent > 0, !["body", "main", "article"].contains(tree[parent].name),
                tree.text(of: parent).count <= text.count + 3
            {
                target = parent
            }
            let siblings = tree[tree[target].parent].children
            guard let position = siblings.firstIndex(of: target) else { continue }
            for sibling in siblings[position...] where !holdsMostOfThePage(sibling) { markSubtree(tree, sibling) }
        }
    }

    private mutating func markSubtree(_ tree: HTMLTree, _ index: Int) {
        excluded[index] = true
        for child in tree[index].children { markSubtree(tree, child) }
    }

    private static let markerCarriers: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "header"]

    static func isFurniture(_ node: HTMLTree.Node) -> Bool {
        if node.name == "html" || node.name == "body" { return false }
        if furnitureElements.contains(node.name) || HTMLTree.invisible.contains(node.name) { return true }
        if node.attribute("hidden") != nil || node.attribute("aria-hidden") == "true" { return true }
        if let role = node.attribute("role"), furnitureRoles.contains(role) { return true }
        if let style = node.attribute("style")?.lowercased().replacingOccurrences(of: " ", with: ""),
            style.contains("display:none") || style.contains("visibility:hidden")
        {
            return true
        }
        let words = words(node)
        guard !words.isDisjoint(with: furnitureNames) else { return false }
        // The article itself is never furniture, whatever else its class says.
        return !(node.name == "article" || node.name == "main" || !words.isDisjoint(with: contentNames))
    }

    private static let furnitureElements: Set<String> = ["nav", "footer", "aside", "dialog", "menu"]
    private static let furnitureRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"]

    /// Class and id words of furniture; pairs are matched joined by "-" and without a separator.
    private static let furnitureNames: Set<String> = [
        "comment", "comments", "disqus", "share", "sharing", "social", "related", "recommend", "recommended",
        "recommendations", "sidebar", "side-bar", "widget", "widgets", "footer", "foot", "nav", "navbar",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "banner", "ad",
        "ads", "adv", "advert", "advertisement", "promo", "sponsor", "sponsored", "newsletter", "subscribe",
        "subscription", "signup", "popup", "modal", "paywall", "outbrain", "taboola", "most-read", "mostread",
        "most-popular", "mostpopular", "popular", "trending", "more-news", "morenews", "read-more", "readmore",
        "also-read", "alsoread", "tags", "tag-list", "taglist", "author-bio", "authorbio", "teaser", "masthead",
        "skip", "toolbar", "pagination", "pager", "rating", "login", "search",
    ]

    /// Class and id words that mark the article body itself.
    private static let contentNames: Set<String> = [
        "article-body", "articlebody", "article-content", "articlecontent", "article-text", "articletext",
        "post-body", "postbody", "post-content", "postcontent", "entry-content", "entrycontent", "story-body",
        "storybody", "story-content", "storycontent", "main-content", "maincontent",
    ]

    /// The words of `class` and `id` attributes, with adjacent pairs joined.
    static func words(_ node: HTMLTree.Node) -> Set<String> {
        let names = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
        var words: Set<String> = []
        for name in names.split(whereSeparator: \.isWhitespace) {
            let parts = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            words.formUnion(parts)
            words.insert(parts.joined())
            for (first, second) in zip(parts, parts.dropFirst()) {
                words.insert(first + "-" + second)
                words.insert(first + second)
            }
        }
        return words
    }
}
