import Dispatch

/// Runs blocking work (parsing a page, storing it: file reads and writes, fsync, the write lock) on Dispatch threads,
/// so that a command's pipeline can parse the next input while one is stored.
///
/// On Linux, Dispatch's global queues and the Swift concurrency threads share one pool as wide as the machine has
/// cores, so this does not keep a busy pool free for other tasks: the archive service runs its blocking work on
/// threads of its own instead (`BlockingPool` in ArchiveServer), which it gives the archive as its
/// ``BlockingExecutor``.
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }

    /// The executor that runs work through ``run(_:)``: the default of an ``Archive``.
    public static var dispatch: any BlockingExecutor { DispatchExecutor() }
}

/// Where an ``Archive`` runs the work of its async operations that blocks a thread: bundle compression and
/// decompression, hashing, parsing, and the file reads and writes of the bundle store and the journals.
///
/// ```swift
/// let archive = try await Archive.open(at: folder, logger: logger).runningBlockingWork(on: pool)
/// ```
public protocol BlockingExecutor: Sendable {
    /// Runs `body` on a thread that may block, and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T
}

private struct DispatchExecutor: BlockingExecutor {
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await BlockingWork.run(body)
    }
}
