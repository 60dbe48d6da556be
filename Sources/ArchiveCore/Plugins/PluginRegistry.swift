public import Foundation

/// The importers and exporters an archive front end can use: built once, then passed down.
///
/// ```swift
/// var registry = PluginRegistry()
/// registry.register(importer: .plainText)
/// let importer = try registry.importer(for: .init(format: nil, mediaType: nil, fileName: "a.txt", prefix: data))
/// ```
public struct PluginRegistry: Sendable {
    private var importersByFormat: [DocumentFormat: any DocumentImporter] = [:]
    private var exportersByFormat: [DocumentFormat: any DocumentExporter] = [:]

    public init() {}

    /// Adds an importer; a later one for the same format replaces an earlier one.
    public mutating func register(importer: some DocumentImporter) {
        importersByFormat[importer.descriptor.format] = importer
    }

    /// Adds an exporter; a later one for the same format replaces an earlier one.
    public mutating func register(exporter: some DocumentExporter) {
        exportersByFormat[exporter.descriptor.format] = exporter
    }

    /// The registered importers, sorted by format.
    public var importers: [any DocumentImporter] {
        importersByFormat.keys.sorted().compactMap { importersByFormat[$0] }
    }

    /// The registered exporters, sorted by format.
    public var exporters: [any DocumentExporter] {
        exportersByFormat.keys.sorted().compactMap { exportersByFormat[$0] }
    }

    /// The importer for an explicit format.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownFormat`` listing the registered formats.
    public func importer(for format: DocumentFormat) throws -> any DocumentImporter {
        guard let importer = importersByFormat[format] else {
            throw ArchiveError(
                .unknownFormat,
                "No importer for format '\(format)'. Registered formats: \(Self.list(importersByFormat.keys))."
            )
        }
        return importer
    }

    /// The exporter for a format.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownFormat`` listing the registered formats.
    public func exporter(for format: DocumentFormat) throws -> any DocumentExporter {
        guard let exporter = exportersByFormat[format] else {
            throw ArchiveError(
                .unknownFormat,
                "No exporter for format '\(format)'. Registered formats: \(Self.list(exportersByFormat.keys))."
            )
        }
        return exporter
    }

    /// The importer whose descriptor declares a media type (parameters such as `charset` and case are ignored).
    public func importer(forMediaType mediaType: String) -> (any DocumentImporter)? {
        let bare = Self.bareMediaType(mediaType)
        guard !bare.isEmpty else { return nil }
        return importers.first { $0.descriptor.mediaTypes.contains(bare) }
    }

    /// The media type of an original read by a format's importer: the first its descriptor declares, else
    /// `application/octet-stream`. No charset: originals are kept as they came, in whatever encoding that was.
    public func mediaType(of format: DocumentFormat) -> String {
        importersByFormat[format]?.descriptor.mediaTypes.first ?? "application/octet-stream"
    }

    /// The media type of a version's original: as the server sent it when the version was fetched, else as the
    /// importer kept it (`mediaType` in the document's metadata, for content kept without text), else its format's,
    /// with the character set the importer read a text in (`encoding` in the metadata) where the bytes do not say it.
    public func mediaType(of version: Version, document: Document, response: CapturedResponse?) -> String {
        if let sent = response?.value("Content-Type"), !sent.isEmpty { return sent }
        if let kept = document.metadata["mediaType"], !kept.isEmpty { return kept }
        let type = mediaType(of: version.format)
        guard type.hasPrefix("text/"), let encoding = document.metadata["encoding"],
            !encoding.isEmpty, encoding.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") })
        else { return type }
        return "\(type); charset=\(encoding.lowercased())"
    }

    /// Every media type the importers declare, in the order of their formats.
    public var importedMediaTypes: [String] { importers.flatMap(\.descriptor.mediaTypes) }

    /// Picks the importer for an input: the explicit format, else the media type, else the importer most
    /// confident from the content, with a matching file extension counting as a hint.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownFormat`` when the explicit format is unknown or no
    ///   importer recognises the input.
    public func importer(for request: ResolveRequest) throws -> any DocumentImporter {
        if let format = request.format {
            return try importer(for: format)
        }
        if let match = request.mediaType.flatMap(importer(forMediaType:)) {
            return match
        }
        // The extension is a hint worth 0.3 of confidence: content that another importer recognises clearly
        // wins over a misleading extension.
        let sniff = SniffRequest(prefix: request.prefix, fileName: request.fileName)
        let ext = request.fileName.map { ($0 as NSString).pathExtension.lowercased() } ?? ""
        let ranked = importers.map { importer -> (any DocumentImporter, Double) in
            let hint = !ext.isEmpty && importer.descriptor.fileExtensions.contains(ext) ? 0.3 : 0
            return (importer, importer.sniff(sniff) + hint)
        }
        if let (importer, score) = ranked.max(by: { $0.1 < $1.1 }), score > 0 {
            return importer
        }
        let name = request.fileName ?? "the input"
        throw ArchiveError(
            .unknownFormat,
            "No importer recognises \(name). Registered formats: \(Self.list(importersByFormat.keys)); "
                + "name the format of the input.",
            field: .format
        )
    }

    private static func bareMediaType(_ mediaType: String) -> String {
        String(mediaType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    private static func list(_ formats: Dictionary<DocumentFormat, some Any>.Keys) -> String {
        formats.isEmpty ? "none" : formats.sorted().map(\.rawValue).joined(separator: ", ")
    }
}

extension PluginRegistry {
    /// What is known about an input when its importer is chosen.
    public struct ResolveRequest: Sendable {
        public var format: DocumentFormat?
        public var mediaType: String?
        public var fileName: String?
        /// The first bytes of the input, for sniffing.
        public var prefix: Data

        public init(format: DocumentFormat? = nil, mediaType: String? = nil, fileName: String? = nil, prefix: Data) {
            self.format = format
            self.mediaType = mediaType
            self.fileName = fileName
            self.prefix = prefix
        }
    }
}
