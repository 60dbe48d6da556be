import ArchiveCore
import ArchiveText
import Foundation

/// Decides which parts of a page are not the article.
///
/// Two levels: *furniture* (navigation, share widgets, tag lists, banners, and everything foreign) is left out of
/// the main text; *foreign* regions (related-article lists, comments, sidebars, footers) belong to other
/// publications, so their dates are never taken for this page's dates either.
struct HTMLBoilerplate {
    /// `excluded[i]`: node `i` is furniture or inside furniture.
    private(set) var excluded: [Bool]
    /// `foreign[i]`: node `i` is inside a region about other content.
    private(set) var foreign: [Bool]

    /// The length of the visible text in each subtree.
    private let textLengths: [Int]
    /// The length of that text inside links (`<a>`), in each subtree.
    private let linkedLengths: [Int]
    /// Whether each subtree holds an element marked as the article body (`<article>`, `articleBody`, `post-content`).
    private let holdsArticle: [Bool]
    /// Whether each element is, holds or lies inside the page's main region (`<main>`, `role="main"`).
    private let nearMain: [Bool]
    /// The most text (UTF-8 bytes) a main region of the page holds.
    private let mainText: Int
    /// The number of `<p>` elements in each subtree.
    private let paragraphCounts: [Int]
    /// Whether each element is a cookie or consent notice, or named as navigation and mostly links (a shop's menu of
    /// every department): never the page's wrapper, however much text it holds.
    private let neverWrappers: [Bool]
    /// How much of the page's text (UTF-8 bytes) is left out only because of `class` and `id` words.
    private(set) var excludedByName = 0
    /// The outermost elements left out only because of a page builder's word for any block ("widget") in their
    /// `class` or `id`.
    private var builderBlocks: [Int] = []
    /// How much text (UTF-8 bytes) elements left out only because their `class` or `id` names comments hold.
    private(set) var textInComments = 0

    /// How much text (UTF-8 bytes) elements named with a page builder's words left out inside the given elements.
    func textInBuilderBlocks(under roots: [Int], in tree: HTMLTree) -> Int {
        let roots = Set(roots)
        return builderBlocks.reduce(0) { sum, index in
            var current = tree[index].parent
            while current > 0 {
                if roots.contains(current) { return sum + textLengths[index] }
                current = tree[current].parent
            }
            return sum
        }
    }

    /// Whether `class` and `id` words left out most of the page's text: then they are the words of a page
    /// builder that wraps every block in a "widget" or "module", not marks of furniture, and the page reads better
    /// without them (`HTMLBoilerplate(tree, readingNames: false)`).
    var namesHideMostText: Bool {
        textLengths[0] >= 1_000 && (excludedByName * 5 > textLengths[0] * 3 || excludedByName > keptText * 2)
    }
    /// How much of the page's text (UTF-8 bytes) is left in: compared with what names left out, it tells a page
    /// builder's words apart when the page also has a long footer or menu that its element names leave out.
    private(set) var keptText = 0

    /// - Parameter readingNames: Whether `class` and `id` words mark furniture and foreign regions (the element
    ///   names, roles and hiding attributes always do).
    /// - Parameter readingBuilderWords: Whether a page builder's words for any block ("widget") count among them.
    /// - Parameter readingCommentWords: Whether the words that name comments count among them.
    init(
        _ tree: HTMLTree,
        readingNames: Bool = true,
        readingBuilderWords: Bool = true,
        readingCommentWords: Bool = true
    ) {
        let count = tree.nodes.count
        var lengths = Array(repeating: 0, count: count)
        var article = Array(repeating: false, count: count)
        var ownArticle = Array(repeating: false, count: count)
        var main = Array(repeating: false, count: count)
        var mainText = 0
        var paragraphs = Array(repeating: 0, count: count)
        var neverWrappers = Array(repeating: false, count: count)
        var linked = Array(repeating: 0, count: count)
        var holdsEntry = Array(repeating: false, count: count)
        var namedNavigation: [Int] = []
        var proseNames: Set<String> = []
        let panels = (controlled: tree.controlledIDs, tabs: tree.tabPanelIDs)
        var kinds = Array(repeating: Kind.content, count: count)
        var nameCache = NameFlags.Cache(
            skippedWords: (readingBuilderWords ? [] : NameFlags.builderWords)
                + (readingCommentWords ? [] : NameFlags.commentWords)
        )
        var builderCache = NameFlags.Cache(skippedWords: NameFlags.builderWords)
        var commentCache = NameFlags.Cache(skippedWords: NameFlags.commentWords)
        // Nodes are stored in document order, so every child comes after its parent.
        for index in tree.nodes.indices.reversed() {
            if tree[index].isText {
                lengths[index] = tree[index].text.utf8.count
            } else if tree[index].isInvisible {
                lengths[index] = 0
                linked[index] = 0
                kinds[index] = .furniture
            } else {
                // Read once for all the tests below: passed to each of them, `tree[index]` was copied for each call.
                let node = tree[index]
                var names = NameFlags.cached(node, in: &nameCache)
                if !readingNames { names.ignoreRegions() }
                // A teaser of another article (a short <article> in a list) is not the article the page is about.
                let marksArticle = Self.marksArticle(node, names: names) && lengths[index] >= Self.shortestArticle
                article[index] = article[index] || marksArticle
                // An article named as foreign (a comment marked as an `<article>`) is not the page's.
                ownArticle[index] = marksArticle && !names.foreign
                kinds[index] = Self.classify(node, names: names, panels: panels)
                // A form the reader fills in (a search, a sign-up, a contact or an order form) is furniture: it
                // holds labels and choices, not the page's text.
                if node.name == "form", holdsEntry[index], kinds[index] == .content { kinds[index] = .furniture }
                if Self.isMainRegion(node), !node.isHidden {
                    main[index] = true
                    mainText = max(mainText, lengths[index])
                }
                if node.name == "a" { linked[index] = lengths[index] }
                let navigation =
                    names.onlyNavigation || node.name == "nav" || node.attribute("role") == "navigation"
                // A post's wrapper may carry its category's word ("category-cookies"): it holds the article.
                neverWrappers[index] =
                    (names.consent && !article[index]) || (navigation && linked[index] * 2 > lengths[index])
                if kinds[index] == .furniture, names.onlyNavigation,
                    Self.classify(node, names: .none, panels: panels) == .content
                {
                    namedNavigation.append(index)
                    if paragraphs[index] >= 3, lengths[index] - linked[index] >= 1_000, linked[index] < 300 {
                        proseNames.insert(Self.navigationKey(node))
                    }
                }
            }
            if tree[index].name == "p" { paragraphs[index] += 1 }
            if Self.isEntry(tree[index]) { holdsEntry[index] = true }
            if tree[index].parent >= 0 {
                paragraphs[tree[index].parent] += paragraphs[index]
                linked[tree[index].parent] += linked[index]
                lengths[tree[index].parent] += lengths[index]
                article[tree[index].parent] = article[tree[index].parent] || article[index]
                holdsEntry[tree[index].parent] = holdsEntry[tree[index].parent] || holdsEntry[index]
                main[tree[index].parent] = main[tree[index].parent] || main[index]
            }
        }
        // Navigation is links: where an element that only a navigation word marks holds paragraphs of prose
        // outside links ("content-nav-section", a table of contents' targets), the name is misleading, and every
        // element of that class that is mostly not links is content.
        for index in namedNavigation
        where linked[index] * 2 <= lengths[index] && proseNames.contains(Self.navigationKey(tree[index])) {
            kinds[index] = .content
        }
        textLengths = lengths
        linkedLengths = linked
        holdsArticle = article
        // Inside the main region too: every element under a main element.
        var insideMain = Array(repeating: false, count: count)
        for index in tree.nodes.indices where tree[index].parent >= 0 {
            let parent = tree[index].parent
            insideMain[index] = insideMain[parent] || Self.isMainRegion(tree[parent])
        }
        nearMain = zip(main, insideMain).map { $0 || $1 }
        self.mainText = mainText
        paragraphCounts = paragraphs
        self.neverWrappers = neverWrappers
        excluded = Array(repeating: false, count: count)
        foreign = Array(repeating: false, count: count)
        var insideCode = Array(repeating: false, count: count)
        // The text length of the nearest element around each one that marks the article, 0 outside any.
        var articleText = Array(repeating: 0, count: count)
        for index in tree.nodes.indices {
            let parent = tree[index].parent
            if parent >= 0 {
                excluded[index] = excluded[parent]
                foreign[index] = foreign[parent]
                insideCode[index] = insideCode[parent] || Self.codeElements.contains(tree[parent].name)
                articleText[index] = ownArticle[parent] ? textLengths[parent] : articleText[parent]
            }
            guard !tree[index].isText else { continue }
            var kind = kinds[index]
            guard kind != .content else { continue }
            // A highlighter's tokens in code ("hljs-comment", "token tag") are the code, whatever their class says.
            if insideCode[index], Self.classify(tree[index], names: .none, panels: panels) == .content { continue }
            // An article's own footer (byline, date, tags), or a small aside in it with the same facts, is furniture
            // for the text but not foreign to the page.
            if kind == .foreign, tree[index].name != "nav", insideArticle(tree, index),
                tree[index].name != "aside" || (textLengths[index] <= 2_000 && tree.text(of: index).utf8.count <= 300)
            {
                kind = .furniture
            }
            // Inside furniture, a region about other content (a slider in a promotion box) is still foreign.
            if excluded[index] {
                foreign[index] = foreign[index] || kind == .foreign
                continue
            }
            // Inside an element marked as the article, a block whose name says it is text as well as furniture, and
            // that holds most of the article's text ("rich-text-newsletter": a newsletter's issue), is its body. A
            // page builder's blocks ("widget_text") are read by their own rule below.
            if kind == .furniture, !tree[index].isInvisible, articleText[index] > 0,
                textLengths[index] * 2 > articleText[index], NameFlags(tree[index]).positive,
                Self.classify(tree[index], names: .none, panels: panels) == .content,
                Self.classify(tree[index], names: NameFlags.cached(tree[index], in: &builderCache), panels: panels)
                    != .content
            {
                continue
            }
            // A wrapper holding the article or most of the page is the page, whatever its class or style says
            // (and libxml2 may have left an unclosed element around the article).
            if tree[index].isInvisible || !isPageWrapper(index, region: Self.isPageRegion(tree[index])) {
                excluded[index] = true
                foreign[index] = foreign[index] || kind == .foreign
                if readingNames, Self.classify(tree[index], names: .none, panels: panels) == .content,
                    tree[index].name != "form" || !holdsEntry[index]
                {
                    excludedByName += textLengths[index]
                    // Left out only because of a page builder's word, or a word for comments: without those
                    // words it is content.
                    func isContent(skipping cache: inout NameFlags.Cache) -> Bool {
                        let names = NameFlags.cached(tree[index], in: &cache)
                        return Self.classify(tree[index], names: names, panels: panels) == .content
                    }
                    if readingBuilderWords, isContent(skipping: &builderCache) { builderBlocks.append(index) }
                    if readingCommentWords, isContent(skipping: &commentCache) {
                        textInComments += textLengths[index]
                    }
                }
            }
        }
        excludeAfterChromeHeadings(tree)
        keptText = tree.nodes.indices.reduce(0) { sum, index in
            tree[index].isText && !excluded[index] ? sum + textLengths[index] : sum
        }
    }

    /// The least text (UTF-8 bytes) a page's main region holds for the page to be that region and what wraps it.
    private static let leastMainRegion = 1_000

    private func insideArticle(_ tree: HTMLTree, _ index: Int) -> Bool {
        var current = tree[index].parent
        while current > 0 {
            if tree[current].name == "article" { return true }
            current = tree[current].parent
        }
        return false
    }

    /// Whether an element left out by its kind is the page's wrapper all the same: it holds the article, most of the
    /// page's text or most of its paragraphs. A region its element or role names (a footer, a navigation, a banner)
    /// is not the page only because it holds most of the text: a page whose content a script loads holds little else
    /// than its footer's menus and notices, and a site's menu of every department, with a summary under each, may
    /// hold more text than the page itself; neither is its text.
    private func isPageWrapper(_ index: Int, region: Bool = false) -> Bool {
        guard !neverWrappers[index] else { return false }
        // A page that marks its main region with text of its own: a region beside it (a footer of small print) is
        // not the page, however much text it holds.
        if !nearMain[index], mainText >= Self.leastMainRegion { return holdsArticle[index] }
        let total = textLengths[0]
        let paragraphs = paragraphCounts[0]
        return holdsArticle[index] || (!region && total >= 500 && textLengths[index] * 2 > total)
            || (paragraphs >= 3 && paragraphCounts[index] * 2 > paragraphs)
    }

    /// A region of the page around its content, named as such by its element or role: its footer (`<footer>`,
    /// `role="contentinfo"`), its navigation (`<nav>`, `role="navigation"`) or its banner (`role="banner"`).
    private static func isPageRegion(_ node: HTMLTree.Node) -> Bool {
        if node.name == "footer" || node.name == "nav" { return true }
        guard let role = node.attribute("role") else { return false }
        return role == "contentinfo" || role == "navigation" || role == "banner"
    }

    /// Whether the element marks the page's main region: `<main>`, or `role="main"`.
    static func isMainRegion(_ node: HTMLTree.Node) -> Bool {
        node.name == "main" || node.attribute("role") == "main"
    }

    private static func marksArticle(_ node: HTMLTree.Node, names: NameFlags) -> Bool {
        node.name == "article" || names.content || node.attribute("itemprop")?.lowercased() == "articlebody"
    }

    /// A heading such as "Сейчас читают" or "Read also" starts a related list: it and the siblings after it are
    /// foreign. A widget label such as "Share" takes only its own wrapper out of the text.
    private mutating func excludeAfterChromeHeadings(_ tree: HTMLTree) {
        for index in tree.nodes.indices where !excluded[index] {
            // Markers are short: skip long subtrees before building their text.
            guard textLengths[index] <= 160, textLengths[index] > 0, Self.markerCarriers.contains(tree[index].name),
                let first = tree.firstScalar(of: index, skipping: { $0.isSpace || PageChrome.isSkippedAtStart($0) }),
                PageChrome.mayStartMarker(first)
            else { continue }
            let text = tree.text(of: index)
            guard text.characterCount <= 40, PageChrome.isMarker(text) else { continue }
            var target = index
            // Climb while the wrapper holds nothing but the marker (<div><h3>Read also</h3></div><ul>…</ul>).
            while case let parent = tree[target].parent, parent > 0,
                !["body", "main", "article"].contains(tree[parent].name), textLengths[parent] <= 300,
                tree.text(of: parent).characterCount <= text.characterCount + 3
            {
                target = parent
            }
            guard PageChrome.startsList(text) else {
                mark(tree, target, foreign: false)
                continue
            }
            let siblings = tree[tree[target].parent].children
            guard let position = siblings.firstIndex(of: target) else { continue }
            let rank = Self.headingRank(tree[index].name) ?? Self.headingRank(tree[target].name)
            for sibling in siblings[position...] where !isPageWrapper(sibling) {
                // A related box set inside the article ends where the article goes on: at a rule, or at a
                // heading of the marker's rank or above that is not itself a link or a marker.
                if sibling != target, endsRelatedList(tree, at: sibling, markerRank: rank) { break }
                mark(tree, sibling, foreign: true)
            }
        }
    }

    /// The rank of a heading element (1 for `h1`), or nil for any other element.
    private static func headingRank(_ name: String) -> Int? {
        guard name.utf8.count == 2, name.hasPrefix("h"), let digit = Int(name.dropFirst()), (1...6).contains(digit)
        else { return nil }
        return digit
    }

    /// Whether `index`, a sibling after a related list's marker, starts the article's next part: a thematic break
    /// (`<hr>`), or a heading that outranks or matches the marker's (any heading after a marker that is not one),
    /// has text outside links, and is not a marker itself.
    private func endsRelatedList(_ tree: HTMLTree, at index: Int, markerRank: Int?) -> Bool {
        if tree[index].name == "hr" { return true }
        guard let rank = Self.headingRank(tree[index].name), rank <= markerRank ?? 6, textLengths[index] > 0,
            linkedLengths[index] * 2 < textLengths[index]
        else { return false }
        return !PageChrome.isMarker(tree.text(of: index))
    }

    private mutating func mark(_ tree: HTMLTree, _ index: Int, foreign isForeign: Bool) {
        excluded[index] = true
        if isForeign { foreign[index] = true }
        for child in tree[index].children { mark(tree, child, foreign: isForeign) }
    }

    private static let markerCarriers: Set<String> = [
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "header",
    ]

    enum Kind {
        case content
        case furniture
        case foreign
    }

    /// What an element is by its name and attributes alone.
    ///
    /// A panel that opens on a click (an accordion's or a tab's, `role="tabpanel"` or `"region"` or named by a
    /// control's `aria-controls`) is content while collapsed: the reader opens it, and the page has it for them.
    static func classify(
        _ node: HTMLTree.Node,
        names: NameFlags,
        panels: (controlled: Set<String>, tabs: Set<String>)
    ) -> Kind {
        if node.name == "html" || node.name == "body" { return .content }
        if foreignElements.contains(node.name) { return .foreign }
        if node.isInvisible || furnitureElements.contains(node.name) { return .furniture }
        // One pass over the attributes; the first of each name counts, as `attribute(_:)` reads it.
        var hidden = false
        var ariaHidden: String?
        var role: String?
        var style: String?
        for attribute in node.attributes {
            switch attribute.name {
            case "hidden": hidden = true
            case "aria-hidden": ariaHidden = ariaHidden ?? attribute.value
            case "role": role = role ?? attribute.value
            case "style": style = style ?? attribute.value
            default: break
            }
        }
        let id = node.attribute("id")
        let controlled = id.map(panels.controlled.contains) == true
        let panel = role == "tabpanel" || role == "region" || controlled
        // A panel that a control opens and that says it is a panel (or that a tab opens) is closed, not hidden from
        // every reader, when marked `aria-hidden`; a menu or a drawer that a button opens stays out.
        let closed = controlled && (role == "tabpanel" || role == "region" || id.map(panels.tabs.contains) == true)
        if (ariaHidden == "true" && !closed) || (hidden && !panel) { return .furniture }
        if let role {
            if foreignRoles.contains(role) { return .foreign }
            if furnitureRoles.contains(role) { return .furniture }
        }
        if let style, !panel, Self.hides(style) { return .furniture }
        guard names.furniture || names.foreign else { return .content }
        // The article itself is never furniture, whatever else its class says.
        if node.name == "article" || node.name == "main" || names.content { return .content }
        return names.foreign ? .foreign : .furniture
    }

    /// Whether an inline style hides the element (`display: none`, `visibility:hidden`), spaces and case aside.
    private static func hides(_ style: String) -> Bool {
        var folded: [UInt8] = []
        folded.reserveCapacity(style.utf8.count)
        for byte in style.utf8 where byte != 0x20 {
            folded.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        }
        let text = String(decoding: folded, as: UTF8.self)
        return text.containsBytes("display:none") || text.containsBytes("visibility:hidden")
    }

    private static let foreignElements: Set<String> = ["footer", "aside", "nav"]
    private static let codeElements: Set<String> = ["pre", "code"]
    private static let furnitureElements: Set<String> = ["dialog", "menu"]
    private static let foreignRoles: Set<String> = ["contentinfo", "complementary", "navigation"]
    private static let furnitureRoles: Set<String> = ["banner", "search", "dialog", "alert"]

    /// What groups elements named as navigation: their class, or for an element without one, its own id.
    private static func navigationKey(_ node: HTMLTree.Node) -> String {
        if let name = node.attribute("class"), !name.isEmpty { return name }
        return "#" + (node.attribute("id") ?? "")
    }

    /// Whether the element is a field the reader types or picks a value in: a text box of any kind (a name, an
    /// address, a number, a search), a drop-down list or a text area. Radio buttons, check boxes and hidden fields
    /// are not: a calculator's or a thread's form holds them around its text.
    private static func isEntry(_ node: HTMLTree.Node) -> Bool {
        switch node.name {
        case "select", "textarea": return true
        case "input": return entryTypes.contains((node.attribute("type") ?? "text").lowercased())
        default: return false
        }
    }

    private static let entryTypes: Set<String> = ["text", "email", "search", "tel", "number", "password", "url", ""]

    /// The least text (UTF-8 bytes) of an element marked as the article: a shorter one is a teaser of another.
    static let shortestArticle = 300

}
