import ArchiveCapture
import ArchiveCore
import Foundation
import Logging
import ServiceLifecycle

/// `mura serve --watch`: the archive's watches run inside the service, until it shuts down gracefully. A pass that
/// fails (a journal that cannot be written) is logged and tried again a minute later; the service goes on.
struct WatchService: Service {
    let runner: WatchRunner
    let metrics: ServiceMetrics
    let logger: Logger
    /// Held while the service runs: one watch run per archive.
    let lock: WatchRunLock

    func run() async throws {
        let (metrics, logger) = (metrics, logger)
        await cancelWhenGracefulShutdown {
            // Cancelled at shutdown: the sleep between passes ends the run.
            try? await runner.run(report: { metrics.recordWatch($0) }) { error in
                logger.error("watch pass failed", metadata: ["error": "\(error)"])
            }
        }
        try await runner.fetcher.shutdown()
        withExtendedLifetime(lock) {}
    }
}
