public import Foundation

/// The index of an archive: documents, versions, observations and provenance events.
///
/// Bundles are the source of truth; a catalog can always be rebuilt from them with ``replaceAll(versions:observations:events:)``.
/// ``SQLiteCatalog`` is the embedded default; a server database can implement the same protocol.
///
/// Every requirement is `async`: an implementation suspends while it waits for its database. ``SQLiteCatalog`` runs
/// its queries on GRDB's own queues (`try await writer.read { … }`), except the short lookup of a dated read, which
/// runs on the caller's thread on a connection no other lookup holds (``SQLiteCatalog/timeline(of:at:)``); a
/// client of a database server (PostgreSQL through postgres-nio) awaits its connection pool. The requirements speak
/// of the archive's values (``Version``, ``Observation``, ``ProvenanceEvent``, ``DocumentSummary``) and never of
/// a database library's types. Each requirement is one transaction: an insert writes its event with it, and ``timeline(of:at:)`` reads
/// all a dated read needs at once.
///
/// ```swift
/// let catalog = try SQLiteCatalog(path: folder.appending(path: "catalog.sqlite").path)
/// let current = try await catalog.version(of: "press/42", at: .now)
/// ```
public protocol Catalog: Sendable {
    /// Records new versions (creating their documents if needed), each with its title and text in the search index
    /// and its ingest event, in one transaction: all of them or none. A version without text marks the index as
    /// pending: the archive fills it from the bundle when next opened.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/captureConflict`` when a document already has a version captured
    ///   at the same instant.
    func insert(_ versions: [NewVersion]) async throws

    /// Records an observation and its ingest event in one transaction.
    func insert(_ observation: Observation, event: ProvenanceEvent) async throws

    /// Records a provenance event.
    func record(_ event: ProvenanceEvent) async throws

    /// The documents a query selects, with a summary of their history, sorted by id.
    func documents(_ query: DocumentQuery) async throws -> [DocumentSummary]

    /// The summary of one document, or `nil`.
    func document(id: String) async throws -> DocumentSummary?

    /// A document's versions, oldest capture first.
    func versions(of documentID: String) async throws -> [Version]

    /// A document's versions, source and latest observation at or before `date`, read in one transaction: all a
    /// dated read needs.
    func timeline(of documentID: String, at date: Date) async throws -> DocumentTimeline

    /// A document's observations, oldest first.
    func observations(of documentID: String) async throws -> [Observation]

    /// The version in force at `date`: the latest with captured-at ≤ `date`.
    func version(of documentID: String, at date: Date) async throws -> Version?

    /// The latest observation of a document captured at or before `date`.
    func observation(of documentID: String, at date: Date) async throws -> Observation?

    /// A version by id.
    func version(id: String) async throws -> Version?

    /// Every version of every document.
    func allVersions() async throws -> [Version]

    /// Provenance events, oldest first, optionally only those of one document.
    func events(documentID: String?) async throws -> [ProvenanceEvent]

    /// Records a re-extraction of a stored version in one transaction with its event: the version's title, dates,
    /// language and ``Version/extraction`` key take the values of `version`; nothing else of the row changes.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownVersion`` when the catalog has no version with its id.
    /// The search index takes `text` for the version in the same transaction.
    func updateExtraction(of version: Version, text: IndexedText, event: ProvenanceEvent) async throws

    /// Points a version at its rewritten bundle (`mura repack`): its ``Version/bundlePath`` becomes `key` and its
    /// ``Version/bundleSHA256`` `sha256`, provided it still names `previousKey`; returns whether it did.
    func replaceBundle(
        ofVersion versionID: String,
        previousKey: String,
        key: String,
        sha256: String
    ) async throws -> Bool

    /// Records the fixity values (``Version/bundleSHA256``, by version id) of versions that have none yet, in one
    /// transaction; a version that already has one keeps it.
    func recordBundleDigests(_ digests: [String: String]) async throws

    /// Replaces every document, version and observation in one transaction (a rebuild), keeping the events and
    /// adding `events` (those the rebuild recovered, then the rebuild's own). The search index is emptied and
    /// marked as pending.
    func replaceAll(versions: [Version], observations: [Observation], events: [ProvenanceEvent]) async throws

    // MARK: Search

    /// The versions whose text matches a query, one per document, best first (see ``SearchRequest``).
    func search(_ request: SearchRequest) async throws -> CatalogSearchResult

    /// Whether some versions may be missing from the search index (after a migration, a rebuild, or a version
    /// recorded without its text).
    func searchIndexIsPending() async throws -> Bool

    /// Versions missing from the search index, oldest capture first, after `last` (the last of the previous batch):
    /// an index filled in this order keys its versions in the order they were captured.
    func unindexedVersions(after last: Version?, limit: Int) async throws -> [Version]

    /// Adds versions' texts to the search index in one transaction (skipping versions already there or no longer
    /// catalogued); with `complete`, marks the index as no longer pending.
    func index(_ entries: [(Version, IndexedText)], complete: Bool) async throws
}

extension Catalog {
    /// Records a new version with its text and ingest event in one transaction (see ``insert(_:)-(_[NewVersion])``).
    public func insert(_ version: Version, text: IndexedText?, event: ProvenanceEvent) async throws {
        try await insert([NewVersion(version: version, text: text, event: event)])
    }

    /// Every document with a summary of its history, sorted by id.
    public func documents() async throws -> [DocumentSummary] {
        try await documents(DocumentQuery())
    }
}

/// A document as listed by the catalog.
public struct DocumentSummary: Codable, Hashable, Sendable {
    public var id: String
    public var source: String?
    /// The title of the latest version.
    public var title: String?
    public var versionCount: Int
    public var observationCount: Int
    public var firstCapturedAt: Date?
    public var lastCapturedAt: Date?

    public init(
        id: String,
        source: String?,
        title: String?,
        versionCount: Int,
        observationCount: Int,
        firstCapturedAt: Date?,
        lastCapturedAt: Date?
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.versionCount = versionCount
        self.observationCount = observationCount
        self.firstCapturedAt = firstCapturedAt
        self.lastCapturedAt = lastCapturedAt
    }
}

/// A version to catalog with what is recorded beside it: its words for the search index (`nil` leaves them for the
/// archive's next open) and its ingest event.
public struct NewVersion: Sendable {
    public var version: Version
    public var text: IndexedText?
    public var event: ProvenanceEvent

    public init(version: Version, text: IndexedText?, event: ProvenanceEvent) {
        self.version = version
        self.text = text
        self.event = event
    }
}
