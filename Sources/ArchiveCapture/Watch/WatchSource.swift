import ArchiveCore
public import Foundation

/// A watched source: a feed, sitemap or listing page whose publications are captured when they appear and again on a
/// falling schedule.
public struct WatchSource: Codable, Hashable, Sendable {
    /// A short name for the source, from its URL.
    public var id: String
    public var url: String
    /// How often the source itself is read, in seconds.
    public var every: Int
    /// For a listing page: only links starting with this are publications.
    public var prefix: String?
    /// When given, a publication's document id is this followed by its URL's path and query (`press/` and
    /// `https://gov.example/news/42` give `press/news/42`); otherwise captures name pages as usual.
    public var idPrefix: String?
    /// Whether robots.txt is left unread for this source (only for your own sites).
    public var ignoresRobots: Bool
    public var added: Date

    public init(
        url: String,
        every: Int = 3600,
        prefix: String? = nil,
        idPrefix: String? = nil,
        ignoresRobots: Bool = false,
        added: Date
    ) {
        id = String(Digest.sha256(Data(url.utf8)).prefix(10))
        self.url = url
        self.every = every
        self.prefix = prefix
        self.idPrefix = idPrefix
        self.ignoresRobots = ignoresRobots
        // As the journal keeps it.
        self.added = ArchiveDate.roundedToMilliseconds(added)
    }

    /// The document id a publication at `url` gets from this source: `nil` unless the source has an id prefix.
    public func documentID(for url: String) -> String? {
        guard let idPrefix, let components = URLComponents(string: PageIdentity.id(of: url) ?? url) else { return nil }
        let path = components.percentEncodedPath.drop { $0 == "/" }
        return idPrefix + (path.removingPercentEncoding ?? String(path))
            + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
