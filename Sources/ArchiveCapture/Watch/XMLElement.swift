import ArchiveCore
import CLibXML2
import Foundation

/// An element of an XML document as libxml2 parses it, copied into Swift: its local name (without namespace
/// prefix), attributes, text and child elements. Enough of XML for feeds and sitemaps.
struct XMLElement: Sendable {
    var name: String
    var attributes: [String: String]
    /// The text directly inside, CDATA included, trimmed.
    var text: String
    var children: [XMLElement]

    /// The most elements read: far more than a sitemap's 50,000 URLs need, few enough to bound the memory a
    /// crafted document takes.
    static let maximumElements = 500_000

    /// The first child element called `name`.
    func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

    /// The child elements called `name`.
    func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

    /// What libxml2 found wrong in a document that is not well-formed XML: its message and line.
    struct Fault: Sendable {
        var message: String
        var line: Int
    }

    /// Parses `data` with libxml2 (no network, no external entities, recovering from small errors), with what made
    /// it not well-formed, if anything: libxml2 recovers what it can of a damaged document, and stops reading one
    /// whose entities expand without end (a "billion laughs") or that nests deeper than it reads, keeping only what
    /// came before. `nil` when it is not XML.
    static func parseNotingFault(_ data: Data) -> (root: XMLElement?, fault: Fault?)? {
        cxml_silence_errors()
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue
        )
        guard let context = xmlNewParserCtxt() else { return nil }
        defer { xmlFreeParserCtxt(context) }
        let document = data.withUnsafeBytes { buffer -> xmlDocPtr? in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlCtxtReadMemory(context, base, Int32(clamping: buffer.count), nil, nil, options)
        }
        let error = context.pointee.lastError
        let fault =
            context.pointee.wellFormed == 0
            ? Fault(
                message: error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
                    ?? "not well-formed",
                line: Int(error.line)
            ) : nil
        guard let document else { return fault.map { (nil, $0) } }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return fault.map { (nil, $0) } }
        var budget = maximumElements
        return (element(root, budget: &budget), fault)
    }

    private static func element(_ node: xmlNodePtr, budget: inout Int) -> XMLElement {
        budget -= 1
        var attributes: [String: String] = [:]
        var property = node.pointee.properties
        while let current = property {
            let name = String(cString: current.pointee.name)
            if let value = xmlGetProp(node, current.pointee.name) {
                attributes[name] = String(cString: value)
                cxml_free(value)
            }
            property = current.pointee.next
        }
        var text = ""
        var children: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if budget > 0 { children.append(element(current, budget: &budget)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default: break
            }
            child = current.pointee.next
        }
        return XMLElement(
            name: String(cString: node.pointee.name),
            attributes: attributes,
            text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            children: children
        )
    }
}
