public import Foundation

/// Where an archive keeps its zstd dictionaries: `dictionaries/<sha256>.zdict`, each immutable and named by its
/// content, with `dictionaries/<sha256>.json` beside it saying what it was trained for (``DictionaryInfo``).
public enum DictionaryLayout {
    /// The folder prefix of dictionary keys.
    public static let prefix = "dictionaries/"

    /// The key of the dictionary whose bytes have the SHA-256 `sha256`.
    public static func key(sha256: String) -> String { "\(prefix)\(sha256).zdict" }

    /// The key of the description of the dictionary with SHA-256 `sha256`.
    public static func infoKey(sha256: String) -> String { "\(prefix)\(sha256).json" }

    /// The SHA-256 a dictionary key names; `nil` when `key` is not a dictionary key.
    public static func sha256(ofKey key: String) -> String? {
        guard key.hasPrefix(prefix), key.hasSuffix(".zdict") else { return nil }
        let sha = String(key.dropFirst(prefix.count).dropLast(".zdict".count))
        return BundleHeader.isDigest(sha) ? sha : nil
    }
}

/// What a dictionary was trained for, kept in `dictionaries/<sha256>.json`.
public struct DictionaryInfo: Codable, Hashable, Sendable {
    /// `site:<host>` for one site's pages, `archive` for every page without a dictionary of its site.
    public var scope: String
    /// The dictionary's key.
    public var key: String
    public var trainedAt: Date
    /// How many versions it was trained on.
    public var samples: Int

    /// The scope of the pages of `host`.
    public static func siteScope(_ host: String) -> String { "site:\(host.lowercased())" }
    /// The scope of every page.
    public static let archiveScope = "archive"

    public init(scope: String, key: String, trainedAt: Date, samples: Int) {
        self.scope = scope
        self.key = key
        self.trainedAt = trainedAt
        self.samples = samples
    }

    /// Dates as ISO 8601, keys sorted.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// The scope a version's source URL falls in, for choosing its dictionary.
    public static func site(of source: String?) -> String? {
        guard let source, let host = URLComponents(string: source)?.host, !host.isEmpty else { return nil }
        return siteScope(host)
    }
}
