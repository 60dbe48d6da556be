public import ArchiveCore
import ArchiveText
import Foundation

/// Imports web pages: the article body without page furniture, and its metadata (title, canonical URL,
/// language, authors, publication and update dates).
///
/// Parsing is libxml2's HTML parser; the encoding comes from the byte-order mark, `<meta charset>` or
/// `http-equiv`, else from the bytes (UTF-8, Windows-1251, KOI8-R, Windows-1252).
public struct HTMLImporter: DocumentImporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            format: .html,
            name: "HTML page",
            mediaTypes: ["text/html", "application/xhtml+xml"],
            fileExtensions: ["html", "htm", "xhtml"]
        )
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let markupTag = /<(p|div|h1|h2|article|meta|title|span|a)[\s>]/

    public func sniff(_ request: SniffRequest) -> Double {
        let head = String(decoding: request.prefix.prefix(2048), as: UTF8.self).lowercased()
        let start = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") { return 0.95 }
        if head.containsBytes("<html") || head.containsBytes("<head") || head.containsBytes("<body") { return 0.8 }
        if start.hasPrefix("<"), head.contains(Self.markupTag) { return 0.6 }
        return 0
    }

    /// The most NUL bytes the first kilobyte of a page may hold (and at most one byte in sixteen).
    private static let strayNULs = 4

    public func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] {
        guard !request.data.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) is empty; there is nothing to archive.")
        }
        // Binary data, or UTF-16 without a byte-order mark, has NUL bytes all through it; a page with a stray one (a
        // content system's fault) is still a page, and the parser reads past it.
        let head = request.data.prefix(1024)
        let nuls = head.count { $0 == 0 }
        if nuls > Self.strayNULs || nuls * 16 > head.count, !request.data.starts(with: [0xFF, 0xFE]),
            !request.data.starts(with: [0xFE, 0xFF])
        {
            throw ArchiveError(
                .undecodableInput,
                "\(request.name) contains NUL bytes, so it is binary data, not an HTML page; choose the right file "
                    + "or format.",
                field: .format
            )
        }
        // A UTF-8 page with a few broken bytes is read as UTF-8, each broken byte a U+FFFD; the original is kept as is.
        let data = HTMLEncoding.mendedUTF8(request.data) ?? request.data
        let encoding = HTMLEncoding.override(for: data, mediaType: request.mediaType)
        let tree = try HTMLTree(data: data, encoding: encoding, name: request.name)
        guard tree.nodes.count > 1 else {
            throw ArchiveError(
                .undecodableInput,
                "\(request.name) holds no HTML elements; check that it is a web page, or read it as text.",
                field: .format
            )
        }
        // A page with no readable text (a script-only app, a block page) is still archived, bytes and metadata.
        var document = HTMLPage(tree: tree, sourceURL: request.sourceURL, isFragment: request.isFragment).document
        // The encoding the page was read in where its bytes do not say it themselves (no byte-order mark, no
        // `<meta charset>`, or one they contradict): whoever serves the original must name it.
        if let encoding { document.metadata["encoding"] = encoding }
        return [ImportedDocument(document: document)]
    }
}
