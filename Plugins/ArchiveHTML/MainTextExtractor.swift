import ArchiveCore
import ArchiveText

/// Finds the article body of a page and turns it into text blocks, in the manner of Readability: paragraphs
/// vote for their ancestors, link-heavy and furniture-named containers lose, and the best container (with
/// siblings of similar weight) is read out block by block.
struct MainTextExtractor {
    let tree: HTMLTree
    let boilerplate: HTMLBoilerplate
    /// Visible and in-link text lengths (UTF-8 bytes) of every subtree, outside furniture; an address or a code
    /// standing as a text of its own outside a link and outside code (``isToken(_:)``) counts as nothing.
    private let lengths: (visible: [Int], links: [Int])
    /// The length (UTF-8 bytes) of the addresses and codes counted as nothing in every subtree.
    private let data: [Int]
    /// The number of links (`<a>` elements) in every subtree, outside furniture.
    private let anchors: [Int]
    /// How many elements of a name share each series key, counted once per name: a page may hold thousands.
    private let series = SeriesCounts()

    init(tree: HTMLTree, boilerplate: HTMLBoilerplate) {
        self.tree = tree
        self.boilerplate = boilerplate
        var visible = Array(repeating: 0, count: tree.nodes.count)
        var links = Array(repeating: 0, count: tree.nodes.count)
        var anchors = Array(repeating: 0, count: tree.nodes.count)
        var data = Array(repeating: 0, count: tree.nodes.count)
        // Children come after their parents: one backward pass sums every subtree.
        for index in tree.nodes.indices.reversed() where !boilerplate.excluded[index] {
            if tree[index].isText {
                // An address standing as a text of its own is data, not text a reader reads: a list of them is no
                // content. In a link, it is the link's text (a list of such links stays a list of links); in code,
                // it is what the page documents.
                let isData = Self.isToken(tree[index].text) && !Self.isInLinkOrCode(index, tree)
                visible[index] = isData ? 0 : tree[index].text.utf8.count
                data[index] = isData ? tree[index].text.utf8.count : 0
            } else if tree[index].name == "a" {
                links[index] = visible[index]
                anchors[index] += 1
            }
            if tree[index].parent >= 0 {
                visible[tree[index].parent] += visible[index]
                links[tree[index].parent] += links[index]
                anchors[tree[index].parent] += anchors[index]
                data[tree[index].parent] += data[index]
            }
        }
        lengths = (visible, links)
        self.data = data
        self.anchors = anchors
    }

    /// The blocks of the main text, and the elements they were read from; a fragment is read whole. The elements
    /// in `kept` are read too, in document order, where the containers chosen do not hold them.
    func extract(wholeBody: Bool = false, keeping kept: [Int] = []) -> (blocks: [Document.TextBlock], roots: [Int]) {
        guard let body = tree.first("body") ?? tree.nodes.indices.first(where: { !tree[$0].isText && $0 > 0 }) else {
            return ([], [])
        }
        var (roots, list) = wholeBody ? ([body], nil) : chooseRoots(body: body)
        if !kept.isEmpty { roots = outermost(roots + kept.filter { !boilerplate.excluded[$0] }) }
        var reader = BlockReader(tree: tree, boilerplate: boilerplate)
        for root in roots {
            // The items of a list read as the content are links with their names or summaries: there, linked text is
            // the content.
            reader.keepsLinkedBlocks = root == list || tree[root].parent == list
            reader.read(root)
            reader.flush()
        }
        return (reader.blocks, roots)
    }

    /// The containers of the main text, and the list read as the content, if any: one of them, or the element whose
    /// children they are (a section front's body, without the site's header).
    private func chooseRoots(body: Int) -> (roots: [Int], list: Int?) {
        if let posts = questionAndAnswers() { return (posts, nil) }
        var scores: [Int: Double] = [:]
        // The prose under each element, at any depth.
        var prose: [Int: Double] = [:]
        for paragraph in paragraphNodes() {
            let text = inlineText(paragraph)
            guard text.utf8.count >= 25, case let length = text.characterCount, length >= 25, !Self.isToken(text)
            else { continue }
            let commas = text.unicodeScalars.count { $0 == "," || $0 == "،" || $0 == "，" }
            let score = 1 + Double(commas) + min(Double(length) / 100, 3)
            // A <p> votes for its container; a <div> or <td> holding text directly is itself a container.
            var ancestor = Self.paragraphs.contains(tree[paragraph].name) ? tree[paragraph].parent : paragraph
            var holder = paragraph
            while holder > 0 {
                prose[holder, default: 0] += score
                holder = tree[holder].parent
            }
            var level = 0
            while ancestor > 0, level < 3 {
                scores[ancestor, default: 0] += level == 0 ? score : score / Double(level * 2)
                ancestor = tree[ancestor].parent
                level += 1
            }
        }
        // No prose outside links: a page of linked cards is its cards, anything else is read whole.
        guard !scores.isEmpty else {
            if let (list, isCards) = listContainer(), isCards { return ([list], list) }
            return ([body], nil)
        }
        var adjusted: [Int: Double] = [:]
        for (index, score) in scores where !boilerplate.excluded[index] {
            // A good name counts only for a container that is mostly prose: a teaser box named "article" is links.
            let density = linkDensity(index)
            let weight = Self.nameWeight(tree[index])
            adjusted[index] = score * (1 - density) + (density < 0.5 ? weight : min(weight, 0))
        }
        guard var (best, bestScore) = adjusted.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else {
            return ([body], nil)
        }
        // A page of many sections (a service page, a forum thread, a listing) spreads its prose over containers
        // that are not siblings: while a wrapper holds much more of it, mostly outside links, the wrapper is the
        // main text; the whole body (its furniture left out) when it holds far more (a landing page's sections).
        // A wrapper mostly of links (a grid of teasers around the one found) is passed over, not the end of the climb.
        // An element marked as the article is the article: the climb stops there (a page that loads the next
        // articles below the first holds more prose around it), unless it is one of a series (the posts of a
        // thread).
        // A body marked by its class name alone inside an `<article>` may be one of its parts (the article's
        // blocks, each a card, a text or a box): the climb may go on up to the article, and no further.
        let bound = endsClimb(best) ? enclosingArticle(of: best) : nil
        var ancestor = tree[best].parent
        while !endsClimb(best) || bound != nil, ancestor > 0, tree[ancestor].name != "html",
            !boilerplate.excluded[ancestor]
        {
            let gain = tree[ancestor].name == "body" ? Self.bodyGain : Self.climbGain
            if (prose[ancestor] ?? 0) >= (prose[best] ?? 0) * gain, linkDensity(ancestor) < Self.climbLinkDensity {
                best = ancestor
                bestScore = max(bestScore, adjusted[ancestor] ?? 0)
            } else if endsClimb(ancestor) {
                break
            }
            if ancestor == bound { break }
            ancestor = tree[ancestor].parent
        }
        // Siblings of the best container that carry comparable content belong to the article too.
        let parent = tree[best].parent
        guard parent >= 0 else { return ([best], nil) }
        var roots: [Int] = []
        for sibling in tree[parent].children {
            if sibling == best {
                roots.append(sibling)
                continue
            }
            guard !tree[sibling].isText, !boilerplate.excluded[sibling] else { continue }
            let score = (scores[sibling] ?? 0) * (1 - linkDensity(sibling))
            if score >= max(10, bestScore * 0.2) {
                roots.append(sibling)
            } else if tree[sibling].name == "p" {
                let text = visibleText(sibling)
                if text.characterCount > 80, linkDensity(sibling) < 0.25 { roots.append(sibling) }
            }
        }
        let chosen = outermost(
            roots + peers(of: best, score: bestScore, adjusted) + otherHalf(of: best, prose: prose)
        )
        // A listing, a shop's collection: the list is the content when it holds twice the text of the prose found.
        // Not when the page marks its article: a short article (a paywalled one, its headline and lead) stays short.
        // An article of a series is a teaser or a post among others: it marks no article of the page's own; nor
        // does a teaser marked as an article (under ``HTMLBoilerplate/shortestArticle``, or mostly links).
        let marksOwnArticle = { (index: Int) in
            self.marksArticle(index) && !self.isInSeries(index)
                && self.lengths.visible[index] >= HTMLBoilerplate.shortestArticle
                && self.linkDensity(index) < Self.climbLinkDensity
        }
        let marked = chosen.contains { root in
            marksOwnArticle(root) || ancestors(of: root).contains(where: marksOwnArticle)
        }
        // A page whose main region (the body, where the page marks none) is mostly teasers, a section front's
        // introduction and rows of headlines, has that region for its content, when the text found is no more than
        // an introduction and a small part of it. Teasers are headlines: a menu's short links are not.
        let found = chosen.reduce(0) { $0 + lengths.visible[$1] }
        if !marked, found < Self.introduction, let main = mainRegion(),
            chosen.allSatisfy({ $0 == main || ancestors(of: $0).contains(main) }),
            lengths.visible[main] >= Self.teaserShare * max(found, 1),
            linkDensity(main) >= Self.teaserLinkDensity, anchors[main] >= Self.teaserLinks,
            lengths.links[main] >= Self.headline * anchors[main]
        {
            // The body stands for the main region without the site's header (its name and menu) above it.
            guard tree[main].name == "body" else { return ([main], main) }
            return (tree[main].children.filter { !tree[$0].isText && tree[$0].name != "header" }, main)
        }
        if !marked, let (list, isCards) = listContainer() {
            // A list among the containers found keeps its linked items only when they are cards: there, short links
            // beside the prose are a thread's or an article's related items.
            if chosen.contains(list) { return (chosen, isCards ? list : nil) }
            guard !chosen.contains(where: { ancestors(of: list).contains($0) }) else { return (chosen, nil) }
            let found = chosen.reduce(0) { $0 + lengths.visible[$1] - lengths.links[$1] }
            if lengths.visible[list] >= Self.listShare * max(found, 1) {
                return (outermost(chosen + [list]), list)
            }
        }
        if !marked, chosen == [best], let cards = teaserCards(like: best) { return ([cards], cards) }
        // A thread's posts may each be a few short lines, under the least score a part of a body needs: there, the
        // best one's peers near it count however little prose each holds.
        return (outermost(chosen + peers(of: best, score: bestScore, adjusted, least: 0)), nil)
    }

    /// The element around all the teaser cards of a page, when the container chosen is one small card among many
    /// of its kind (its `data-testid`, or the first class word without a number) spread over several grids: a
    /// section front's headlines and summaries.
    private func teaserCards(like best: Int) -> Int? {
        guard lengths.visible[best] < Self.cardLimit, case let key = Self.kindKey(tree[best]), !key.isEmpty else {
            return nil
        }
        let name = tree[best].name
        let similar = tree.elements(named: name).filter { !boilerplate.excluded[$0] && Self.kindKey(tree[$0]) == key }
        guard similar.count >= Self.listItems else { return nil }
        var common = similar[0]
        for other in similar.dropFirst() {
            while common > 0, other != common, !ancestors(of: other).contains(common) { common = tree[common].parent }
        }
        guard common > 0, !["body", "html"].contains(tree[common].name), !boilerplate.excluded[common] else {
            return nil
        }
        return common
    }

    /// The most text (UTF-8 bytes) a teaser card holds.
    private static let cardLimit = 500

    private static func kindKey(_ node: HTMLTree.Node) -> String {
        node.attribute("data-testid") ?? seriesKey(node)
    }

    /// How many times more text than the prose found a list must hold to be the content.
    private static let listShare = 2
    /// How many children of one name and class make a list.
    private static let listItems = 5
    /// The highest share of link text a list may hold: above it, the list is a menu.
    private static let listLinks = 0.9

    /// The element with the most text among those whose children repeat one name and class at least
    /// ``listItems`` times, each with text, and whose text is not nearly all links (a menu) unless its items are
    /// cards: a teaser or a product whose link holds a headline and a summary, long text in few links (a menu's
    /// items are a few words each, or columns of many links), and that is not mostly addresses or codes.
    private func listContainer() -> (index: Int, isCards: Bool)? {
        var best: (index: Int, isCards: Bool)?
        for index in tree.nodes.indices where !tree[index].isText && !boilerplate.excluded[index] && index > 0 {
            // A list mostly of addresses or codes (an image's fields, each a label and a file's address) is data.
            guard tree[index].name != "body", tree[index].name != "html", lengths.visible[index] >= 200,
                data[index] <= lengths.visible[index],
                best.map({ lengths.visible[index] > lengths.visible[$0.index] }) ?? true
            else { continue }
            var items: [String: (count: Int, text: Int, anchors: Int)] = [:]
            for child in tree[index].children where !tree[child].isText && lengths.visible[child] > 0 {
                let key = tree[child].name + " " + (tree[child].attribute("class") ?? "")
                items[key, default: (0, 0, 0)].count += 1
                items[key]!.text += lengths.visible[child]
                items[key]!.anchors += anchors[child]
            }
            // The most repeated item; of as many, the one with more text, then the first name (a dictionary's order
            // changes from run to run, and the result must not).
            guard
                let most = items.max(by: {
                    ($0.value.count, $0.value.text, $1.key) < ($1.value.count, $1.value.text, $0.key)
                })?
                .value, most.count >= Self.listItems
            else { continue }
            let isCards =
                most.text >= Self.cardText * most.count && most.anchors <= Self.cardLinks * most.count
                && most.anchors >= most.count
            if isCards || linkDensity(index) < Self.listLinks { best = (index, isCards) }
        }
        return best
    }

    /// The page's main region: its first `<main>` (or `role="main"`) when that is shown, outside furniture and
    /// holds a kilobyte of text or more; the body when the page marks no main region.
    private func mainRegion() -> Int? {
        let marked = tree.nodes.indices.first { !tree[$0].isText && HTMLBoilerplate.isMainRegion(tree[$0]) }
        guard let marked else { return tree.first("body") }
        guard !tree[marked].isHidden, !boilerplate.excluded[marked], lengths.visible[marked] >= 1_000 else {
            return nil
        }
        return marked
    }

    /// The most text (UTF-8 bytes) found in a main region of teasers: an introduction, not an article.
    private static let introduction = 2_000
    /// How many times more text than the prose found a main region of teasers holds to be the content.
    private static let teaserShare = 3
    /// The least share of a main region's text in links for it to be teasers.
    private static let teaserLinkDensity = 0.5
    /// The fewest links a main region of teasers holds.
    private static let teaserLinks = 10
    /// The least text (UTF-8 bytes) a main region of teasers holds per link on average: a headline, not a menu's
    /// word.
    private static let headline = 15

    /// The least text (UTF-8 bytes) the items of a list of cards hold on average: a shop's card may hold only a
    /// product's name and its price.
    private static let cardText = 40
    /// The most links the items of a list of cards hold on average.
    private static let cardLinks = 3

    /// Other parts of the same body, split by a player or a box: containers of the best one's element and class,
    /// close to it in the tree, with comparable scores, and at least `least`. Below the usual least score, close
    /// means within the region around the best one: the page's body and main region are too wide.
    private func peers(
        of best: Int,
        score bestScore: Double,
        _ adjusted: [Int: Double],
        least: Double = Self.leastPeerScore
    ) -> [Int] {
        guard let name = tree[best].attribute("class"), !name.isEmpty else { return [] }
        let regions: Set<String> = least < Self.leastPeerScore ? ["html", "body", "main"] : []
        let near = Set(ancestors(of: best).prefix(6).filter { !regions.contains(tree[$0].name) })
        return adjusted.compactMap { index, score in
            guard index != best, score >= max(least, bestScore * 0.3), tree[index].name == tree[best].name,
                tree[index].attribute("class") == name, ancestors(of: index).prefix(6).contains(where: near.contains)
            else { return nil }
            return index
        }
    }

    /// The least score of a part of a body found as a peer of the best container.
    private static let leastPeerScore = 10.0

    /// The elements around `index`, nearest first, up to the document's root element (not the document itself).
    func ancestors(of index: Int) -> some Sequence<Int> {
        sequence(first: tree[index].parent) { tree[$0].parent }.lazy.prefix { $0 > 0 }
    }

    /// `roots` in document order, without any that lies inside another.
    func outermost(_ roots: [Int]) -> [Int] {
        let all = Set(roots)
        return all.sorted().filter { root in !ancestors(of: root).contains(where: all.contains) }
    }

    /// How much more prose a wrapper must hold than the container chosen so far to be chosen instead.
    private static let climbGain = 1.6
    /// How much more prose the whole page must hold than the container chosen so far to be read whole.
    private static let bodyGain = 2.5
    /// The highest share of link text a wrapper chosen that way may hold.
    private static let climbLinkDensity = 0.4

    private static let paragraphs: Set<String> = ["p", "pre", "blockquote", "li", "dd", "h2", "h3", "h4"]

    /// The nearest block-level ancestors of every text of some length outside links and furniture.
    private func paragraphNodes() -> [Int] {
        var seen = Set<Int>()
        var result: [Int] = []
        for index in tree.nodes.indices where tree[index].isText && !boilerplate.excluded[index] {
            let text = tree[index].text
            guard text.utf8.count >= 10, text.characterCount >= 10, text.hasVisibleCharacter else { continue }
            var block = tree[index].parent
            var inLink = false
            while block > 0, !tree[block].isBlock {
                if tree[block].name == "a" { inLink = true }
                block = tree[block].parent
            }
            guard !inLink, block > 0, !boilerplate.excluded[block], seen.insert(block).inserted else { continue }
            result.append(block)
        }
        return result
    }

    /// A text of at least 25 printable ASCII characters with no space inside (spaces around it aside): an address,
    /// a file name, a code. Prose has spaces between its words, except in scripts that write none, and those are not
    /// ASCII.
    static func isToken(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 })
        else { return false }
        let token = bytes[first...last]
        return token.count >= 25 && token.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static let linkOrCode: Set<String> = ["a", "pre", "code"]

    /// Whether a node lies inside an `<a>`, `<pre>` or `<code>` element.
    private static func isInLinkOrCode(_ index: Int, _ tree: HTMLTree) -> Bool {
        var node = tree[index].parent
        while node > 0 {
            if linkOrCode.contains(tree[node].name) { return true }
            node = tree[node].parent
        }
        return false
    }

    /// The text of an element without its nested block elements.
    private func inlineText(_ index: Int) -> String {
        var pieces: [String] = []
        func walk(_ node: Int) {
            if tree[node].isText {
                pieces.append(tree[node].text)
                return
            }
            if boilerplate.excluded[node] { return }
            for child in tree[node].children
            where tree[child].isText || !tree[child].isBlock {
                walk(child)
            }
        }
        walk(index)
        return pieces.joined().collapsingWhitespace
    }

    /// Whether an element marked as the article stands alone: not one of a series of elements of its name and
    /// class, as the posts of a thread are.
    private func endsClimb(_ index: Int) -> Bool {
        guard marksArticle(index) else { return false }
        // An article with its own headline (in it or just around it) is a whole article, even among others (the
        // next stories of a feed).
        var holder = index
        for _ in 0..<3 where holder > 0 {
            if !tree.elements(named: "h1", in: holder).isEmpty { return true }
            holder = tree[holder].parent
        }
        return !isInSeries(index)
    }

    /// Whether the element at `index` is one of a series of elements of its name and kind: the first word of the
    /// class without a number, which names the component (`post` in `post post-94972 category-science
    /// tag-elephants`); the words after it vary from item to item.
    private func isInSeries(_ index: Int) -> Bool {
        series.count(of: index, in: tree) >= Self.seriesLength
    }

    fileprivate static func seriesKey(_ node: HTMLTree.Node) -> String {
        guard let names = node.attribute("class") else { return "" }
        return String(names.split(separator: " ").first { !$0.contains(where: \.isNumber) } ?? "")
    }

    /// The nearest `<article>` (or `articleBody`) element around `index`, when `index` is marked as the body by its
    /// class name alone.
    private func enclosingArticle(of index: Int) -> Int? {
        guard tree[index].name != "article", tree[index].attribute("itemprop")?.lowercased() != "articlebody" else {
            return nil
        }
        return ancestors(of: index).first { ancestor in
            tree[ancestor].name == "article" || tree[ancestor].attribute("itemprop")?.lowercased() == "articlebody"
        }
    }

    /// The other half of an article split in two `<article>` elements: one heads the page (its `h1` and a
    /// summary), the other, elsewhere on the page, holds more prose without a headline of its own (a recipe's
    /// summary and its method, a report's abstract and its body). Both mostly outside links, neither one of a
    /// series; whichever of the two was chosen, the other goes with it.
    private func otherHalf(of best: Int, prose: [Int: Double]) -> [Int] {
        guard tree[best].name == "article" else { return [] }
        var pair = tree.elements(named: "article").filter { index in
            !boilerplate.excluded[index] && linkDensity(index) < Self.climbLinkDensity
                && (index == best || (!ancestors(of: index).contains(best) && !ancestors(of: best).contains(index)))
        }
        // Teasers mostly of links are out already; a page of more articles of prose (a feed, a thread) is not one
        // article in two halves, and the bound keeps the look for headlines around each article from growing with
        // the square of the page.
        guard pair.count <= Self.mostArticles else { return [] }
        pair.removeAll { !endsClimb($0) }
        // One half without a headline, then one with it (each article's headline looked for once).
        let headedFrom = pair.partition { !tree.elements(named: "h1", in: $0).isEmpty }
        guard pair.count == 2, headedFrom == 1, case let body = pair[0], case let head = pair[1],
            (prose[body] ?? 0) >= (prose[head] ?? 0), prose[head] != nil
        else { return [] }
        return [head == best ? body : head]
    }

    /// The most `<article>` elements of prose a page split in two halves holds.
    private static let mostArticles = 12

    /// How many elements of one name and class make a series.
    private static let seriesLength = 3

    /// Whether an element says it is the article: `<article>`, `itemprop="articleBody"`, or a body class name.
    private func marksArticle(_ index: Int) -> Bool {
        tree[index].name == "article" || tree[index].attribute("itemprop")?.lowercased() == "articlebody"
            || NameFlags(tree[index]).content
    }

    private static func nameWeight(_ node: HTMLTree.Node) -> Double {
        let names = NameFlags(node)
        var weight = 0.0
        if node.name == "article" || node.attribute("itemprop") == "articleBody" { weight += 25 }
        if names.positive { weight += 15 }
        if names.negative { weight -= 25 }
        return weight
    }

    /// Text of a subtree without furniture.
    func visibleText(_ index: Int) -> String {
        var pieces: [String] = []
        collect(index, into: &pieces, linksOnly: false)
        return pieces.joined(separator: " ").collapsingWhitespace
    }

    /// The share of a subtree's text that sits inside links.
    func linkDensity(_ index: Int) -> Double {
        guard lengths.visible[index] > 0 else { return 1 }
        return Double(lengths.links[index]) / Double(lengths.visible[index])
    }

    private func collect(_ index: Int, into pieces: inout [String], linksOnly: Bool, inLink: Bool = false) {
        if tree[index].isText {
            if !linksOnly || inLink { pieces.append(tree[index].text) }
            return
        }
        if boilerplate.excluded[index] { return }
        let inLink = inLink || tree[index].name == "a"
        for child in tree[index].children { collect(child, into: &pieces, linksOnly: linksOnly, inLink: inLink) }
    }
}

/// How many elements of each name share each series key (``MainTextExtractor``), counted for a name when it is
/// first asked about.
private final class SeriesCounts {
    private var counts: [String: [String: Int]] = [:]

    func count(of index: Int, in tree: HTMLTree) -> Int {
        let name = tree[index].name
        if counts[name] == nil {
            var byKey: [String: Int] = [:]
            for other in tree.elements(named: name) { byKey[MainTextExtractor.seriesKey(tree[other]), default: 0] += 1 }
            counts[name] = byKey
        }
        return counts[name]?[MainTextExtractor.seriesKey(tree[index])] ?? 0
    }
}
