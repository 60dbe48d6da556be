public import Foundation

/// The answer to a search: documents, best first, each with its matching version and a snippet.
public struct SearchResults: Codable, Hashable, Sendable {
    /// The documents of this page.
    public var hits: [SearchHit]
    /// The offset of the next page, when more documents match.
    public var nextOffset: Int?

    public init(hits: [SearchHit], nextOffset: Int?) {
        self.hits = hits
        self.nextOffset = nextOffset
    }
}

/// One document a search found.
public struct SearchHit: Codable, Hashable, Sendable {
    public var documentID: String
    /// The version that matched best (with `at`, the version in force then).
    public var versionID: String
    public var capturedAt: Date
    public var title: String?
    public var published: Date?
    /// Relevance: higher is better (BM25, titles weighing four times the text).
    public var score: Double
    /// The passage around the matches; `nil` when the version's bundle could not be read.
    public var snippet: Snippet?

    public init(version: Version, score: Double, snippet: Snippet?) {
        documentID = version.documentID
        versionID = version.id
        capturedAt = version.capturedAt
        title = version.title
        published = version.published
        self.score = score
        self.snippet = snippet
    }
}
