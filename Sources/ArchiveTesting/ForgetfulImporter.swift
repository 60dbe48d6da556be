public import ArchiveCore

/// An importer that reads as `base` does but finds no title and no dates, as an older build might have: what
/// `mura reextract` tests ingest with before reading the originals again with today's importers.
public struct ForgetfulImporter: DocumentImporter {
    public let base: any DocumentImporter
    public var format: DocumentFormat?

    /// Reads as `base`; with a `format`, under that format of its own (which no built-in importer has).
    public init(base: any DocumentImporter, format: DocumentFormat? = nil) {
        self.base = base
        self.format = format
    }

    public var descriptor: PluginDescriptor {
        var descriptor = base.descriptor
        if let format {
            descriptor = PluginDescriptor(format: format, name: "legacy", mediaTypes: [], fileExtensions: ["legacy"])
        }
        return descriptor
    }

    public func sniff(_ request: SniffRequest) -> Double { format == nil ? base.sniff(request) : 0 }

    public func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] {
        try base.importDocuments(request).map { item in
            var item = item
            item.document.title = nil
            item.document.published = nil
            item.document.updated = nil
            return item
        }
    }
}
