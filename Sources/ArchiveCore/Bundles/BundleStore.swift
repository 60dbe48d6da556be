public import Foundation

/// Where bundles live: a local folder by default; an object store (S3 and compatible) in larger deployments.
///
/// Every requirement is `async`, and reads and writes move bytes: a store is free to reach its bundles over the
/// network without holding a thread. Bundles are staged locally first: the caller hands a bundle's bytes to
/// ``stage(_:for:)``, then ``commit(staged:as:)`` stores them under the key atomically and durably, and once the
/// catalog holds the version, ``discard(staged:)`` ends the write. A writer that dies in between leaves its staged
/// file behind: ``interruptedCommits()`` names the bundles it committed (for the archive to adopt), and
/// ``removeStaleStagingFiles()`` removes the rest.
public protocol BundleStore: Sendable {
    /// A fresh local file URL for work in progress (a bundle being written, a bag being unpacked).
    func makeStagingURL() async throws -> URL

    /// Writes `data`, a bundle made in memory, durably to a fresh local staging file for `key` and returns that
    /// file, ready for ``commit(staged:as:)``; while it exists, it records the write in progress.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file; nothing is left behind then.
    func stage(_ data: Data, for key: String) async throws -> URL

    /// Stores the bytes of a staged file durably under `key`, replacing nothing: committing an existing key fails.
    /// The staged file stays until ``discard(staged:)``, as the record of a commit the catalog may not know yet.
    func commit(staged: URL, as key: String) async throws

    /// Removes a staged file: one that will not be committed, or one whose commit the catalog now records.
    func discard(staged: URL) async

    /// Bundles (and re-extracted documents) committed by writers that stopped (killed, crashed) before their version
    /// reached the catalog: each key with the staged file that records it, to discard once the archive has dealt
    /// with the bundle.
    func interruptedCommits() async throws -> [(staged: URL, key: String)]

    /// The bytes of the bundle at `key`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` when the bundle is missing.
    func data(at key: String) async throws -> Data

    /// The size in bytes of the bundle at `key`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` when the bundle is missing.
    func size(of key: String) async throws -> Int

    /// Whether a bundle exists at `key`.
    func contains(_ key: String) async throws -> Bool

    /// Deletes the bundle at `key` (used only to undo a commit whose catalog write failed, and to set aside a
    /// bundle once its bytes are kept elsewhere).
    func remove(_ key: String) async throws

    /// Every bundle key in the store.
    func allKeys() async throws -> [String]

    /// Every key that starts with `prefix` (a folder such as `extractions/`), sorted: the other immutable files
    /// the store keeps beside the bundles.
    func keys(withPrefix prefix: String) async throws -> [String]

    /// Removes staging files left by writers that stopped, except those ``interruptedCommits()`` reports; returns
    /// how many.
    @discardableResult
    func removeStaleStagingFiles() async throws -> Int

    /// The same store, doing the work that blocks a thread (file reads and writes, fsync) on `executor`. A store
    /// that never blocks returns itself.
    func runningBlockingWork(on executor: any BlockingExecutor) -> any BundleStore
}

extension BundleStore {
    public func runningBlockingWork(on executor: any BlockingExecutor) -> any BundleStore { self }
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
