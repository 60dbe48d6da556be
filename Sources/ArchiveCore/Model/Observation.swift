public import Foundation

/// A capture that made no new version: its content equalled the version in force at that time (the document was
/// seen unchanged), or the page was gone (``gone``: the site answered 404 or 410 for it).
public struct Observation: Codable, Hashable, Sendable {
    public var documentID: String
    public var capturedAt: Date
    /// The SHA-256 of the content seen; empty for a page that was gone.
    public var sha256: String
    /// The version the capture matched; for a page that was gone, the version in force before.
    public var versionID: String
    /// The HTTP status of a capture that found the page removed (404, 410); `nil` for a capture that saw it.
    public var gone: Int?

    public init(documentID: String, capturedAt: Date, sha256: String, versionID: String, gone: Int? = nil) {
        self.documentID = documentID
        self.capturedAt = capturedAt
        self.sha256 = sha256
        self.versionID = versionID
        self.gone = gone
    }
}
