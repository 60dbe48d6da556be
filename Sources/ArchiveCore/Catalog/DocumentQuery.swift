public import Foundation

/// Which documents a listing returns, a page at a time: filters, then ids in ascending order after a cursor.
///
/// ```swift
/// let page = try catalog.documents(DocumentQuery(idPrefix: "press/", limit: 100))
/// let next = try catalog.documents(DocumentQuery(idPrefix: "press/", after: page.last?.id, limit: 100))
/// ```
public struct DocumentQuery: Hashable, Sendable {
    /// Only ids starting with this text.
    public var idPrefix: String?
    /// Only documents with this source URL, as written or in the spelling sources are stored in
    /// (``SourceURL/normalized(_:)``: `HTTPS://Example.org/a#x` finds `https://example.org/a`).
    public var source: String?
    /// Only documents with a version captured at or after this instant.
    public var capturedSince: Date?
    /// Only documents with a version captured at or before this instant.
    public var capturedUntil: Date?
    /// The cursor: only ids after this one.
    public var after: String?
    /// At most this many documents; `nil` for all.
    public var limit: Int?

    public init(
        idPrefix: String? = nil,
        source: String? = nil,
        capturedSince: Date? = nil,
        capturedUntil: Date? = nil,
        after: String? = nil,
        limit: Int? = nil
    ) {
        self.idPrefix = idPrefix
        self.source = source
        self.capturedSince = capturedSince
        self.capturedUntil = capturedUntil
        self.after = after
        self.limit = limit
    }
}
