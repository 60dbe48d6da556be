import ArchiveCore
import Foundation

/// Decides which parts of a page are furniture rather than content: navigation, headers and footers,
/// related-article lists, share widgets, cookie banners, comments.
struct HTMLBoilerplate {
    /// `excluded[i]` is true when node `i` or one of its ancestors is furniture.
    private(set) var excluded: [Bool]

    /// The length of the visible text in each subtree.
    private let textLengths: [Int]
    /// Whether each subtree holds an element marked as the article body (`<article>`, `articleBody`, `post-content`).
    private let holdsArticle: [Bool]
    /// The number of `<p>` elements in each subtree.
    private let paragraphCounts: [Int]

    init(_ tree: HTMLTree) {
        var lengths = Array(repeating: 0, count: tree.nodes.count)
        var article = Array(repeating: false, count: tree.nodes.count)
        var paragraphs = Array(repeating: 0, count: tree.nodes.count)
        // Nodes are stored in document order, so every child comes after its parent.
        for index in tree.nodes.indices.reversed() {
            let node = tree[index]
            if node.isText {
                lengths[index] = node.text.count
            } else if HTMLTree.invisible.contains(node.name) {
                lengths[index] = 0
            } else if Self.marksArticle(node) {
                article[index] = true
            }
            if node.name == "p" { paragraphs[index] += 1 }
            if node.parent >= 0 {
                paragraphs[node.parent] += paragraphs[index]
                lengths[node.parent] += lengths[index]
                article[node.parent] = article[node.parent] || article[index]
            }
        }
        textLengths = lengths
        holdsArticle = article
        paragraphCounts = paragraphs
        excluded = Array(repeating: false, count: tree.nodes.count)
        for index in tree.nodes.indices {
            let node = tree[index]
            let parent = node.parent
            if parent >= 0, excluded[parent] {
                excluded[index] = true
            } else if !node.isText, Self.isFurniture(node) {
                excluded[index] = HTMLTree.invisible.contains(node.name) || !isPageWrapper(index)
            }
        }
        excludeAfterChromeHeadings(tree)
    }

    /// A wrapper that holds the article, or most of the page's text, is the page, whatever its class or style
    /// says (and libxml2 may have left an unclosed element around the article).
    private func isPageWrapper(_ index: Int) -> Bool {
        let total = textLengths[0]
        let paragraphs = paragraphCounts[0]
        return holdsArticle[index] || (total >= 500 && textLengths[index] * 2 > total)
            || (paragraphs >= 3 && paragraphCounts[index] * 2 > paragraphs)
    }

    private static func marksArticle(_ node: HTMLTree.Node) -> Bool {
        node.name == "article" || node.attribute("itemprop")?.lowercased() == "articlebody"
            || !words(node).isDisjoint(with: contentNames)
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
            while case let parent = tree[target].parent, parent > 0,
                !["body", "main", "article"].contains(tree[parent].name),
                tree.text(of: parent).count <= text.count + 3
            {
                target = parent
            }
            guard PageChrome.startsList(text) else {
                markSubtree(tree, target)
                continue
            }
            let siblings = tree[tree[target].parent].children
            guard let position = siblings.firstIndex(of: target) else { continue }
            for sibling in siblings[position...] where !isPageWrapper(sibling) {
                if ProcessInfo.processInfo.environment["MURA_DEBUG"] != nil {
                    FileHandle.standardError.write(
                        Data(
                            "marker '\(text)' excludes \(tree[sibling].name) \(tree[sibling].attributes.prefix(2))\n"
                                .utf8
                        )
                    )
                }
                markSubtree(tree, sibling)
            }
        }
    }

    private mutating func markSubtree(_ tree: HTMLTree, _ index: Int) {
        excluded[index] = true
        for child in tree[index].children { markSubtree(tree, child) }
    }

    private static let markerCarriers: Set<String> = [
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "header",
    ]

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
    private static let furnitureRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert",
    ]

    /// Class and id words of furniture; pairs are matched joined by "-" and without a separator.
    private static let furnitureNames: Set<String> = [
        "comment", "comments", "disqus", "share", "sharing", "social", "related", "recommend", "recommended",
        "recommendations", "sidebar", "side-bar", "widget", "widgets", "footer", "foot", "nav", "navbar",
        "navigation", "menu", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "banner", "ad",
        "ads", "adv", "advert", "advertisement", "promo", "sponsor", "sponsored", "newsletter", "subscribe",
        "subscription", "signup", "popup", "modal", "outbrain", "taboola", "most-read", "mostread",
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
