import ArchiveCore
import ArchiveText
import Foundation

/// A parsed page read into a ``Document``: metadata, dates, main text and its links.
struct HTMLPage {
    var document: Document

    init(tree: HTMLTree, sourceURL: String?, isFragment: Bool = false) {
        var boilerplate = HTMLBoilerplate(tree)
        let metadata = HTMLMetadata(tree, boilerplate: boilerplate, sourceURL: sourceURL)
        let source = sourceURL ?? metadata.canonicalURL
        let dates = HTMLDates(tree, metadata: metadata, boilerplate: boilerplate, url: source)
        var (blocks, roots) = MainTextExtractor(tree: tree, boilerplate: boilerplate).extract(wholeBody: isFragment)
        // When the words of `class` and `id` left out most of the page and little was found outside them, they are
        // a page builder's words ("widget", "module" on every block), not marks of furniture.
        if boilerplate.namesHideMostText,
            blocks.reduce(0, { $0 + $1.text.utf8.count }) < Self.leastMainText
        {
            boilerplate = HTMLBoilerplate(tree, readingNames: false)
            (blocks, roots) = MainTextExtractor(tree: tree, boilerplate: boilerplate).extract(wholeBody: isFragment)
        }
        // Boxes that a page builder names "widget" inside the main text's own container, holding more than was read
        // from it, are its text (the products of a buying guide); comments and related lists stay out.
        let read = blocks.reduce(0) { $0 + $1.text.utf8.count }
        if boilerplate.textInBuilderBlocks(under: roots, in: tree) > max(read, Self.leastMainText) {
            boilerplate = HTMLBoilerplate(tree, readingBuilderWords: false)
            (blocks, roots) = MainTextExtractor(tree: tree, boilerplate: boilerplate).extract(wholeBody: isFragment)
        }
        // A forum names its thread "comments": when they hold far more than the little read outside them, and
        // that little is no prose (a byline, a prompt to sign in and reply), the posts are the page's text, beside
        // what was read. A short article's paragraphs keep its comments out.
        let outside = blocks.reduce(0) { $0 + $1.text.utf8.count }
        // A page that says it is a thread (structured data) has its posts for text, however much else was read (an
        // app's install prompt).
        let thinAndCommented =
            outside < Self.thinText && boilerplate.textInComments > Self.commentShare * max(outside, Self.leastMainText)
            && !blocks.contains(where: { $0.kind == .paragraph && $0.text.characterCount >= Self.proseParagraph })
        if boilerplate.textInComments > 0, thinAndCommented || metadata.isThread(tree) {
            boilerplate = HTMLBoilerplate(tree, readingCommentWords: false)
            (blocks, roots) = MainTextExtractor(tree: tree, boilerplate: boilerplate)
                .extract(wholeBody: isFragment, keeping: roots)
        }
        if let first = blocks.first, first.kind == .heading, first.text == metadata.title {
            blocks.removeFirst()
        }
        // A dateline ("Published: 1 May 2024", "segunda-feira, 22 de janeiro de 2018 às 0:13") is metadata, not
        // text; a table's row that starts with a date ("1/1/2013 | +13.1%") is data.
        blocks.removeAll { $0.kind != .tableRow && $0.kind != .code && Self.isDateline($0) }
        // The same block of words again (a box the page prints for each screen size, a sign-up form above and below
        // the article) is read once, as a reader sees it once; a table's rows, a list's items (an ingredient used
        // twice), code (the same command for each system) and a few words ("Add to cart") may repeat.
        var seen = Set<String>()
        blocks.removeAll { block in
            block.kind != .tableRow && block.kind != .listItem && block.kind != .code
                && Self.hasRepeatableLength(block.text)
                && !seen.insert(block.text).inserted
        }
        let text = blocks.map(\.text).joined(separator: " ")
        document = Document(
            source: source,
            title: metadata.title,
            published: dates.published,
            updated: dates.updated,
            language: metadata.language ?? LanguageGuess.language(of: text),
            authors: metadata.authors,
            blocks: blocks,
            links: Self.links(tree, roots: roots, boilerplate: boilerplate, base: source)
        )
    }

    /// Below this much main text (UTF-8 bytes), a page whose `class` and `id` words hid most of it is read again
    /// without them.
    private static let leastMainText = 250
    /// Below this much main text (UTF-8 bytes), comments that hold many times more are read as the page's posts.
    private static let thinText = 1_000
    /// How many times more text than was read the comments must hold.
    private static let commentShare = 3
    /// The fewest characters of a paragraph of prose.
    private static let proseParagraph = 100
    /// The fewest words of a block read once however often the page repeats it.
    private static let fewestRepeatedWords = 4

    /// Whether a block holds ``fewestRepeatedWords`` words or more, counted without splitting it.
    private static func hasRepeatableLength(_ text: String) -> Bool {
        var words = 0
        var inWord = false
        for byte in text.utf8 {
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09
            if !isSpace, !inWord {
                words += 1
                if words == fewestRepeatedWords { return true }
            }
            inWord = !isSpace
        }
        return false
    }

    /// A short block that is a date with a label, or a date with hardly any other words; not a quoted post's
    /// attribution ("— Name (@handle) November 15, 2019") nor a run of dates ("29 November 2018 | 20 January 2019").
    private static func isDateline(_ block: Document.TextBlock) -> Bool {
        let text = block.text
        // Cheapest tests first: this runs on every block.
        guard text.utf8.count < 320, DateText.mayContainDate(text), text.characterCount < 80 else { return false }
        if DateLabel.match(text) != nil { return DateText.firstDate(in: text) != nil }
        guard text.characterCount < 60, !text.contains(where: { "@~—–".contains($0) }), text.letterCount <= 30,
            text.matches(of: Self.year).count == 1
        else { return false }
        return DateText.firstDate(in: text) != nil
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
    nonisolated(unsafe) private static let year = /\b(?:19|20)\d{2}\b/

    private static func links(
        _ tree: HTMLTree,
        roots: [Int],
        boilerplate: HTMLBoilerplate,
        base: String?
    ) -> [Document.Link] {
        let baseURL = base.flatMap(URL.init(string:))
        var links: [Document.Link] = []
        var stack = roots.reversed().map { $0 }
        while let index = stack.popLast() {
            if boilerplate.excluded[index] { continue }
            let node = tree[index]
            if node.name == "a", let href = node.attribute("href")?.trimmingSpaces(),
                !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:")
            {
                let resolved = URL(string: href, relativeTo: baseURL)?.absoluteString ?? href
                let text = tree.text(of: index)
                links.append(Document.Link(url: resolved, text: text.isEmpty ? nil : text))
            }
            stack += node.children.reversed()
        }
        return links
    }
}
