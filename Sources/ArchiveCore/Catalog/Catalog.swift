public import Foundation

/// The index of an archive: documents, versions, observations and provenance events.
///
/// Bundles are the source of truth; a catalog can always be rebuilt from them with ``replaceAll(versions:observations:events:)``.
/// ``SQLiteCatalog`` is the embedded default; a server database can implement the same protocol.
public protocol Catalog: Sendable {
    /// Records a new version (creating its document if needed) and its ingest event in one transaction.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/captureConflict`` when the document already has a version
    ///   captured at the same instant.
    func insert(_ version: Version, event: ProvenanceEvent) throws

    /// Records an observation and its ingest event in one transaction.
    func insert(_ observation: Observation, event: ProvenanceEvent) throws

    /// Records a provenance event.
    func record(_ event: ProvenanceEvent) throws

    /// The documents a query selects, with a summary of their history, sorted by id.
    func documents(_ query: DocumentQuery) throws -> [DocumentSummary]

    /// The summary of one document, or `nil`.
    func document(id: String) throws -> DocumentSummary?

    /// A document's versions, oldest capture first.
    func versions(of documentID: String) throws -> [Version]

    /// A document's versions, source and latest observation at or before `date`, read in one transaction: all a
    /// dated read needs.
    func timeline(of documentID: String, at date: Date) throws -> DocumentTimeline

    /// A document's observations, oldest first.
    func observations(of documentID: String) throws -> [Observation]

    /// The version in force at `date`: the latest with captured-at ≤ `date`.
    func version(of documentID: String, at date: Date) throws -> Version?

    /// The latest observation of a document captured at or before `date`.
    func observation(of documentID: String, at date: Date) throws -> Observation?

    /// A version by id.
    func version(id: String) throws -> Version?

    /// Every version of every document.
    func allVersions() throws -> [Version]

    /// Provenance events, oldest first, optionally only those of one document.
    func events(documentID: String?) throws -> [ProvenanceEvent]

    /// Replaces every document, version and observation in one transaction (a rebuild), keeping the events and
    /// adding `events` (those the rebuild recovered, then the rebuild's own).
    func replaceAll(versions: [Version], observations: [Observation], events: [ProvenanceEvent]) throws
}

extension Catalog {
    /// Every document with a summary of its history, sorted by id.
    public func documents() throws -> [DocumentSummary] {
        try documents(DocumentQuery())
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
