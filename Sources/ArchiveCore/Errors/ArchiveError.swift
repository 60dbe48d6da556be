import Foundation

/// An error raised by the archive, its catalog, its bundles or a format plugin.
///
/// Every message names the file, document, version, field or format involved and, where one exists,
/// says how to fix the problem.
///
/// ```swift
/// throw ArchiveError(.unknownDocument, "No document 'press/42' in the archive. Run `mura list` to see the ids.")
/// ```
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes can be added without breaking callers.
    public var code: Code
    /// What went wrong and how it may be remedied.
    public var message: String
    /// The lower-level error that caused this one, if any.
    public var underlying: (any Error)?
    /// The part of the request at fault, in the archive's terms; each front end names its own option or parameter
    /// for it (`--captured-at` on the command line, `captured_at` over HTTP), so messages never do.
    public var field: Field?

    public init(_ code: Code, _ message: String, field: Field? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return "\(code): \(message)" }
        return "\(code): \(message) (\(underlying))"
    }
}

extension ArchiveError {
    /// A stable, machine-readable error category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// The folder is not a Mura archive (or does not exist).
        public static let notAnArchive = Code("not-an-archive")
        /// `init` was asked to create an archive where one (or other data) already is.
        public static let archiveExists = Code("archive-exists")
        /// No plugin is registered for the requested format.
        public static let unknownFormat = Code("unknown-format")
        /// No document with this id is in the archive.
        public static let unknownDocument = Code("unknown-document")
        /// No version with this id or number exists.
        public static let unknownVersion = Code("unknown-version")
        /// No access token has this id.
        public static let unknownToken = Code("unknown-token")
        /// A date could not be parsed.
        public static let invalidDate = Code("invalid-date")
        /// An argument or field is malformed.
        public static let invalidArgument = Code("invalid-argument")
        /// The input is empty.
        public static let emptyInput = Code("empty-input")
        /// The input could not be read.
        public static let unreadableInput = Code("unreadable-input")
        /// The input is larger than the configured limit.
        public static let inputTooLarge = Code("input-too-large")
        /// The input bytes could not be decoded as the format claims.
        public static let undecodableInput = Code("undecodable-input")
        /// A selection (of an export) matched no version.
        public static let nothingSelected = Code("nothing-selected")
        /// A dated request points before the first capture of a document.
        public static let beforeFirstCapture = Code("before-first-capture")
        /// Two different contents were offered for the same document at the same instant.
        public static let captureConflict = Code("capture-conflict")
        /// A bundle is missing, unreadable or does not match its manifests.
        public static let corruptBundle = Code("corrupt-bundle")
        /// Reading or writing a bundle failed.
        public static let bundleIO = Code("bundle-io")
        /// A received bag failed validation.
        public static let invalidBag = Code("invalid-bag")
        /// An output file could not be written.
        public static let writeFailed = Code("write-failed")
        /// The catalog database failed.
        public static let catalog = Code("catalog")
        /// The archive settings file is malformed.
        public static let invalidSettings = Code("invalid-settings")
        /// A page could not be fetched: DNS, TLS, a timeout, a refused connection, an HTTP error status, a body
        /// over the size limit, or robots.txt disallowing it.
        public static let fetchFailed = Code("fetch-failed")
        /// The page was gone at the date asked for: the latest capture by then found it removed.
        public static let gone = Code("gone")
    }
}

extension ArchiveError {
    /// A document already has `existing`, captured at `capturedAt` with other content.
    static func captureConflict(_ documentID: String, existing: Version, at capturedAt: Date) -> ArchiveError {
        ArchiveError(
            .captureConflict,
            "Document '\(documentID)' already has version \(existing.id) captured at "
                + "\(ArchiveDate.formatPrecise(capturedAt)) with other content. Give this capture another capture time.",
            field: .capturedAt
        )
    }
}

extension ArchiveError {
    /// A part of a request: an ingest's document id, source URL, capture time, format or media type, an export's documents,
    /// package, serialization, renderings or dates.
    public struct Field: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        public init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        public static let documentID = Field("document-id")
        public static let sourceURL = Field("source-url")
        public static let capturedAt = Field("captured-at")
        public static let format = Field("format")
        public static let mediaType = Field("media-type")
        public static let documents = Field("documents")
        public static let package = Field("package")
        public static let serialization = Field("serialization")
        public static let renderings = Field("renderings")
        public static let since = Field("since")
        public static let until = Field("until")
        public static let from = Field("from")
        public static let to = Field("to")
        public static let at = Field("at")
        public static let query = Field("query")
        public static let limit = Field("limit")
        public static let offset = Field("offset")
        public static let name = Field("name")
    }
}
