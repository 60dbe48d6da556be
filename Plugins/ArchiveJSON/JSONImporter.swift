public import ArchiveCore
import Foundation

/// Imports publications delivered as JSON: Mura's own document JSON, JSON Feed 1.1 (one document per item),
/// WordPress REST API posts, and schema.org `NewsArticle`/`Article` JSON-LD. An array or a feed yields one
/// document per entry, each versioned on its own.
///
/// HTML inside JSON (`content_html`, `content.rendered`) is read by the HTML importer given at registration, so
/// its text comes out exactly as for a web page.
///
/// ```swift
/// registry.register(importer: JSONImporter(html: HTMLImporter()))
/// ```
public struct JSONImporter: DocumentImporter {
    /// Reads HTML fragments found in JSON fields.
    public var html: (any DocumentImporter)?

    public init(html: (any DocumentImporter)? = nil) {
        self.html = html
    }

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            format: .json,
            name: "JSON (Mura document, JSON Feed, WordPress, schema.org)",
            mediaTypes: ["application/json", "application/feed+json", "application/ld+json"],
            fileExtensions: ["json", "jsonld"]
        )
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let objectStart = /\s*\[?\s*\{\s*"/

    public func sniff(_ request: SniffRequest) -> Double {
        guard
            let first = request.prefix.first(where: {
                !Self.whitespace.contains($0) && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF
            })
        else { return 0 }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return 0 }
        if (try? JSONSerialization.jsonObject(with: request.prefix)) != nil { return 0.95 }
        // A prefix of a large file does not parse; a quoted key right after the opening brackets is JSON enough.
        let head = String(decoding: request.prefix.prefix(256), as: UTF8.self)
        return head.prefixMatch(of: Self.objectStart) != nil ? 0.7 : 0.2
    }

    public func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] {
        guard !request.data.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) is empty; there is nothing to archive.")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: request.data)
        } catch {
            throw ArchiveError(
                .undecodableInput,
                "\(request.name) is not valid JSON: \(JSONErrorLocation(error: error, data: request.data)). "
                    + "Fix the JSON, or choose another format.",
                field: .format
            )
        }
        let reader = JSONDocumentReader(html: html, name: request.name)
        let entries = try reader.entries(of: root)
        guard !entries.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) holds no documents (an empty array or feed).")
        }
        // One entry is the whole input; several each keep their own JSON as their original.
        if entries.count == 1, let only = entries.first {
            return [ImportedDocument(document: try reader.document(from: only))]
        }
        return try entries.map { entry in
            let original = try JSONSerialization.data(
                withJSONObject: entry.value,
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
            return ImportedDocument(document: try reader.document(from: entry), original: original)
        }
    }

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
}
