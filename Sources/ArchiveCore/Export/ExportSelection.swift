public import Foundation

/// Which versions an export takes: documents, a captured-at window, and either every version or the one in
/// force at a date.
public struct ExportSelection: Sendable {
    /// The documents; empty means every document.
    public var documentIDs: [String]
    /// Only versions captured at or after this.
    public var since: Date?
    /// Only versions captured at or before this.
    public var until: Date?
    /// Each document as it stood at this date (one version each), instead of every version.
    public var at: Date?

    public init(documentIDs: [String] = [], since: Date? = nil, until: Date? = nil, at: Date? = nil) {
        self.documentIDs = documentIDs
        self.since = since
        self.until = until
        self.at = at
    }
}

/// One version as an export writes it: its catalog row, its normalized document, its original bytes, its
/// 1-based number in the document's history, and the renderings asked for.
public struct ExportedVersion: Sendable {
    public var version: Version
    public var ordinal: Int
    public var document: Document
    public var original: Data
    /// The HTTP response the version was captured from, when it was fetched.
    public var response: CapturedResponse?
    /// Renderings by file name (`rendering.txt`, `rendering.html`, `document.json`).
    public var renderings: [(name: String, data: Data)]
}
