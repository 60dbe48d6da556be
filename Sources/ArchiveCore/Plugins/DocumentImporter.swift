public import Foundation

/// Turns the bytes of a publication into normalized ``Document`` values.
///
/// Importers are stateless `Sendable` structs registered in a ``PluginRegistry``. The archive keeps the original
/// bytes itself; an importer only reads them.
///
/// ```swift
/// struct MyImporter: DocumentImporter {
///     var descriptor: PluginDescriptor { .init(format: "my", name: "My format", mediaTypes: [], fileExtensions: ["my"]) }
///     func sniff(_ request: SniffRequest) -> Double { request.prefix.starts(with: Data("MY".utf8)) ? 0.9 : 0 }
///     func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] { ... }
/// }
/// ```
public protocol DocumentImporter: Sendable {
    /// What this importer handles.
    var descriptor: PluginDescriptor { get }

    /// How sure this importer is that it can read the input, from 0 (not at all) to 1 (certain).
    func sniff(_ request: SniffRequest) -> Double

    /// Reads the input into one or more documents.
    ///
    /// - Throws: ``ArchiveError`` with ``ArchiveError/Code-swift.struct/undecodableInput`` or
    ///   ``ArchiveError/Code-swift.struct/emptyInput``, naming ``ImportRequest/name``.
    func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument]
}

/// The input to ``DocumentImporter/importDocuments(_:)``.
public struct ImportRequest: Sendable {
    /// The input bytes.
    public var data: Data
    /// A name for the input in messages: a file path or `stdin`.
    public var name: String
    /// The declared media type, if any.
    public var mediaType: String?
    /// The source URL given by the user, if any.
    public var sourceURL: String?
    /// The input is a fragment of content (the HTML body of a feed item or an API record), not a whole page:
    /// read all of it as the main text.
    public var isFragment: Bool

    public init(data: Data, name: String, mediaType: String? = nil, sourceURL: String? = nil, isFragment: Bool = false)
    {
        self.data = data
        self.name = name
        self.mediaType = mediaType
        self.sourceURL = sourceURL
        self.isFragment = isFragment
    }
}

/// The input to ``DocumentImporter/sniff(_:)``: the first bytes of the input and its name.
public struct SniffRequest: Sendable {
    /// Up to the first 64 KiB of the input.
    public var prefix: Data
    /// The input's file name, if any.
    public var fileName: String?

    public init(prefix: Data, fileName: String? = nil) {
        self.prefix = prefix
        self.fileName = fileName
    }
}

/// One document read by an importer.
public struct ImportedDocument: Sendable {
    /// The normalized document; its `id` may be empty, the archive assigns one.
    public var document: Document
    /// The original bytes of this document when they are a part of the input (one item of a feed);
    /// `nil` when the whole input is the original.
    public var original: Data?
    /// The file extension the original is kept under, when the importer knows it better than its descriptor's
    /// first (content kept without text: `pdf`, `png`).
    public var originalExtension: String?

    public init(document: Document, original: Data? = nil, originalExtension: String? = nil) {
        self.document = document
        self.original = original
        self.originalExtension = originalExtension
    }
}
