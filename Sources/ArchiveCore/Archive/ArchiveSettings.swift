import Foundation

/// The settings of one archive, kept in `mura-archive.json`, which also marks the folder as an archive.
public struct ArchiveSettings: Codable, Hashable, Sendable {
    /// Always `mura-archive`: tells this file apart from any other JSON.
    public var kind: String
    /// The layout version of the archive folder.
    public var layoutVersion: Int
    /// How new bundles are compressed.
    public var compression: BundleCompression
    /// The organization named as Source-Organization in exported bags.
    public var sourceOrganization: String?
    /// Who may read through the archive service; absent means ``ReadAccess/open``.
    public var readAccess: ReadAccess?
    /// How site owners reach whoever runs the archive (an e-mail address or a URL), sent with every page fetched
    /// (`mura capture`) in the `User-Agent`.
    public var contact: String?
    /// Whether each restore is recorded as a provenance event (a write for every read); absent means no. Ingests,
    /// exports, verifies and other writes are always recorded.
    public var recordsReads: Bool?

    /// Who may read through the archive service. Writes always need a write token.
    public enum ReadAccess: String, Codable, CaseIterable, Sendable {
        /// Anyone who reaches the service.
        case open
        /// Only requests with a read or write token.
        case token
    }

    public init(
        compression: BundleCompression = .default,
        sourceOrganization: String? = nil,
        readAccess: ReadAccess = .open,
        contact: String? = nil,
        recordsReads: Bool = false
    ) {
        kind = Self.kindMarker
        layoutVersion = Self.currentLayoutVersion
        self.compression = compression
        self.sourceOrganization = sourceOrganization
        self.readAccess = readAccess
        self.contact = contact
        self.recordsReads = recordsReads ? true : nil
    }

    /// Whether reads through the service need a token.
    public var readsNeedToken: Bool { readAccess == .token }

    /// The folder layout this version of Mura writes and reads.
    public static let currentLayoutVersion = 1
    static let kindMarker = "mura-archive"
    public static let fileName = "mura-archive.json"
}

extension ArchiveSettings {
    /// The settings in `data`, read from the file `marker`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidSettings`` naming the file.
    static func decode(_ data: Data, from marker: URL) throws -> ArchiveSettings {
        do {
            return try JSONDecoder().decode(ArchiveSettings.self, from: data)
        } catch {
            throw ArchiveError(
                .invalidSettings,
                "\(marker.path) is not valid archive settings; restore it from a backup.",
                underlying: error
            )
        }
    }

    /// Writes the settings file whole or not at all: a staged copy, synced, then renamed over the old one.
    func write(to marker: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let staged = marker.deletingLastPathComponent().appending(path: ".\(Self.fileName).partial")
        try encoder.encode(self).write(to: staged)
        try FileSync.sync(fileAt: staged)
        guard rename(staged.path, marker.path) == 0 else {
            try? FileManager.default.removeItem(at: staged)
            throw ArchiveError(.writeFailed, "Could not replace \(marker.path) (errno \(errno)).")
        }
    }
}
