public import Foundation

/// A ``BundleStore`` in a local folder, the embedded default: `bundles/ab/cd/<version>.tar.zst`, staged in `tmp/`.
///
/// Its file reads and writes (and fsync) run on a ``BlockingExecutor``, never on the Swift concurrency threads.
public struct FileBundleStore: BundleStore {
    /// The archive folder.
    public var root: URL { folder.root }

    private let folder: BundleFolder
    private let blocking: any BlockingExecutor

    /// The store of the archive in `root`, doing its file work on `blocking`.
    public init(root: URL, blocking: any BlockingExecutor = BlockingWork.dispatch) {
        folder = BundleFolder(root: root)
        self.blocking = blocking
    }

    public func runningBlockingWork(on executor: any BlockingExecutor) -> any BundleStore {
        FileBundleStore(root: root, blocking: executor)
    }

    public func makeStagingURL() async throws -> URL {
        try await blocking.run { [folder] in try folder.makeStagingURL() }
    }

    public func stage(_ data: Data, for key: String) async throws -> URL {
        try await blocking.run { [folder] in try folder.stage(data, for: key) }
    }

    public func commit(staged: URL, as key: String) async throws {
        try await blocking.run { [folder] in try folder.commit(staged: staged, as: key) }
    }

    public func discard(staged: URL) async {
        _ = try? await blocking.run { [folder] in folder.discard(staged: staged) }
    }

    public func interruptedCommits() async throws -> [(staged: URL, key: String)] {
        try await blocking.run { [folder] in try folder.interruptedCommits() }
    }

    public func data(at key: String) async throws -> Data {
        try await blocking.run { [folder] in try folder.data(at: key) }
    }

    public func size(of key: String) async throws -> Int {
        try await blocking.run { [folder] in try folder.size(of: key) }
    }

    public func contains(_ key: String) async throws -> Bool {
        try await blocking.run { [folder] in folder.contains(key) }
    }

    public func remove(_ key: String) async throws {
        try await blocking.run { [folder] in try folder.remove(key) }
    }

    public func allKeys() async throws -> [String] {
        try await blocking.run { [folder] in try folder.allKeys() }
    }

    public func keys(withPrefix prefix: String) async throws -> [String] {
        try await blocking.run { [folder] in try folder.keys(withPrefix: prefix) }
    }

    @discardableResult
    public func removeStaleStagingFiles() async throws -> Int {
        try await blocking.run { [folder] in try folder.removeStaleStagingFiles() }
    }
}
