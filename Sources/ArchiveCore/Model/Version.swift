public import Foundation

/// One immutable version of a document: the catalog's view of one bundle.
public struct Version: Codable, Hashable, Sendable {
    /// The immutable version id.
    public var id: String
    /// The document this version belongs to.
    public var documentID: String
    /// When this content was captured (not when it was ingested).
    public var capturedAt: Date
    /// The lowercase hex SHA-256 of the original bytes.
    public var sha256: String
    /// The size of the original in bytes.
    public var size: Int
    /// Where the bundle is in the bundle store.
    public var bundlePath: String
    /// The format of the original.
    public var format: DocumentFormat
    /// The id of the importer that read the original.
    public var importer: String
    /// The file extension of the original inside the bundle (`txt`, `html`, ...).
    public var originalExtension: String
    /// The source URL, when known.
    public var source: String?
    /// The title found by the importer.
    public var title: String?
    /// The publication date found by the importer.
    public var published: Date?
    /// The update date found by the importer.
    public var updated: Date?
    /// The language found by the importer.
    public var language: String?
    /// The store key of the newest re-extraction of this version's original (see ``Archive/reextract(_:registry:progress:)``),
    /// whose document replaces the bundle's own `document.json` for listings and renderings; `nil` while the
    /// bundle's document is the newest. The title, dates and language above are then that document's.
    public var extraction: String?
    /// The lowercase hex SHA-256 of the bundle file as it was written (its fixity value): `mura verify` compares
    /// the stored file with it, which finds damage that leaves the bundle readable (a compressed stream can decode
    /// the same after a byte changed). `nil` for versions stored before fixity was recorded, until a verify or a
    /// catalog rebuild records it.
    public var bundleSHA256: String?

    public init(
        id: String,
        documentID: String,
        capturedAt: Date,
        sha256: String,
        size: Int,
        bundlePath: String,
        format: DocumentFormat,
        importer: String,
        originalExtension: String,
        source: String? = nil,
        title: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        language: String? = nil,
        extraction: String? = nil,
        bundleSHA256: String? = nil
    ) {
        self.id = id
        self.documentID = documentID
        self.capturedAt = capturedAt
        self.sha256 = sha256
        self.size = size
        self.bundlePath = bundlePath
        self.format = format
        self.importer = importer
        self.originalExtension = originalExtension
        self.source = source
        self.title = title
        self.published = published
        self.updated = updated
        self.language = language
        self.extraction = extraction
        self.bundleSHA256 = bundleSHA256
    }

    /// This version as a re-extraction stored under `key` describes it: the document's title, dates and language.
    public func reextracted(as document: Document, key: String) -> Version {
        var version = self
        version.title = document.title
        version.published = document.published
        version.updated = document.updated
        version.language = document.language
        version.extraction = key
        return version
    }

    /// The path of the original inside the bundle.
    public var originalPath: String { "data/original.\(originalExtension)" }
}
