public import Dispatch

/// Runs blocking work (parsing a page, ingest, export, verify: file reads and writes, fsync, the write lock) on
/// Dispatch threads, so it never holds one of the few Swift concurrency threads that a service's connections or a
/// command's pipeline need.
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }
}
