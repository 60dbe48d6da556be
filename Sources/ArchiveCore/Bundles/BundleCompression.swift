/// How bundles are compressed: an archive setting.
public struct BundleCompression: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The compression filter.
    public enum Algorithm: String, Codable, CaseIterable, Sendable {
        case zstd
        case xz
        case gzip

        /// The file extension of a bundle with this filter.
        public var fileExtension: String {
            switch self {
            case .zstd: "tar.zst"
            case .xz: "tar.xz"
            case .gzip: "tar.gz"
            }
        }

        /// The levels the filter accepts.
        public var levels: ClosedRange<Int> {
            switch self {
            case .zstd: 1...19
            case .xz: 0...9
            case .gzip: 1...9
            }
        }
    }

    public var algorithm: Algorithm
    public var level: Int
    /// Whether every bundle is kept self-contained (no dictionary, no base version: each opens alone with `tar`, at
    /// several times the bytes); absent means no. Only zstd bundles share content.
    public var selfContained: Bool?

    /// Whether new bundles are written in the shared form (``BundleHeader``).
    public var sharesContent: Bool { algorithm == .zstd && selfContained != true }

    /// zstd at level 3.
    public static let `default` = BundleCompression(algorithm: .zstd, level: 3)

    public init(algorithm: Algorithm, level: Int? = nil, selfContained: Bool = false) {
        self.algorithm = algorithm
        self.level = level ?? (algorithm == .zstd ? 3 : 6)
        self.selfContained = selfContained ? true : nil
    }

    /// Checks that the level is in range for the algorithm.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidSettings``.
    public func validate() throws {
        guard algorithm.levels.contains(level) else {
            throw ArchiveError(
                .invalidSettings,
                "Compression level \(level) is out of range for \(algorithm.rawValue); "
                    + "use \(algorithm.levels.lowerBound) to \(algorithm.levels.upperBound)."
            )
        }
    }

    public var description: String {
        "\(algorithm.rawValue) level \(level)"
            + (sharesContent ? ", shared" : algorithm == .zstd ? ", self-contained" : "")
    }
}
