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
        let metrics = metrics
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var next: Date?
                do {
                    next = try await runner.runOnce { metrics.recordWatch($0) }
                } catch {
                    logger.error("watch pass failed", metadata: ["error": "\(error)"])
                }
                let soon = runner.clock.now().addingTimeInterval(60)
                do {
                    try await runner.clock.sleep(until: min(next ?? soon, soon))
                } catch {
                    return
                }
            }
        }
        try await runner.fetcher.shutdown()
        withExtendedLifetime(lock) {}
    }
}
