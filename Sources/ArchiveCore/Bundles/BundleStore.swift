public import Foundation

/// Where bundle files live: a local folder by default; an object store in larger deployments.
///
/// Writes are staged: the caller writes a bundle to ``makeStagingURL()``, then ``commit(staged:as:)`` makes it
/// visible under its key atomically and durably. A staged file that is never committed is removed by
/// ``removeStaleStagingFiles()``.
public protocol BundleStore: Sendable {
    /// A fresh local file URL to write a bundle to before committing it.
    func makeStagingURL() throws -> URL

    /// Makes a staged file durable and visible under `key`, replacing nothing: committing an existing key fails.
    func commit(staged: URL, as key: String) throws

    /// Removes a staged file that will not be committed.
    func discard(staged: URL)

    /// Calls `body` with a local file holding the bundle at `key`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` when the bundle is missing.
    func withBundle<Result>(at key: String, _ body: (URL) throws -> Result) throws -> Result

    /// Whether a bundle exists at `key`.
    func contains(_ key: String) -> Bool

    /// Deletes the bundle at `key` (used only to undo a commit whose catalog write failed).
    func remove(_ key: String) throws

    /// Every bundle key in the store.
    func allKeys() throws -> [String]

    /// Removes staging files left by an interrupted write; returns how many.
    @discardableResult
    func removeStaleStagingFiles() throws -> Int
}

/// The append-only journal beside the bundles that records observations (captures seen unchanged), so that a
/// catalog rebuilt from the store alone still knows them.
public protocol ObservationJournal: Sendable {
    /// Appends one observation durably.
    func append(_ observation: Observation) throws

    /// Every observation recorded, in the order appended; a torn last entry (from a crash) is skipped.
    func allObservations() throws -> [Observation]
}
