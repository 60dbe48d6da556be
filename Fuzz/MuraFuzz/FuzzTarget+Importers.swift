import ArchiveBuiltins
import ArchiveCore
import ArchiveHTML
import ArchiveJSON
import ArchivePlainText
import Foundation

extension FuzzTarget {
    /// The built-in importers, as an ingest or a received bag reaches them: sniffing on the first 64 KiB, then
    /// reading the whole input.
    static let importers: [FuzzTarget] = [
        FuzzTarget(
            name: "import-text",
            maximumLength: 16 * 1024,
            summary: "PlainTextImporter: sniff and import (UTF-8/16, Windows-1251, labelled dates, layout)",
            run: { importOnce(PlainTextImporter(), $0) }
        ),
        FuzzTarget(
            name: "import-html",
            maximumLength: 64 * 1024,
            summary: "HTMLImporter: sniff and import (libxml2 tree, encodings, metadata, dates, main text)",
            run: { importOnce(HTMLImporter(), $0) }
        ),
        FuzzTarget(
            name: "import-json",
            maximumLength: 32 * 1024,
            summary: "JSONImporter with the HTML importer: Mura JSON, JSON Feed, WordPress, schema.org",
            run: { importOnce(JSONImporter(html: HTMLImporter()), $0) }
        ),
        FuzzTarget(
            name: "sniff",
            maximumLength: 8 * 1024,
            summary: "content sniffing: every importer's sniff and PluginRegistry.importer(for:) with no format",
            run: sniff
        ),
    ]

    private static let registry = PluginRegistry.builtIn

    private static func importOnce(_ importer: some DocumentImporter, _ data: Data) {
        let confidence = importer.sniff(SniffRequest(prefix: data.prefix(64 * 1024)))
        precondition((0...1).contains(confidence), "sniff gave \(confidence), outside 0...1")
        _ = try? importer.importDocuments(ImportRequest(data: data, name: "the fuzz input"))
    }

    private static func sniff(_ data: Data) {
        // The first byte picks a file name, so that extension hints take part.
        let names: [String?] = [nil, "page.html", "notes.txt", "feed.json", "page", "x.HTM"]
        let fileName = data.first.map { names[Int($0) % names.count] } ?? nil
        let prefix = data.dropFirst().prefix(64 * 1024)
        for importer in registry.importers {
            let confidence = importer.sniff(SniffRequest(prefix: Data(prefix), fileName: fileName))
            precondition((0...1).contains(confidence), "\(importer.descriptor.format) sniff gave \(confidence)")
        }
        _ = try? registry.importer(for: .init(fileName: fileName, prefix: Data(prefix)))
    }
}
