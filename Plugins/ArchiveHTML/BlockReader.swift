import ArchiveCore
import ArchiveText

/// Reads a subtree into text blocks: headings, paragraphs, list items and table rows, in document order.
struct BlockReader {
    let tree: HTMLTree
    let boilerplate: HTMLBoilerplate
    private(set) var blocks: [Document.TextBlock] = []
    private var buffer: [String] = []
    /// How many UTF-8 bytes of the buffer came from inside links.
    private var linkBytes = 0
    private var linkDepth = 0
    private var kind: Document.TextBlock.Kind = .paragraph
    /// The inline element whose end was the last thing read, with no text after it.
    private var endedElement: String?
    /// Whether the next text starts a new word if it and the text before it meet letter to letter: it is the first
    /// text of an inline element that follows another directly.
    private var startsWord = false
    /// How many `<pre>` and `<code>` elements the reader is in: there, elements side by side are one text (a
    /// highlighter's tokens).
    private var codeDepth = 0
    /// Whether short blocks that are nothing but a link are kept (in a list of cards, they are the teasers).
    var keepsLinkedBlocks = false

    init(tree: HTMLTree, boilerplate: HTMLBoilerplate) {
        self.tree = tree
        self.boilerplate = boilerplate
    }

    mutating func read(_ index: Int) {
        if tree[index].isText {
            let text = tree[index].text
            if startsWord, let last = buffer.last?.unicodeScalars.last, let first = text.unicodeScalars.first,
                Self.isWordCharacter(last), Self.isWordCharacter(first)
            {
                buffer.append(" ")
            }
            startsWord = false
            endedElement = nil
            buffer.append(text)
            if linkDepth > 0 { linkBytes += text.utf8.count }
            return
        }
        if boilerplate.excluded[index] || tree[index].name == "figcaption" || Self.isForScreenReaders(tree[index]) {
            return
        }
        if tree[index].name == "br" {
            if kind == .code { return buffer.append("\n") }
            flush()
            return
        }
        guard tree[index].isBlock else {
            // Two inline elements side by side are two fields a page lays out apart ("2026" and "1h 54m", a
            // brand and a product's name): where their texts meet letter to letter, a space goes between them. A
            // text right after an element goes on the same word ("<b>W</b>ord"), and so do formatting elements
            // ("<i>un</i><b>wise</b>", "x<sup>2</sup>") and code.
            let name = tree[index].name
            if let ended = endedElement, codeDepth == 0, !Self.formatting.contains(ended),
                !Self.formatting.contains(name)
            {
                startsWord = true
            }
            let isLink = name == "a"
            let isCode = name == "code"
            if isLink { linkDepth += 1 }
            if isCode { codeDepth += 1 }
            for child in tree[index].children { read(child) }
            if isLink { linkDepth -= 1 }
            if isCode { codeDepth -= 1 }
            endedElement = name
            return
        }
        // Inside preformatted text, a block (a highlighter's line) is a line of it, not a block of its own.
        if kind == .code {
            breakCodeLine()
            for child in tree[index].children { read(child) }
            breakCodeLine()
            return
        }
        flush()
        let outer = kind
        switch tree[index].name {
        case "h1", "h2", "h3", "h4", "h5", "h6": kind = .heading
        case "li", "dt", "dd": kind = .listItem
        case "pre": kind = .code
        case "tr":
            let cells = tree[index].children.filter {
                ["td", "th"].contains(tree[$0].name) && !boilerplate.excluded[$0]
            }
            .map(cellText).filter { !$0.isEmpty }
            if !cells.isEmpty { blocks.append(.init(.tableRow, cells.joined(separator: " | "))) }
            return
        default: break
        }
        let isCode = tree[index].name == "pre"
        if isCode { codeDepth += 1 }
        for child in tree[index].children { read(child) }
        if isCode { codeDepth -= 1 }
        flush()
        kind = outer
    }

    /// Inline elements that style a part of a text rather than hold a field of their own.
    private static let formatting: Set<String> = [
        "b", "i", "em", "strong", "u", "s", "strike", "del", "ins", "mark", "small", "big", "sup", "sub", "abbr",
        "code", "kbd", "samp", "var", "tt", "q", "cite", "dfn", "font", "ruby", "rt", "rp", "wbr",
    ]

    /// Whether a scalar is a letter or a digit: where two texts meet with such scalars on both sides, they would run
    /// into one word.
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Whether a class says the element is shown only to screen readers ("sr-only", "visually-hidden"): a label
    /// that repeats what the page shows ("Original price was: $24.95"), not text a reader sees.
    private static func isForScreenReaders(_ node: HTMLTree.Node) -> Bool {
        guard let names = node.attribute("class") else { return false }
        // The class's words are looked up by their bytes, ASCII letters folded: this runs for every element read.
        let bytes = names.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            // Class names are separated by ASCII whitespace: spaces, tabs, line breaks, form feeds.
            let end = bytes[start...].firstIndex { $0 == 0x20 || (0x09...0x0D).contains($0) } ?? bytes.endIndex
            let word = bytes[start..<end].lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if !word.isEmpty, screenReaderClasses.bits(of: word) != 0 { return true }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return false
    }

    private static let screenReaderClasses = WordTable(
        Dictionary(
            uniqueKeysWithValues: [
                "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only", "clipped",
            ].map { ($0, UInt8(1)) }
        )
    )

    /// The text of a table cell, without furniture.
    private func cellText(_ index: Int) -> String {
        var pieces: [String] = []
        func walk(_ node: Int) {
            if tree[node].isText { return pieces.append(tree[node].text) }
            guard !boilerplate.excluded[node] else { return }
            for child in tree[node].children { walk(child) }
        }
        walk(index)
        return pieces.joined(separator: " ").collapsingWhitespace
    }

    mutating func flush() {
        endedElement = nil
        startsWord = false
        let raw = buffer.joined()
        let linked = linkBytes
        buffer = []
        linkBytes = 0
        if kind == .code {
            let code = Self.codeLines(raw)
            if !code.isEmpty { blocks.append(.init(.code, code)) }
            return
        }
        let text = raw.collapsingWhitespace
        guard !text.isEmpty else { return }
        // A short block that is nothing but a link is navigation, a tag or a teaser, not the article's prose.
        let trimmedBytes = raw.utf8.filter { $0 > 0x20 }.count
        if !keepsLinkedBlocks, text.characterCount < 100, kind != .heading, trimmedBytes > 0,
            linked * 10 >= trimmedBytes * 9
        {
            return
        }
        blocks.append(.init(kind, text))
    }

    /// Ends the line of code being read, unless it is ended already.
    private mutating func breakCodeLine() {
        guard let last = buffer.last(where: { !$0.isEmpty }), last.last?.isNewline == false else { return }
        buffer.append("\n")
    }

    /// Preformatted text as its lines: line breaks as `\n`, spaces at the ends of lines and blank lines before and
    /// after the text left out, indentation kept.
    static func codeLines(_ raw: String) -> String {
        // "\r\n" is one Character in Swift.
        var lines = raw.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        )
        .map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" || last == "\u{A0}" { line.removeLast() }
            return String(line)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
