public import Foundation

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

    public init(compression: BundleCompression = .default, sourceOrganization: String? = nil) {
        kind = Self.kindMarker
        layoutVersion = Self.currentLayoutVersion
        self.compression = compression
        self.sourceOrganization = sourceOrganization
    }

    /// The folder layout this version of Mura writes and reads.
    public static let currentLayoutVersion = 1
    static let kindMarker = "mura-archive"
    static let fileName = "mura-archive.json"
}
