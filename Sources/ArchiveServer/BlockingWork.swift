import Dispatch

/// Runs blocking archive work (ingest, export, verify: file writes, fsync, the write lock) on Dispatch threads, so
/// it never holds one of the few Swift concurrency threads the server's connections need.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result(catching: body)) }
        }
    }
}
