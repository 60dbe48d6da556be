import ArchiveCore
import ArchiveHTML
public import Foundation

/// What a watched source lists: the publications (their URLs, and the date the source gives each, if any), and for
/// a sitemap index the sitemaps it names.
public struct SourceListing: Sendable, Equatable {
    /// What the source was read as.
    public enum Kind: String, Codable, Sendable {
        case rss, atom
        case jsonFeed = "json-feed"
        case sitemap
        case sitemapIndex = "sitemap-index"
        case listing
    }

    /// One publication, or one sitemap of an index.
    public struct Item: Codable, Hashable, Sendable {
        public var url: String
        /// `lastmod`, an entry's `updated`, an item's `pubDate`: when the source says it last changed.
        public var date: Date?

        public init(url: String, date: Date? = nil) {
            self.url = url
            self.date = date
        }
    }

    public var kind: Kind
    public var items: [Item]

    /// The most a gzipped sitemap may hold once decompressed (the sitemap protocol allows 50 MB).
    static let maximumSize = 64 << 20

    /// Reads a source's `body` fetched from `url`: an RSS 2.0 (or 1.0) or Atom 1.0 feed, a JSON Feed, a sitemap or
    /// sitemap index (gzipped too), else an HTML listing page whose links under `prefix` are the publications (by
    /// default, links under the listing page's own folder). Relative URLs are resolved against `url`; each is named
    /// as captures name pages (``PageIdentity``: no fragment, no tracking parameters), and repeats are dropped.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming `url` when the body is none of these.
    public static func read(_ body: Data, url: String, prefix: String? = nil) throws -> SourceListing {
        var body = body
        if body.starts(with: [0x1F, 0x8B]) {
            body = try LibArchiveStream(data: body, name: url).readAll(limit: maximumSize)
            // libarchive passes on what its gzip filter does not take: a damaged header.
            guard !body.starts(with: [0x1F, 0x8B]) else {
                throw ArchiveError(.undecodableInput, "\(url) is a damaged gzip file; a complete copy is needed.")
            }
        }
        let start = body.prefix(512).drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if start.first == UInt8(ascii: "{") {
            return try jsonFeed(body, url: url)
        }
        let opening = String(decoding: start.prefix(300), as: UTF8.self).lowercased()
        let isXML =
            opening.hasPrefix("<?xml")
            || ["<rss", "<feed", "<urlset", "<sitemapindex", "<rdf:rdf"].contains(where: opening.hasPrefix)
        // libxml2 builds the whole document before any of it is read: a crafted one of millions of empty elements
        // would take gigabytes.
        if isXML, Self.tagCount(body) > 4 * XMLElement.maximumElements {
            throw ArchiveError(
                .undecodableInput,
                "\(url) holds more than \(4 * XMLElement.maximumElements) tags, more than a feed or a sitemap has (a "
                    + "sitemap lists at most 50,000 addresses), and was not read; watch the site's sitemap index or "
                    + "a feed instead."
            )
        }
        if isXML, let parsed = XMLElement.parseNotingFault(body) {
            let listing = parsed.root.flatMap { xml($0, url: url) }
            // What libxml2 recovered of a damaged feed counts when it lists publications; a feed it had to stop
            // reading before any (entities that expand without end, nesting too deep) is an error, not an empty feed.
            if let listing, !listing.items.isEmpty || parsed.fault == nil { return listing }
            if let fault = parsed.fault, listing != nil || parsed.root == nil {
                throw ArchiveError(
                    .undecodableInput,
                    "\(url) is not well-formed XML (line \(fault.line): \(fault.message)), and no publication could be "
                        + "read from it; ask its publisher to mend it, or watch the site's listing page instead."
                )
            }
        }
        guard body.prefix(4096).contains(UInt8(ascii: "<")), !body.prefix(4096).contains(0) else {
            throw ArchiveError(
                .undecodableInput,
                "\(url) is not a feed (RSS, Atom, JSON Feed), a sitemap or an HTML listing page; watch one of those."
            )
        }
        let links = try HTMLLinks.links(in: body, pageURL: url, name: url)
        let under = prefix ?? defaultPrefix(of: url)
        let page = PageIdentity.id(of: url)
        return SourceListing(
            kind: .listing,
            items: unique(
                links.filter { $0.hasPrefix(under) }.compactMap { PageIdentity.id(of: $0) }.filter { $0 != page }
                    .map { Item(url: $0) }
            )
        )
    }

    /// How many tags (`<`) the body holds, counted up to one past the most a listing is read with.
    private static func tagCount(_ body: Data) -> Int {
        let most = 4 * XMLElement.maximumElements
        return body.withUnsafeBytes { bytes in
            var count = 0
            for byte in bytes where byte == UInt8(ascii: "<") {
                count += 1
                if count > most { break }
            }
            return count
        }
    }

    /// The folder of a listing page's URL: `https://gov.example/news/` for `https://gov.example/news/` and for
    /// `https://gov.example/news/index.html`.
    static func defaultPrefix(of url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.query = nil
        components.fragment = nil
        let path = components.path
        components.path = path.hasSuffix("/") ? path : String(path[...(path.lastIndex(of: "/") ?? path.startIndex)])
        if components.path.isEmpty { components.path = "/" }
        return components.string ?? url
    }

    private static func xml(_ root: XMLElement, url: String) -> SourceListing? {
        let base = URL(string: url)
        func absolute(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty,
                let resolved = URL(string: SourceURL.encoded(text), relativeTo: base)?.absoluteString,
                PageIdentity.id(of: resolved) != nil
            else { return nil }
            return PageIdentity.id(of: resolved)
        }
        func date(_ element: XMLElement?) -> Date? { element.flatMap { FeedDate.parse($0.text) } }
        var kind: Kind
        var items: [Item] = []
        switch root.name {
        case "urlset", "sitemapindex":
            kind = root.name == "urlset" ? .sitemap : .sitemapIndex
            for entry in root.children where entry.name == "url" || entry.name == "sitemap" {
                if let loc = absolute(entry.child("loc")?.text) {
                    items.append(Item(url: loc, date: date(entry.child("lastmod"))))
                }
            }
        case "rss", "RDF":
            kind = .rss
            let channel = root.child("channel")
            // RSS 1.0 puts its items beside the channel, RSS 2.0 inside it.
            for entry in (channel?.children("item") ?? []) + root.children("item") {
                let guid = entry.child("guid").flatMap {
                    $0.attributes["isPermaLink"]?.lowercased() == "false" ? nil : $0.text
                }
                let atomLink = entry.children("link").first { $0.attributes["href"] != nil }?.attributes["href"]
                guard let link = absolute(entry.child("link")?.text) ?? absolute(atomLink) ?? absolute(guid) else {
                    continue
                }
                let dated = ["updated", "modified", "date", "pubDate", "published"].lazy.compactMap {
                    date(entry.child($0))
                }
                items.append(Item(url: link, date: dated.first))
            }
        case "feed":
            kind = .atom
            for entry in root.children("entry") {
                let links = entry.children("link")
                let alternate = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" } ?? links.first
                guard let link = absolute(alternate?.attributes["href"]) ?? absolute(entry.child("id")?.text) else {
                    continue
                }
                items.append(Item(url: link, date: date(entry.child("updated")) ?? date(entry.child("published"))))
            }
        default:
            return nil
        }
        return SourceListing(kind: kind, items: unique(items))
    }

    private static func jsonFeed(_ body: Data, url: String) throws -> SourceListing {
        struct Feed: Decodable {
            struct Entry: Decodable {
                var url: String?
                var externalURL: String?
                var id: String?
                var dateModified: String?
                var datePublished: String?

                enum CodingKeys: String, CodingKey {
                    case url, id
                    case externalURL = "external_url"
                    case dateModified = "date_modified"
                    case datePublished = "date_published"
                }
            }

            var version: String
            var items: [Entry]
        }
        guard let feed = try? JSONDecoder().decode(Feed.self, from: body), feed.version.contains("jsonfeed.org") else {
            throw ArchiveError(
                .undecodableInput,
                "\(url) is JSON but not a JSON Feed (https://jsonfeed.org/version/1.1); watch a feed, a sitemap or a "
                    + "listing page."
            )
        }
        let base = URL(string: url)
        let items = feed.items.compactMap { entry -> Item? in
            guard let text = entry.url ?? entry.externalURL ?? entry.id,
                let link = URL(string: SourceURL.encoded(text), relativeTo: base)?.absoluteString,
                let id = PageIdentity.id(of: link)
            else { return nil }
            return Item(url: id, date: (entry.dateModified ?? entry.datePublished).flatMap(FeedDate.parse))
        }
        return SourceListing(kind: .jsonFeed, items: unique(items))
    }

    /// The first of each URL.
    private static func unique(_ items: [Item]) -> [Item] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.url).inserted }
    }
}
