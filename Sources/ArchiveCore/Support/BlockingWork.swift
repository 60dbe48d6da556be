import Dispatch

/// Runs blocking work (parsing a page, storing it: file reads and writes, fsync, the write lock) on Dispatch threads,
/// so that a command's pipeline can parse the next input while one is stored.
///
/// On Linux, Dispatch's global queues and the Swift concurrency threads share one pool as wide as the machine has
/// cores, so this does not keep a busy pool free for other tasks: the archive service runs its blocking work on
/// threads of its own instead (`BlockingPool` in ArchiveServer).
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }
}
