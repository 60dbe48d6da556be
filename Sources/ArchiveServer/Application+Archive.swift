public import ArchiveCore
public import Hummingbird
public import Logging

/// The archive service: the Hummingbird application `mura serve` runs, and the tests start on 127.0.0.1.
///
/// ```swift
/// let app = buildApplication(archive: archive, registry: .builtIn, host: "127.0.0.1", port: 8080, logger: logger)
/// try await app.runService()
/// ```
public func buildApplication(
    archive: Archive,
    registry: PluginRegistry,
    host: String,
    port: Int,
    maximumBodySize: Int = 32 << 20,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router()
    ArchiveRoutes(archive: archive, registry: registry, maximumBodySize: maximumBodySize).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: "Mura"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}

/// Runs the archive service until the process receives SIGINT or SIGTERM, then shuts down gracefully.
public func runArchiveService(
    archive: Archive,
    registry: PluginRegistry,
    host: String,
    port: Int,
    logger: Logger
) async throws {
    let app = buildApplication(archive: archive, registry: registry, host: host, port: port, logger: logger) { port in
        logger.notice("Mura archive service listening", metadata: ["address": "http://\(host):\(port)"])
    }
    try await app.runService()
}
