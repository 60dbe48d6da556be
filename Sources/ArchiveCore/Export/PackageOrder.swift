public import Foundation

/// An export as the user asks for it: which documents and dates, as which package, with which renderings, in which
/// serialization. The command line and the service both fill one in; ``validated(registry:)`` is the one place that
/// checks it, and ``Archive/export(_:to:registry:progress:)`` the one place that runs it.
public struct PackageOrder: Hashable, Sendable {
    /// The package standard.
    public enum Kind: String, CaseIterable, Codable, Hashable, Sendable {
        /// BagIt 1.0: a folder or a serialized bag.
        case bagit
        /// OCFL 1.1: a storage root with one object per document.
        case ocfl
        /// WARC 1.1 (`.warc.gz`), for web-archive replay tools.
        case warc

        /// Whether renderings (text, HTML, JSON beside each original) go into this package.
        public var takesRenderings: Bool { self != .warc }

        /// "a BagIt bag", for reports.
        public var summary: String {
            switch self {
            case .bagit: "a BagIt bag"
            case .ocfl: "OCFL versions"
            case .warc: "a WARC file"
            }
        }
    }

    /// How a bag or an OCFL root is packed into one file.
    public enum Serialization: String, CaseIterable, Codable, Hashable, Sendable {
        case tar
        case tarGzip = "tar.gz"
        case tarZstd = "tar.zst"
        case tarXz = "tar.xz"
        case zip

        /// The file's media type.
        public var mediaType: String {
            switch self {
            case .tar: "application/x-tar"
            case .tarGzip: "application/gzip"
            case .tarZstd: "application/zstd"
            case .tarXz: "application/x-xz"
            case .zip: "application/zip"
            }
        }

        /// The serialization a file name's extension names; `nil` for a folder or another extension.
        public init?(fileName: String) {
            let name = fileName.lowercased()
            guard
                let match = Self.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
                    .first(where: { name.hasSuffix("." + $0.rawValue) })
            else { return nil }
            self = match
        }
    }

    public var kind: Kind
    /// The documents; empty with `all`.
    public var documents: [String]
    /// Every document instead of named ones.
    public var all: Bool
    public var since: Date?
    public var until: Date?
    public var at: Date?
    /// Renderings beside each original, by exporter format (BagIt and OCFL).
    public var renderings: [DocumentFormat]
    /// How a bag or an OCFL root is packed into one file; `nil` lets the target decide (a folder, or its file
    /// extension). A WARC file is always `.warc.gz`.
    public var serialization: Serialization?

    public init(
        kind: Kind = .bagit,
        documents: [String] = [],
        all: Bool = false,
        since: Date? = nil,
        until: Date? = nil,
        at: Date? = nil,
        renderings: [DocumentFormat] = [],
        serialization: Serialization? = nil
    ) {
        self.kind = kind
        self.documents = documents
        self.all = all
        self.since = since
        self.until = until
        self.at = at
        self.renderings = renderings
        self.serialization = serialization
    }

    /// The versions the order selects.
    public var selection: ExportSelection {
        ExportSelection(documentIDs: all ? [] : documents, since: since, until: until, at: at)
    }

    /// Checks the order and returns the exporters of its renderings.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` naming the ``ArchiveError/Field`` at fault, or
    ///   ``ArchiveError/Code-swift.struct/unknownFormat`` for a rendering no exporter makes.
    public func validated(registry: PluginRegistry) throws -> [any DocumentExporter] {
        if documents.isEmpty, !all {
            throw ArchiveError(
                .invalidArgument,
                "Name the documents to export, or export all of them.",
                field: .documents
            )
        }
        if !documents.isEmpty, all {
            throw ArchiveError(
                .invalidArgument,
                "Name documents or export all of them, not both.",
                field: .documents
            )
        }
        if !renderings.isEmpty, !kind.takesRenderings {
            let takers = Kind.allCases.filter(\.takesRenderings).map(\.rawValue).joined(separator: " and ")
            throw ArchiveError(
                .invalidArgument,
                "Renderings go into \(takers) packages only, not \(kind.rawValue).",
                field: .renderings
            )
        }
        if serialization != nil, kind == .warc {
            throw ArchiveError(
                .invalidArgument,
                "A WARC file is sent as it is written (.warc.gz); serialization applies to bagit and ocfl packages "
                    + "only: leave it out.",
                field: .serialization
            )
        }
        return try renderings.map { format in
            do {
                return try registry.exporter(for: format)
            } catch var error as ArchiveError {
                error.field = .renderings
                throw error
            }
        }
    }
}
