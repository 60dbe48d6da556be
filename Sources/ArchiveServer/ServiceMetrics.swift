import ArchiveCapture
import ArchiveCore
import CoreMetrics
import Foundation
import Prometheus
import Synchronization

/// The service's metrics, recorded with swift-metrics types into a Prometheus registry of its own and rendered
/// for `GET /metrics` in the Prometheus text format: requests by method, route and status, their latencies by
/// route, requests in flight, ingests by outcome and the bytes they stored.
///
/// Each service has its own ``PrometheusCollectorRegistry`` and hands its factory to every metric it makes, so the
/// process-global `MetricsSystem` is never bootstrapped and two services in one process never share a counter.
struct ServiceMetrics: Sendable {
    /// Latency histogram bounds.
    static let latencyBounds: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let ingests: [IngestOutcome: CoreMetrics.Counter]
    private let originalBytes: CoreMetrics.Counter
    private let bundleBytes: CoreMetrics.Counter
    /// Requests being answered now.
    let inFlight: Meter
    /// The request counters and timers made so far, by their labels: making one through the factory costs a
    /// registry lookup, and every request would make two. Labels are bounded (methods, route patterns, statuses).
    private let requestMetrics = RequestMetricsCache()

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = ["mura_http_request_duration_seconds": Self.latencyBounds]
        self.factory = factory
        ingests = Dictionary(
            uniqueKeysWithValues: IngestOutcome.allCases.map { outcome in
                let dimensions = [("outcome", outcome.rawValue)]
                return (
                    outcome, CoreMetrics.Counter(label: "mura_ingests_total", dimensions: dimensions, factory: factory)
                )
            }
        )
        originalBytes = CoreMetrics.Counter(label: "mura_ingested_bytes_total", factory: factory)
        bundleBytes = CoreMetrics.Counter(label: "mura_bundle_bytes_total", factory: factory)
        inFlight = Meter(label: "mura_http_requests_in_flight", factory: factory)
    }

    /// Counts one answered request; `route` is the route pattern (`/documents/**`), never the concrete path.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let factory = factory
        let (counter, timer) = requestMetrics.metrics(method: method, route: route, status: status) {
            (
                CoreMetrics.Counter(
                    label: "mura_http_requests_total",
                    dimensions: [("method", method), ("route", route), ("status", String(status))],
                    factory: factory
                ),
                CoreMetrics.Timer(
                    label: "mura_http_request_duration_seconds",
                    dimensions: [("route", route)],
                    factory: factory
                )
            )
        }
        counter.increment()
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        timer.recordNanoseconds(nanoseconds)
    }

    /// Counts one ingested document, with the bytes a new version added.
    func recordIngest(outcome: IngestOutcome, originalBytes: Int = 0, bundleBytes: Int = 0) {
        ingests[outcome]?.increment()
        self.originalBytes.increment(by: originalBytes)
        self.bundleBytes.increment(by: bundleBytes)
    }

    /// Counts what a watch run did (`mura serve --watch`): sources read (`mura_watch_reads_total` by outcome) and
    /// publications captured (`mura_watch_captures_total` by outcome), with the time of each source's last good read.
    func recordWatch(_ progress: WatchProgress) {
        let factory = factory
        func count(_ label: String, _ outcome: String) {
            CoreMetrics.Counter(label: label, dimensions: [("outcome", outcome)], factory: factory).increment()
        }
        switch progress {
        case .read(let source, _, _, _):
            count("mura_watch_reads_total", "ok")
            Gauge(
                label: "mura_watch_last_read_timestamp_seconds",
                dimensions: [("source", source.id)],
                factory: factory
            )
            .record(Date().timeIntervalSince1970)
        case .unreadable: count("mura_watch_reads_total", "failed")
        case .captured(_, _, let results):
            for result in results { count("mura_watch_captures_total", result.outcome.name) }
        case .disallowed: count("mura_watch_captures_total", "disallowed")
        case .failed: count("mura_watch_captures_total", "failed")
        }
    }

    /// The metrics in the Prometheus text exposition format (version 0.0.4).
    func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// What a `POST /documents` did with its publication.
enum IngestOutcome: String, CaseIterable, Sendable {
    /// A new version was stored.
    case new
    /// The publication equals the latest version; nothing was stored.
    case unchanged
    /// The publication was refused.
    case failed
}

/// The counter and timer of each method, route and status seen, made once.
private final class RequestMetricsCache: Sendable {
    private struct Key: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private let made = Mutex<[Key: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    func metrics(
        method: String,
        route: String,
        status: Int,
        make: () -> (CoreMetrics.Counter, CoreMetrics.Timer)
    ) -> (CoreMetrics.Counter, CoreMetrics.Timer) {
        let key = Key(method: method, route: route, status: status)
        if let known = made.withLock({ $0[key] }) { return known }
        let metrics = make()
        made.withLock { $0[key] = metrics }
        return metrics
    }
}
