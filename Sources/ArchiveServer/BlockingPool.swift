public import ArchiveCore
import Foundation
import NIOPosix
import ServiceLifecycle

/// Threads of their own for work that blocks: the service's catalog queries, bundle reads and hashing, parsing,
/// storing, exports, verification and token lookups; a batch ingest's parsing and storing. On Linux, Dispatch's
/// global queues and the Swift concurrency threads share one pool as wide as the machine has cores, so blocking work
/// there would stall every other request (and a batch's storing would wait behind the pages being parsed); these
/// threads are apart from both. Work beyond the thread count waits its turn.
public struct BlockingPool: BlockingExecutor {
    let threads: NIOThreadPool

    public init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: max(1, threadCount))
        threads.start()
    }

    /// The default size: reads wait on disks as much as on CPUs, so twice the cores, and at least four.
    public static var defaultThreadCount: Int { max(4, 2 * ProcessInfo.processInfo.activeProcessorCount) }

    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    /// Stops the threads once the work given to them is done.
    public func shutdown() async throws {
        try await threads.shutdownGracefully()
    }
}

/// Stops the pool's threads when the service shuts down.
struct BlockingPoolService: Service {
    let pool: BlockingPool

    func run() async throws {
        try? await gracefulShutdown()
        try await pool.shutdown()
    }
}
