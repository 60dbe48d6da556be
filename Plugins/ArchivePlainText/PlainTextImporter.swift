public import ArchiveCore
import ArchiveText
import Foundation

/// Imports plain text: UTF-8, UTF-16 with a BOM, or Windows-1251 detected from the bytes.
///
/// The title is a `Title:` header or the first non-empty line; publication and update dates come from labelled
/// lines in English, Russian, Kazakh and other languages ("Published", "Дата публикации", "Жарияланған күні");
/// the body stops before trailing page chrome such as related-article lists, social links and footer menus.
public struct PlainTextImporter: DocumentImporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            format: .plainText,
            name: "Plain text",
            mediaTypes: ["text/plain"],
            fileExtensions: ["txt", "text"]
        )
    }

    public func sniff(_ request: SniffRequest) -> Double {
        // The first 8 KiB tell text from binary as well as the whole prefix, at a fraction of the decoding.
        let sample = request.prefix.prefix(Self.sniffedBytes)
        if let decoded = try? TextDecoding(sample, name: "sample") {
            return confidence(decoded.text)
        }
        // A sample cut inside a multi-byte UTF-8 character is still text.
        for cut in 1...3 where sample.count > cut {
            if let text = String(data: sample.dropLast(cut), encoding: .utf8),
                (try? TextDecoding(Data(text.utf8), name: "sample")) != nil
            {
                return confidence(text)
            }
        }
        return 0
    }

    private static let sniffedBytes = 8 * 1024

    private func confidence(_ text: String) -> Double {
        let start = text.drop { $0.isWhitespace }.prefix(1)
        // Markup and JSON are text too, but other importers should take them.
        return start == "<" || start == "{" || start == "[" ? 0.1 : 0.5
    }

    public func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] {
        let decoded = try TextDecoding(request.data, name: request.name, mediaType: request.mediaType)
        let layout = PlainTextLayout(text: decoded.text)
        guard layout.title != nil || !layout.blocks.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) holds only white space; there is nothing to archive.")
        }
        let body = layout.blocks.map(\.text).joined(separator: "\n")
        let document = Document(
            source: request.sourceURL ?? layout.source,
            title: layout.title,
            published: layout.published,
            updated: layout.updated,
            language: LanguageGuess.language(of: body.isEmpty ? layout.title ?? "" : body),
            blocks: layout.blocks,
            metadata: ["encoding": decoded.encoding]
        )
        return [ImportedDocument(document: document)]
    }
}
