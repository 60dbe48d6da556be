import CLibXML2
import Foundation

/// Builds an ``HTMLTree`` from libxml2's HTML parser events, as libxml2's own tree builder would shape it:
/// adjacent character runs form one text node (a comment in between splits them), text outside any element is
/// dropped. Elements nested deeper than ``maximumDepth`` (unclosed `<font>` or `<b>` tags pile up so on old pages)
/// are placed beside each other at that depth: their text stays, in order, and the tree stays shallow enough for the
/// importer's walks through it. Past ``maximumNodes`` nodes no element is made: the text of the rest of the page
/// joins the text of the element open there, in order, so that a crafted page of millions of empty elements costs
/// no more memory than its text.
struct HTMLTreeBuilder {
    private(set) var nodes: [HTMLTree.Node] = [
        HTMLTree.Node(name: "#document", attributes: [], text: "", parent: -1, children: [])
    ]
    /// Open elements, innermost last; empty at the document level.
    private var open: [Int] = []
    /// Bytes of the text node being read, and whether it is a CDATA section (never merged with plain text).
    private var pending: [UInt8] = []
    private var pendingIsData = false
    /// Element names by libxml2's interned name pointer, with what the name says about the element.
    private var names: [UnsafePointer<xmlChar>: (name: String, isInvisible: Bool, isBlock: Bool)] = [:]

    /// The deepest an element is placed (libxml2's own tree builder stops reading a document there).
    static let maximumDepth = 256

    /// The most nodes (elements and texts) the tree holds: several times what the largest real pages have (a long
    /// listing has some hundred thousand), and about 200 MB.
    static let maximumNodes = 1_000_000

    private var current: Int { open.last ?? 0 }

    mutating func start(_ name: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flush()
        guard nodes.count < Self.maximumNodes else {
            // No element is made; its end closes the element open now again.
            open.append(current)
            return
        }
        let parent = open.count > Self.maximumDepth ? open[Self.maximumDepth - 1] : current
        var kept: [(name: String, value: String)] = []
        if var pair = attributes {
            while let attributeName = pair.pointee {
                // libxml2's HTML parser lowercases names; only the attributes the importer reads are copied.
                let length = strlen(attributeName)
                if length <= Self.longestKeptAttribute,
                    Self.keptAttributes.bits(of: UnsafeBufferPointer(start: attributeName, count: length)) != 0
                {
                    let value = pair.successor().pointee
                    kept.append((String(cString: attributeName), value.map { String(cString: $0) } ?? ""))
                }
                pair += 2
            }
        }
        let known = name.map { describe($0) } ?? (name: "", isInvisible: false, isBlock: false)
        var element = HTMLTree.Node(name: known.name, attributes: kept, text: "", parent: parent, children: [])
        element.isInvisible = known.isInvisible
        element.isHidden = nodes[parent].isHidden || element.isInvisible
        element.isBlock = known.isBlock
        let index = nodes.count
        nodes.append(element)
        nodes[parent].children.append(index)
        open.append(index)
    }

    private mutating func describe(_ name: UnsafePointer<xmlChar>) -> (name: String, isInvisible: Bool, isBlock: Bool) {
        if let known = names[name] { return known }
        let text = String(cString: name)
        let described = (text, HTMLTree.invisible.contains(text), HTMLTree.blockElements.contains(text))
        names[name] = described
        return described
    }

    private static let keptAttributes = WordTable(
        Dictionary(uniqueKeysWithValues: HTMLTree.keptAttributes.map { ($0, UInt8(1)) })
    )
    private static let longestKeptAttribute = HTMLTree.keptAttributes.map(\.utf8.count).max() ?? 0

    mutating func end() {
        flush()
        _ = open.popLast()
    }

    mutating func characters(_ bytes: UnsafePointer<xmlChar>?, _ count: Int32, isData: Bool) {
        guard !open.isEmpty, let bytes, count > 0 else { return }
        if !pending.isEmpty, pendingIsData != isData { flush() }
        pendingIsData = isData
        pending.append(contentsOf: UnsafeBufferPointer(start: bytes, count: Int(count)))
    }

    /// A comment or processing instruction: not kept, but it ends the text before it.
    mutating func other() {
        flush()
    }

    mutating func finish() {
        flush()
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        let parent = current
        // Text stops at a NUL byte, as it would in libxml2's C strings.
        let end = pending.firstIndex(of: 0) ?? pending.count
        if nodes.count >= Self.maximumNodes, let last = nodes[parent].children.last, nodes[last].isText {
            nodes[last].text += " " + String(decoding: pending[..<end], as: UTF8.self)
            pending.removeAll(keepingCapacity: true)
            return
        }
        var text = HTMLTree.Node(
            name: "#text",
            attributes: [],
            text: String(decoding: pending[..<end], as: UTF8.self),
            parent: parent,
            children: []
        )
        text.isText = true
        text.isHidden = nodes[parent].isHidden
        nodes[parent].children.append(nodes.count)
        nodes.append(text)
        pending.removeAll(keepingCapacity: true)
    }

    /// The parser events the builder listens to; `user` is a pointer to the builder.
    static func handler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { user, name, attributes in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.start(name, attributes)
        }
        handler.endElement = { user, _ in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.end()
        }
        handler.characters = { user, bytes, count in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.characters(bytes, count, isData: false)
        }
        handler.cdataBlock = { user, bytes, count in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.characters(bytes, count, isData: true)
        }
        handler.comment = { user, _ in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.other()
        }
        handler.processingInstruction = { user, _, _ in
            user?.assumingMemoryBound(to: HTMLTreeBuilder.self).pointee.other()
        }
        return handler
    }
}
