import ArchiveCore
import CLibXML2
import Foundation

/// An HTML document parsed by libxml2's HTML parser, copied into a flat, immutable Swift tree.
///
/// Element names and attribute names are lowercase; text nodes have the name `#text`. Node 0 is the root.
struct HTMLTree: Sendable {
    struct Node: Sendable {
        var name: String
        var attributes: [(name: String, value: String)]
        var text: String
        var parent: Int
        var children: [Int]
        /// A text node.
        var isText = false
        /// An element whose content is never shown (`script`, `style`, ...).
        var isInvisible = false
        /// Inside (or itself) an invisible element: its text is never shown.
        var isHidden = false
        /// A block-level element: it starts a new line of text.
        var isBlock = false

        func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    /// Set while the tree is built and rearranged (``placeStreamedContent()``), read-only after.
    var nodes: [Node]
    /// The elements of each name, in document order: the analyses look elements up by name many times a page.
    private(set) var elementsByName: [String: [Int]] = [:]
    /// The ids that controls open and close (`aria-controls`): accordion and tab panels.
    private(set) var controlledIDs: Set<String> = []
    /// Among them, the ids of panels that a tab (`role="tab"`) opens.
    private(set) var tabPanelIDs: Set<String> = []

    /// The node at `index`, borrowed: reading a field does not copy the node.
    subscript(_ index: Int) -> Node {
        _read { yield nodes[index] }
    }

    /// Parses `data`; `encoding` overrides the document's own declaration when given.
    ///
    /// libxml2 reports the corrected structure (implied and auto-closed elements) as parser events, which
    /// ``HTMLTreeBuilder`` turns into this tree directly; libxml2's own tree is never built.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming `name` when libxml2 cannot read it.
    init(data: Data, encoding: String?, name: String) throws {
        cxml_silence_errors()
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        )
        let builder = UnsafeMutablePointer<HTMLTreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: HTMLTreeBuilder())
        defer { builder.deinitialize(count: 1).deallocate() }
        var handler = HTMLTreeBuilder.handler()
        let status = HTMLAttributeNames.parseable(data).withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return -1 }
            return cxml_parse_html(base, Int32(buffer.count), encoding, options, &handler, builder)
        }
        guard status == 0 else {
            throw ArchiveError(.undecodableInput, "\(name) could not be parsed as HTML; check that it is a web page.")
        }
        builder.pointee.finish()
        nodes = builder.pointee.nodes
        placeStreamedContent()
        revealSwallowedContent()
        revealScriptlessContent()
        for index in nodes.indices where !nodes[index].isText {
            elementsByName[nodes[index].name, default: []].append(index)
            if let controlled = nodes[index].attribute("aria-controls") {
                let ids = controlled.split(separator: " ").map(String.init)
                controlledIDs.formUnion(ids)
                if nodes[index].attribute("role") == "tab" { tabPanelIDs.formUnion(ids) }
            }
        }
    }

    /// libxml2 (before its HTML5 tokenizer) ignores `</button>` while elements opened inside the button are open
    /// (`<button><div></button>`), so the rest of the page ends up inside the button, whose label is never read as
    /// text. A button holding document structure (a paragraph, a heading, a section) or much text is such a one: its
    /// content is visible.
    private mutating func revealSwallowedContent() {
        for index in nodes.indices where nodes[index].name == "button" && nodes[index].isInvisible {
            var text = 0
            var structured = false
            var stack = nodes[index].children
            while let current = stack.popLast(), !structured, text < Self.mostButtonText {
                if nodes[current].isText {
                    text += nodes[current].text.utf8.count
                } else if Self.documentStructure.contains(nodes[current].name) {
                    structured = true
                } else if !nodes[current].isInvisible {
                    stack += nodes[current].children
                }
            }
            guard structured || text >= Self.mostButtonText else { continue }
            reveal(index)
        }
    }

    /// Elements that a button's label never holds.
    private static let documentStructure: Set<String> = [
        "p", "main", "article", "section", "h1", "h2", "h3", "table", "footer", "form",
    ]
    /// Text (UTF-8 bytes) beyond any button's label.
    private static let mostButtonText = 1_000

    /// Makes an element taken for invisible visible again, with the text under it (unless something else under it
    /// is invisible).
    private mutating func reveal(_ element: Int) {
        nodes[element].isInvisible = false
        var stack = [element]
        while let current = stack.popLast() {
            let parent = nodes[current].parent
            nodes[current].isHidden = (parent >= 0 && nodes[parent].isHidden) || nodes[current].isInvisible
            stack += nodes[current].children
        }
    }

    /// A page that builds its content with scripts may give readers without them the whole content in a
    /// `<noscript>` (forum software does, for crawlers): a `<noscript>` that holds more text than everything
    /// else the page shows, and at least ``leastScriptlessText`` bytes, is read as visible content. A short notice
    /// ("Please enable JavaScript") or a copy of text shown anyway stays hidden.
    private mutating func revealScriptlessContent() {
        guard nodes.contains(where: { $0.name == "noscript" }) else { return }
        // The outermost <noscript> each node is in, and whether another invisible element hides it.
        var owner = Array(repeating: -1, count: nodes.count)
        var hiddenOtherwise = Array(repeating: false, count: nodes.count)
        var outside = 0
        var inside: [Int: Int] = [:]
        for index in nodes.indices.dropFirst() {
            let parent = nodes[index].parent
            owner[index] = owner[parent] >= 0 ? owner[parent] : nodes[index].name == "noscript" ? index : -1
            hiddenOtherwise[index] =
                hiddenOtherwise[parent] || (nodes[index].isInvisible && nodes[index].name != "noscript")
            guard nodes[index].isText, !hiddenOtherwise[index], nodes[index].text.hasVisibleCharacter else { continue }
            let bytes = nodes[index].text.utf8.count
            if owner[index] >= 0 { inside[owner[index], default: 0] += bytes } else { outside += bytes }
        }
        for (noscript, bytes) in inside where bytes >= Self.leastScriptlessText && bytes > outside {
            reveal(noscript)
        }
    }

    /// The least text (UTF-8 bytes) a `<noscript>` must hold to be read as the page's content.
    private static let leastScriptlessText = 500
}

extension HTMLTree {
    /// Indices of every element named `name`, in document order.
    func elements(named name: String) -> [Int] {
        elementsByName[name] ?? []
    }

    /// Indices of the elements named `name` in the subtree of `root` (`root` included), in document order.
    func elements(named name: String, in root: Int) -> [Int] {
        var found: [Int] = []
        var stack = [root]
        while let current = stack.popLast() {
            if nodes[current].name == name { found.append(current) }
            stack += nodes[current].children.reversed()
        }
        return found
    }

    /// The first element named `name`.
    func first(_ name: String) -> Int? {
        elementsByName[name]?.first
    }

    /// The text of a subtree, white space collapsed, a space between the texts of any two nodes: a date's parts
    /// in elements of their own (`<span>18</span><span>Dec</span>`) stay apart.
    func text(of index: Int) -> String {
        var pieces: [String] = []
        collectText(index, into: &pieces)
        return pieces.joined(separator: " ").collapsingWhitespace
    }

    /// The text of a subtree as a browser prints it, white space collapsed (``InlineText``): a heading's drop cap
    /// (`<span>C</span>ycle`) is part of its word. The elements for which `skipped` is true are left out.
    func printedText(of index: Int, skipping skipped: (Int) -> Bool = { _ in false }) -> String {
        var text = InlineText()
        collectPrintedText(index, into: &text, skipping: skipped)
        return text.collapsed
    }

    /// The visible text of the subtree at `index` when it is short, or `nil` when it holds more than `limit` UTF-8
    /// bytes of text or more than `nodes` nodes: the walk stops there, so asking about a large element costs no
    /// more than asking about a small one.
    func shortText(of index: Int, limit: Int, nodes nodeLimit: Int? = nil) -> String? {
        var pieces: [String] = []
        var bytes = 0
        var visited = 0
        var stack = [index]
        while let current = stack.popLast() {
            visited += 1
            guard visited <= nodeLimit ?? limit else { return nil }
            if nodes[current].isText {
                bytes += nodes[current].text.utf8.count
                guard bytes <= limit else { return nil }
                pieces.append(nodes[current].text)
            } else if !nodes[current].isInvisible {
                guard visited + stack.count + nodes[current].children.count <= nodeLimit ?? limit else { return nil }
                stack += nodes[current].children.reversed()
            }
        }
        return pieces.joined(separator: " ").collapsingWhitespace
    }

    private func collectText(_ index: Int, into pieces: inout [String]) {
        if nodes[index].isText {
            pieces.append(nodes[index].text)
            return
        }
        if nodes[index].isInvisible { return }
        for child in nodes[index].children { collectText(child, into: &pieces) }
    }

    private func collectPrintedText(_ index: Int, into text: inout InlineText, skipping skipped: (Int) -> Bool) {
        if nodes[index].isText {
            text.append(nodes[index].text)
            return
        }
        if nodes[index].isInvisible || skipped(index) { return }
        let endsWord = InlineText.endsWord(nodes[index].name)
        let styled = nodes[index].attribute("class") != nil
        if endsWord { text.endWord() } else { text.markElementEdge(styled: styled) }
        for child in nodes[index].children { collectPrintedText(child, into: &text, skipping: skipped) }
        if endsWord { text.endWord() } else { text.markElementEdge(styled: styled) }
    }

    /// The first scalar of the subtree's visible text for which `skipping` is false, found without building the
    /// text.
    func firstScalar(of index: Int, skipping: (Unicode.Scalar) -> Bool) -> Unicode.Scalar? {
        if nodes[index].isText { return nodes[index].text.unicodeScalars.first { !skipping($0) } }
        if nodes[index].isInvisible { return nil }
        for child in nodes[index].children {
            if let scalar = firstScalar(of: child, skipping: skipping) { return scalar }
        }
        return nil
    }

    /// The nearest element named `name` that holds `index` (`index` itself included).
    func ancestor(of index: Int, named name: String) -> Int? {
        var current = index
        while current >= 0 {
            if nodes[current].name == name { return current }
            current = nodes[current].parent
        }
        return nil
    }

    /// Whether `index` lies inside an element for which `predicate` holds (the element itself included).
    func isInside(_ index: Int, where predicate: (Node) -> Bool) -> Bool {
        var current = index
        while current >= 0 {
            if predicate(nodes[current]) { return true }
            current = nodes[current].parent
        }
        return false
    }

    /// The attributes the importer reads; others (scripts, data, layout) are not copied out of libxml2.
    static let keptAttributes: Set<String> = [
        "class", "id", "style", "hidden", "aria-hidden", "aria-controls", "role", "itemprop", "content", "datetime",
        "href", "rel", "property", "name", "http-equiv", "lang", "xml:lang", "type", "pubdate", "charset", "itemtype",
        "itemscope",
    ]

    /// Block-level elements: each starts a new block of text.
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "blockquote", "pre", "figure", "hr",
        "address", "center", "fieldset", "details", "summary", "body",
    ]

    /// Elements whose content is never shown as text.
    static let invisible: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "head",
        "select", "option", "button", "input", "textarea",
    ]
}

extension String {
    /// Whether any character is not white space; ASCII is checked byte by byte, other scalars by their Unicode
    /// property.
    var hasVisibleCharacter: Bool {
        for scalar in unicodeScalars {
            if scalar.isASCII {
                if scalar != " ", !(0x09...0x0D).contains(scalar.value) { return true }
            } else if !scalar.properties.isWhitespace {
                return true
            }
        }
        return false
    }

    /// Runs of white space folded to one space, trimmed. Works on Unicode scalars: this runs on every text of
    /// every page, and grapheme-level `Character.isWhitespace` is several times slower.
    var collapsingWhitespace: String {
        var text = self
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let width = Self.spaceWidth(bytes, at: index)
                if width > 0 {
                    pendingSpace = !output.isEmpty
                    index += width
                    continue
                }
                if pendingSpace { output.append(0x20) }
                pendingSpace = false
                output.append(bytes[index])
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The length in bytes of the white space character (as HTML renders it) starting at `index`, or 0.
    private static func spaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (0x09...0x0D).contains(byte) ? 1 : 0 }
        let count = bytes.count - index
        switch byte {
        case 0xC2 where count >= 2: return bytes[index + 1] == 0xA0 || bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE1 where count >= 3: return bytes[index + 1] == 0x9A && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xE2 where count >= 3:
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second == 0x80, (0x80...0x8B).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF {
                return 3
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3 where count >= 3: return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        case 0xEF where count >= 3: return bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF ? 3 : 0
        default: return 0
        }
    }
}

extension Unicode.Scalar {
    /// White space as HTML renders it, including no-break and typographic spaces.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            true
        default: false
        }
    }
}
