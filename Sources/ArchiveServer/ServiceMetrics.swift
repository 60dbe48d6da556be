import Foundation

/// The service's counters, rendered for `GET /metrics` in the Prometheus text format (version 0.0.4): requests
/// and their latencies by route and status, ingests by outcome, and the bundle bytes written.
final class ServiceMetrics: @unchecked Sendable {
    /// Latency histogram bounds, in seconds.
    static let latencyBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct Latency {
        var buckets = [Int](repeating: 0, count: ServiceMetrics.latencyBounds.count)
        var count = 0
        var sum = 0.0
    }

    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var latencies: [String: Latency] = [:]
    private var ingests: [String: Int] = [:]
    private var bundleBytes = 0
    private var originalBytes = 0

    /// Counts one answered request; `route` is the route pattern (`/documents/**`), never the concrete path.
    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        lock.withLock {
            requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var latency = latencies[route, default: Latency()]
            for (index, bound) in Self.latencyBounds.enumerated() where seconds <= bound {
                latency.buckets[index] += 1
            }
            latency.count += 1
            latency.sum += seconds
            latencies[route] = latency
        }
    }

    /// Counts one ingested document: `new`, `unchanged` or `failed`, with the bytes a new version added.
    func recordIngest(outcome: String, originalBytes: Int = 0, bundleBytes: Int = 0) {
        lock.withLock {
            ingests[outcome, default: 0] += 1
            self.originalBytes += originalBytes
            self.bundleBytes += bundleBytes
        }
    }

    /// The metrics in the Prometheus text exposition format.
    func render() -> String {
        lock.withLock {
            var lines = [
                "# HELP mura_http_requests_total HTTP requests answered, by method, route and status.",
                "# TYPE mura_http_requests_total counter",
            ]
            for (key, count) in requests.sorted(by: { "\($0.key)" < "\($1.key)" }) {
                lines.append(
                    "mura_http_requests_total{method=\"\(key.method)\",route=\"\(Self.escape(key.route))\","
                        + "status=\"\(key.status)\"} \(count)"
                )
            }
            lines += [
                "# HELP mura_http_request_duration_seconds Time from request to response head, by route.",
                "# TYPE mura_http_request_duration_seconds histogram",
            ]
            for (route, latency) in latencies.sorted(by: { $0.key < $1.key }) {
                let label = "route=\"\(Self.escape(route))\""
                for (index, bound) in Self.latencyBounds.enumerated() {
                    lines.append(
                        "mura_http_request_duration_seconds_bucket{\(label),le=\"\(bound)\"} \(latency.buckets[index])"
                    )
                }
                lines += [
                    "mura_http_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(latency.count)",
                    "mura_http_request_duration_seconds_sum{\(label)} \(latency.sum)",
                    "mura_http_request_duration_seconds_count{\(label)} \(latency.count)",
                ]
            }
            lines += [
                "# HELP mura_ingests_total Documents ingested through the service, by outcome.",
                "# TYPE mura_ingests_total counter",
            ]
            for outcome in ["new", "unchanged", "failed"] {
                lines.append("mura_ingests_total{outcome=\"\(outcome)\"} \(ingests[outcome, default: 0])")
            }
            lines += [
                "# HELP mura_ingested_bytes_total Original bytes of the new versions stored through the service.",
                "# TYPE mura_ingested_bytes_total counter",
                "mura_ingested_bytes_total \(originalBytes)",
                "# HELP mura_bundle_bytes_total Compressed bundle bytes written for those versions.",
                "# TYPE mura_bundle_bytes_total counter",
                "mura_bundle_bytes_total \(bundleBytes)",
            ]
            return lines.joined(separator: "\n") + "\n"
        }
    }

    private static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
