public import Foundation

/// A full-text search: the query and what narrows it.
public struct SearchRequest: Hashable, Sendable {
    /// The query.
    public var query: SearchQuery
    /// Search the archive as it stood at this date: only the versions in force then. `nil`: every version, each
    /// document once with its best-matching version.
    public var at: Date?
    /// Only this document.
    public var documentID: String?
    /// Only documents whose id begins with this.
    public var idPrefix: String?
    /// Only versions captured at or after this.
    public var capturedSince: Date?
    /// Only versions captured at or before this.
    public var capturedUntil: Date?
    /// Only versions whose publication date is at or after this.
    public var publishedSince: Date?
    /// Only versions whose publication date is at or before this.
    public var publishedUntil: Date?
    /// How many documents to answer.
    public var limit: Int
    /// How many of the best documents to skip (paging).
    public var offset: Int

    /// The most documents one answer holds.
    public static let maximumLimit = 200
    /// The most best documents one answer may skip: a search ranks every match to page past them, so deeper pages
    /// ask for a narrower query instead.
    public static let maximumOffset = 100_000

    public init(
        query: SearchQuery,
        at: Date? = nil,
        documentID: String? = nil,
        idPrefix: String? = nil,
        capturedSince: Date? = nil,
        capturedUntil: Date? = nil,
        publishedSince: Date? = nil,
        publishedUntil: Date? = nil,
        limit: Int = 20,
        offset: Int = 0
    ) {
        self.query = query
        self.at = at
        self.documentID = documentID
        self.idPrefix = idPrefix
        self.capturedSince = capturedSince
        self.capturedUntil = capturedUntil
        self.publishedSince = publishedSince
        self.publishedUntil = publishedUntil
        self.limit = limit
        self.offset = offset
    }
}
