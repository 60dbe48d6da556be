import ArchiveCore
import Foundation
import NIOPosix
import ServiceLifecycle

/// Threads of the service's own for work that blocks: catalog queries, bundle reads and hashing, parsing, storing,
/// exports, verification and token lookups. On Linux, Dispatch's global queues and the Swift concurrency threads
/// share one pool as wide as the machine has cores, so blocking work there would stall every other request; these
/// threads are apart from both. Work beyond the thread count waits its turn.
struct BlockingPool: BlockingExecutor {
    let threads: NIOThreadPool

    init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: max(1, threadCount))
        threads.start()
    }

    /// The default size: reads wait on disks as much as on CPUs, so twice the cores, and at least four.
    static var defaultThreadCount: Int { max(4, 2 * ProcessInfo.processInfo.activeProcessorCount) }

    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await threads.runIfActive(body)
    }

    /// Stops the threads once the work given to them is done.
    func shutdown() async throws {
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
