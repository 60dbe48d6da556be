public import ArchiveCore
import Foundation

/// Keeps content that no other importer reads (PDF, images, office files) as an original with its media type and no
/// text: what `mura capture` archives when a site publishes a report as a PDF, rather than refusing it.
///
/// It never recognises an input by itself (its ``sniff(_:)`` is 0), so `mura ingest` and `POST /documents` still
/// refuse content they cannot read unless the format is named (`--format binary`).
public struct BinaryImporter: DocumentImporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            format: .binary,
            name: "Any other content, kept as it is without text (only when named, and for captured pages)",
            mediaTypes: [],
            fileExtensions: ["bin"]
        )
    }

    public func sniff(_ request: SniffRequest) -> Double { 0 }

    public func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] {
        guard !request.data.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) is empty; there is nothing to archive.")
        }
        let mediaType = request.mediaType.map(Self.bare).flatMap { $0.isEmpty ? nil : $0 }
        var metadata: [String: String] = [:]
        if let mediaType { metadata["mediaType"] = mediaType }
        return [
            ImportedDocument(
                document: Document(source: request.sourceURL, metadata: metadata),
                originalExtension: Self.fileExtension(mediaType: mediaType, name: request.name)
            )
        ]
    }

    /// The extension an original of this media type is kept under, else the name's own (letters and digits, at most
    /// five), else `bin`.
    static func fileExtension(mediaType: String?, name: String) -> String {
        if let mediaType, let known = extensions[mediaType] { return known }
        let path = URL(string: name)?.path ?? name
        let ext = (path as NSString).pathExtension.lowercased()
        if (1...5).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return ext }
        return "bin"
    }

    static let extensions: [String: String] = [
        "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
        "image/svg+xml": "svg", "image/tiff": "tif", "application/msword": "doc", "application/vnd.ms-excel": "xls",
        "application/vnd.ms-powerpoint": "ppt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
        "application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods",
        "application/rtf": "rtf", "application/zip": "zip", "text/csv": "csv", "application/xml": "xml",
        "text/xml": "xml", "audio/mpeg": "mp3", "video/mp4": "mp4", "application/epub+zip": "epub",
    ]

    private static func bare(_ mediaType: String) -> String {
        String(mediaType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}

extension DocumentFormat {
    /// Content kept as it is, without text.
    public static let binary = DocumentFormat("binary")
}

extension DocumentImporter where Self == BinaryImporter {
    /// The fallback for content no other importer reads.
    public static var binary: Self { .init() }
}
