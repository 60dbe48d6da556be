public import ArchiveCapture
public import ArchiveCore
import Foundation
public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// How the archive service listens and what it accepts.
public struct ServiceConfiguration: Sendable {
    public var host: String
    /// The port; 0 picks a free one (reported to `onServerRunning`).
    public var port: Int
    /// The largest request body `POST /documents` takes, in bytes; larger bodies get 413.
    public var maximumBodySize: Int
    /// Bytes of verified versions kept in memory for repeated reads.
    public var cacheSize: Int
    /// The address clients reach the service at (`https://archive.example.org`), when it is behind a proxy: its
    /// origin is the one whose browser pages may write. Without it, the request's `Host` says.
    public var publicURL: String?
    /// Origins of other sites whose browser pages may write (`https://cms.example.org`).
    public var allowedOrigins: [String]
    /// The most bytes one `POST /exports` may stage in temporary space before sending the package.
    public var maximumScratchSize: Int
    /// Threads for blocking work (reads, parsing, storing, exports); requests beyond them wait their turn.
    public var blockingThreads: Int
    /// How long a connection may stay silent, between requests or while its request is being read (a request
    /// head sent a byte at a time counts as silent until it is whole), before it is closed. It does not run while a
    /// response is being sent: ``stalledReadLimit`` ends a connection whose client stops reading.
    public var idleTimeout: Duration
    /// How long a request body may come at any pace; after it, the body must have come at ``minimumBodyRate`` bytes
    /// a second on average, or the request is answered 408 and its connection closed (a body sent a byte at a time
    /// never falls silent long enough for the idle timeout).
    public var slowBodyGrace: Duration
    /// The slowest average pace, in bytes a second, at which a request body may come once ``slowBodyGrace`` is over.
    public var minimumBodyRate: Int
    /// How long a client may leave its answers unread: while an answer waits to be sent, the client must take at
    /// least 64 KB of it within this time, or the connection is closed (the idle timeout does not run while an answer
    /// is being sent).
    public var stalledReadLimit: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maximumBodySize: Int = 32 << 20,
        cacheSize: Int = 64 << 20,
        publicURL: String? = nil,
        allowedOrigins: [String] = [],
        maximumScratchSize: Int = 4 << 30,
        blockingThreads: Int? = nil,
        idleTimeout: Duration = .seconds(60),
        slowBodyGrace: Duration = .seconds(30),
        minimumBodyRate: Int = 1_024,
        stalledReadLimit: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.cacheSize = cacheSize
        self.publicURL = publicURL
        self.allowedOrigins = allowedOrigins
        self.maximumScratchSize = maximumScratchSize
        self.blockingThreads = blockingThreads ?? BlockingPool.defaultThreadCount
        self.idleTimeout = idleTimeout
        self.slowBodyGrace = slowBodyGrace
        self.minimumBodyRate = minimumBodyRate
        self.stalledReadLimit = stalledReadLimit
    }
}

/// The archive service: the Hummingbird application `mura serve` runs, and the tests start on 127.0.0.1.
///
/// ```swift
/// let app = try buildApplication(archive: archive, registry: .builtIn, configuration: .init(port: 8080), logger: logger)
/// try await app.runService()
/// ```
///
/// - Throws: ``ArchiveError`` (invalid argument) when the public URL or an allowed origin is not an http(s) origin.
public func buildApplication(
    archive: Archive,
    registry: PluginRegistry,
    configuration: ServiceConfiguration,
    logger: Logger,
    watches: WatchRunner? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let blocking = BlockingPool(threadCount: configuration.blockingThreads)
    let metrics = ServiceMetrics()
    let router = try buildRouter(
        archive: archive,
        registry: registry,
        configuration: configuration,
        blocking: blocking,
        metrics: metrics,
        watching: watches != nil,
        logger: logger
    )
    var services: [any Service] = [BlockingPoolService(pool: blocking)]
    let headLimit = 256 * 1024
    if let watches {
        // One watch run per archive: taken before the service starts, so that a second runner is refused at once.
        let lock = try FileWatchStore(archive: archive.root).lockRuns()
        services.append(WatchService(runner: watches, metrics: metrics, logger: logger, lock: lock))
    }
    return Application(
        router: router,
        // A request head (request line and headers) up to 256 KB reaches the service, which answers what is wrong with
        // it in JSON (a source URL of 8,192 characters, percent-encoded, takes up to about 100 KB); past that the
        // HTTP layer refuses it (431) and closes the connection.
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    ContinueAndCloseHandler(maximumBodySize: configuration.maximumBodySize),
                    MalformedRequestHandler(headLimit: headLimit, serverName: "Mura/\(MuraVersion.current)"),
                    StalledReadHandler(limit: TimeAmount(configuration.stalledReadLimit)),
                    SlowBodyHandler(
                        grace: TimeAmount(configuration.slowBodyGrace),
                        minimumRate: configuration.minimumBodyRate,
                        serverName: "Mura/\(MuraVersion.current)"
                    ),
                ],
                idleTimeout: TimeAmount(configuration.idleTimeout),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: headLimit, maxHeaderListSize: headLimit)
            )
        ),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "Mura/\(MuraVersion.current)"
        ),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The service's router: every route of ``RouteTable`` behind the metrics, error and access middleware.
func buildRouter(
    archive: Archive,
    registry: PluginRegistry,
    configuration: ServiceConfiguration,
    blocking: BlockingPool,
    metrics: ServiceMetrics = ServiceMetrics(),
    watching: Bool = false,
    logger: Logger
) throws -> Router<BasicRequestContext> {
    let origins: OriginPolicy
    do {
        origins = try OriginPolicy(publicURL: configuration.publicURL, allowedOrigins: configuration.allowedOrigins)
    } catch let error as ServiceError {
        throw ArchiveError(.invalidArgument, error.message)
    }
    // The archive's blocking work (bundle reads, hashing, storing) runs on the service's own threads.
    let archive = archive.runningBlockingWork(on: blocking)
    let service = ArchiveService(
        archive: archive,
        registry: registry,
        metrics: metrics,
        maximumBodySize: configuration.maximumBodySize,
        cache: VersionCache(budget: configuration.cacheSize),
        blocking: blocking,
        maximumScratchSize: configuration.maximumScratchSize,
        // Written into Link headers: percent-encoded like every URL the service writes (OriginPolicy checked it).
        publicURL: configuration.publicURL.map { SourceURL.encoded($0.trimmingCharacters(in: .whitespaces)) }
    )
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestMetricsMiddleware(metrics: service.metrics))
    // Outside the error middleware: an error's JSON answer carries the CORS headers that let the page read it.
    router.add(middleware: CrossOriginMiddleware(origins: origins))
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: RequestFramingMiddleware())
    router.add(
        middleware: AccessMiddleware(
            archive: archive,
            readAccess: ReadAccessSetting(archive: archive, logger: logger),
            origins: origins,
            blocking: blocking
        )
    )
    ServiceRoutes(service: service, openAPI: try OpenAPIDocument.load()).register(on: router)
    DocumentRoutes(service: service).register(on: router)
    MementoRoutes(service: service).register(on: router)
    OperationRoutes(service: service).register(on: router)
    SearchRoutes(service: service).register(on: router)
    WatchRoutes(service: service, running: watching).register(on: router)
    return router
}

/// Runs the archive service until the process receives SIGINT or SIGTERM, then shuts down gracefully.
public func runArchiveService(
    archive: Archive,
    registry: PluginRegistry,
    configuration: ServiceConfiguration,
    logger: Logger,
    watches: WatchRunner? = nil,
    onRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws {
    let app = try buildApplication(
        archive: archive,
        registry: registry,
        configuration: configuration,
        logger: logger,
        watches: watches
    ) { port in
        logger.notice("Mura archive service listening", metadata: ["address": "http://\(configuration.host):\(port)"])
        await onRunning(port)
    }
    do {
        try await app.runService()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        throw ArchiveError(
            .invalidArgument,
            "Port \(configuration.port) on \(configuration.host) is in use by another program; choose another with "
                + "--port, or stop the other program."
        )
    }
}
