public import Foundation

/// Where bundle files live: a local folder by default; an object store in larger deployments.
///
/// Writes are staged: the caller writes a bundle to ``makeStagingURL(for:)``, then ``commit(staged:as:)`` makes it
/// visible under its key atomically and durably, and once the catalog holds the version, ``discard(staged:)`` ends
/// the write. A writer that dies in between leaves its staged file behind: ``interruptedCommits()`` names the
/// bundles it committed (for the archive to adopt), and ``removeStaleStagingFiles()`` removes the rest.
///
/// The requirements are synchronous and hand out local files: ``Archive`` calls them only from its
/// ``BlockingExecutor``, never on the Swift concurrency threads. An object store (S3) needs `async` requirements
/// that move bytes rather than name local files (put a staged file under a key, get a key's bundle as a local
/// temporary copy or a stream), with the staged-commit record kept beside it; that change is still to come.
public protocol BundleStore: Sendable {
    /// A fresh local file URL to write a bundle to before committing it.
    func makeStagingURL() throws -> URL

    /// A fresh local file URL to write the bundle for `key` to; while it exists, it records the write in progress.
    func makeStagingURL(for key: String) throws -> URL

    /// Makes a staged file durable and visible under `key`, replacing nothing: committing an existing key fails.
    /// The staged file stays until ``discard(staged:)``, as the record of a commit the catalog may not know yet.
    func commit(staged: URL, as key: String) throws

    /// Removes a staged file: one that will not be committed, or one whose commit the catalog now records.
    func discard(staged: URL)

    /// Bundles committed by writers that stopped (killed, crashed) before their version reached the catalog: each
    /// key with the staged file that records it, to discard once the archive has dealt with the bundle.
    func interruptedCommits() throws -> [(staged: URL, key: String)]

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

    /// Removes staging files left by writers that stopped, except those ``interruptedCommits()`` reports; returns
    /// how many.
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

    /// The observation appended last, read without reading the whole journal; `nil` when there is none or the
    /// last entry is torn.
    func lastObservation() throws -> Observation?
}
