public import ArchiveCore
public import Hummingbird
public import Logging

/// How the archive service listens and what it accepts.
public struct ServiceConfiguration: Sendable {
    public var host: String
    /// The port; 0 picks a free one (reported to `onServerRunning`).
    public var port: Int
    /// The largest request body `POST /documents` takes, in bytes; larger bodies get 413.
    public var maximumBodySize: Int
    /// Bytes of verified versions kept in memory for repeated reads.
    public var cacheSize: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maximumBodySize: Int = 32 << 20,
        cacheSize: Int = 64 << 20
    ) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.cacheSize = cacheSize
    }
}

/// The archive service: the Hummingbird application `mura serve` runs, and the tests start on 127.0.0.1.
///
/// ```swift
/// let app = buildApplication(archive: archive, registry: .builtIn, configuration: .init(port: 8080), logger: logger)
/// try await app.runService()
/// ```
public func buildApplication(
    archive: Archive,
    registry: PluginRegistry,
    configuration: ServiceConfiguration,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let service = ArchiveService(
        archive: archive,
        registry: registry,
        metrics: ServiceMetrics(),
        maximumBodySize: configuration.maximumBodySize,
        cache: VersionCache(budget: configuration.cacheSize)
    )
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.add(middleware: MetricsMiddleware(metrics: service.metrics))
    router.add(middleware: JSONErrorMiddleware())
    router.add(
        middleware: AccessMiddleware(archive: archive, readAccess: ReadAccessSetting(archive: archive, logger: logger))
    )
    ServiceRoutes(service: service).register(on: router)
    DocumentRoutes(service: service).register(on: router)
    MementoRoutes(service: service).register(on: router)
    OperationRoutes(service: service).register(on: router)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "Mura/\(MuraVersion.current)"
        ),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Runs the archive service until the process receives SIGINT or SIGTERM, then shuts down gracefully.
public func runArchiveService(
    archive: Archive,
    registry: PluginRegistry,
    configuration: ServiceConfiguration,
    logger: Logger
) async throws {
    let app = buildApplication(archive: archive, registry: registry, configuration: configuration, logger: logger) {
        port in
        logger.notice("Mura archive service listening", metadata: ["address": "http://\(configuration.host):\(port)"])
    }
    try await app.runService()
}
