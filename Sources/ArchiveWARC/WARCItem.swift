public import ArchiveCore
public import Foundation

/// What one WARC record asks of the archive, as ``WARCFile`` reads it.
public struct WARCItem: Sendable {
    /// What to do with the record.
    public enum Action: Sendable {
        /// Archive the content (a `response` or `resource` record) at its date; the request carries the document
        /// id or page URL, the date and, for a response, the HTTP response.
        case capture(IngestRequest)
        /// The page was seen again with content the archive holds (a `revisit` record, a 304 response).
        case revisit(WARCRevisit)
        /// The site answered 404 or 410 for the page: its removal, if the archive holds it by then.
        case removal(documentID: String, status: Int, at: Date)
        /// Nothing to archive (a request, metadata, a redirect): the reason, as counted.
        case skip(String)
        case fail(ArchiveError)
    }

    /// The record as messages name it: the file, its number and target URI.
    public var label: String
    /// `WARC-Target-URI`.
    public var targetURI: String?
    /// `WARC-Record-ID`.
    public var recordID: String?
    /// `WARC-Payload-Digest`, as written (`sha1:` and base32, or another algorithm).
    public var payloadDigest: String?
    public var action: Action
}

/// A `revisit` record, or a 304 response: the page as an earlier capture had it, seen again at `date`.
public struct WARCRevisit: Sendable {
    /// The document the target URI names, unless the archive knows better from the record referred to.
    public var documentID: String
    public var targetURI: String
    public var date: Date
    /// `WARC-Refers-To`: the record whose content was seen again.
    public var refersTo: String?
    /// `WARC-Payload-Digest` (or the referred record's): the content seen again.
    public var payloadDigest: String?
    /// A "server not modified" revisit or a 304: the content is whatever was in force then.
    public var notModified: Bool
}
