import Dispatch
import Synchronization

extension FuzzScratch {
    /// Runs async archive work to its end from libFuzzer's synchronous callback, which runs on the process's main
    /// thread (never a Swift concurrency thread, so waiting there holds none of them).
    static func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
