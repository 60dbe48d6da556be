public import Foundation

/// One input to ``Archive/ingest(_:registry:)``.
public struct IngestRequest: Sendable {
    /// The input bytes, kept bit-exact as the original.
    public var data: Data
    /// The input's name in messages: a file path or `stdin`.
    public var name: String
    /// The file name, for choosing an importer by extension; `nil` for stdin.
    public var fileName: String?
    /// The declared media type, if any.
    public var mediaType: String?
    /// An explicit format (`--format`), overriding detection.
    public var format: DocumentFormat?
    /// An explicit document id (`--id`).
    public var documentID: String?
    /// An explicit source URL (`--url`).
    public var sourceURL: String?
    /// The id to use when neither `documentID`, a URL nor the importer gives one (derived from the file name).
    public var fallbackID: String?
    /// The other inputs of the same ingest whose names give the same `fallbackID` (`a.txt` beside `a.html`): taken
    /// for versions of one document, they would replace each other at every ingest of the folder. An input that
    /// would be named by `fallbackID` is refused then (``DocumentID/sharingFallbacks(_:)``).
    public var fallbackSharedWith: [String] = []
    /// When the content was captured (`--captured-at`); now when `nil`.
    public var capturedAt: Date?
    /// The HTTP response the content came in, when it was fetched (kept in the bundle).
    public var response: CapturedResponse?
    /// The URL a fetched page came from, after redirects: unless `documentID` names it, the page's document is the
    /// page's canonical URL when that is on the same site, else this URL, as ``PageIdentity`` reads them; that URL is
    /// its source URL too. `sourceURL` is ignored then.
    public var pageURL: String?

    public init(
        data: Data,
        name: String,
        fileName: String? = nil,
        mediaType: String? = nil,
        format: DocumentFormat? = nil,
        documentID: String? = nil,
        sourceURL: String? = nil,
        fallbackID: String? = nil,
        fallbackSharedWith: [String] = [],
        capturedAt: Date? = nil,
        response: CapturedResponse? = nil,
        pageURL: String? = nil
    ) {
        self.data = data
        self.name = name
        self.fileName = fileName
        self.mediaType = mediaType
        self.format = format
        self.documentID = documentID
        self.sourceURL = sourceURL
        self.fallbackID = fallbackID
        self.fallbackSharedWith = fallbackSharedWith
        self.capturedAt = capturedAt
        self.response = response
        self.pageURL = pageURL
    }
}

/// What ingesting one document did.
public struct IngestResult: Sendable {
    /// The outcome of one document.
    public enum Outcome: Sendable {
        /// A new version was stored.
        case newVersion(Version)
        /// The content equalled the version in force; an observation was recorded.
        case unchanged(Observation)
        /// The page was gone (the site answered 404 or 410); its removal was recorded.
        case gone(Observation)

        /// `new`, `unchanged` or `gone`: how reports and journals name it.
        public var name: String {
            switch self {
            case .newVersion: "new"
            case .unchanged: "unchanged"
            case .gone: "gone"
            }
        }
    }

    public var documentID: String
    public var outcome: Outcome

    /// Whether a new version was stored.
    public var isNew: Bool {
        if case .newVersion = outcome { return true }
        return false
    }
}

/// A document as an importer read it, with the format that read it.
public struct InspectedDocument: Sendable {
    public var document: Document
    public var format: DocumentFormat
}
