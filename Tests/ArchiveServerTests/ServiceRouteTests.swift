import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

@Suite struct ServiceRouteTests {
    /// The value of one Prometheus sample line, found by its name and labels.
    static func sample(_ metrics: String, _ prefix: String) -> Double? {
        metrics.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }.flatMap {
            Double($0.split(separator: " ").last ?? "")
        }
    }

    @Test func metricsCountRequestsIngestsAndBundleBytes() async throws {
        try await LiveServer.run { server, client in
            for (text, date) in [("First.", "2024-01-01"), ("Second.", "2024-02-01"), ("Second.", "2024-03-01")] {
                let response = try await client.postText(
                    "id=a&captured_at=\(date)",
                    "Note\n\n\(text)",
                    headers: server.header(.write)
                )
                #expect(response.status == .created || response.status == .ok)
            }
            _ = try await client.postText("id=b", "", headers: server.header(.write))
            for _ in 0..<3 { _ = try await client.execute(uri: "/documents/a?at=2024-01-15", method: .get) }
            _ = try await client.execute(uri: "/documents/missing", method: .get)

            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let metrics = response.text
            #expect(Self.sample(metrics, #"mura_ingests_total{outcome="new"}"#) == 2)
            #expect(Self.sample(metrics, #"mura_ingests_total{outcome="unchanged"}"#) == 1)
            #expect(Self.sample(metrics, #"mura_ingests_total{outcome="failed"}"#) == 1)
            // The bundles written through the service: a's two versions (a/b was stored before it started).
            let stored = try await server.archive.catalog.versions(of: "a").map {
                try server.archive.root.appending(path: $0.bundlePath).resourceValues(forKeys: [.fileSizeKey])
                    .fileSize ?? 0
            }
            #expect(Self.sample(metrics, "mura_bundle_bytes_total") == Double(stored.reduce(0, +)))
            #expect(Self.sample(metrics, "mura_ingested_bytes_total") == Double("Note\n\nFirst.".utf8.count * 2 + 1))
            #expect(
                Self.sample(metrics, #"mura_http_requests_total{method="GET",route="/documents/**",status="200"}"#) == 3
            )
            #expect(
                Self.sample(metrics, #"mura_http_requests_total{method="GET",route="/documents/**",status="404"}"#) == 1
            )
            #expect(
                Self.sample(metrics, #"mura_http_requests_total{method="POST",route="/documents",status="201"}"#) == 2
            )
            #expect(
                Self.sample(metrics, #"mura_http_request_duration_seconds_count{route="/documents/**"}"#) == 4
            )
            #expect(
                Self.sample(metrics, #"mura_http_request_duration_seconds_bucket{route="/documents/**",le="+Inf"}"#)
                    == 4
            )
            #expect(metrics.contains(#"mura_http_request_duration_seconds_bucket{route="/documents/**",le="0.0005"}"#))
            #expect(metrics.contains("# TYPE mura_http_request_duration_seconds histogram"), "\(metrics)")
            // The request for /metrics is the one in flight.
            #expect(Self.sample(metrics, "mura_http_requests_in_flight") == 1, "\(metrics)")
        }
    }

    /// Each service records into a registry of its own: nothing goes through the process-global MetricsSystem.
    @Test func twoServicesKeepTheirOwnMetrics() {
        let first = ServiceMetrics()
        let second = ServiceMetrics()
        first.recordIngest(outcome: .new, originalBytes: 10, bundleBytes: 7)
        first.recordRequest(method: "GET", route: "/health", status: 200, duration: .milliseconds(3))
        let one = String(decoding: first.render(), as: UTF8.self)
        let other = String(decoding: second.render(), as: UTF8.self)
        #expect(Self.sample(one, #"mura_ingests_total{outcome="new"}"#) == 1)
        #expect(Self.sample(one, "mura_bundle_bytes_total") == 7)
        #expect(Self.sample(one, #"mura_http_request_duration_seconds_bucket{route="/health",le="0.005"}"#) == 1)
        #expect(Self.sample(one, #"mura_http_request_duration_seconds_bucket{route="/health",le="0.0025"}"#) == 0)
        #expect(Self.sample(other, #"mura_ingests_total{outcome="new"}"#) == 0)
        #expect(Self.sample(other, #"mura_ingests_total{outcome="failed"}"#) == 0)
        #expect(!other.contains("mura_http_requests_total{"))
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("a", "Note\n\nText.", at: "2024-01-01")
            let head = try await client.execute(uri: "/documents/a", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers[HTTPField.Name("Memento-Datetime")!] == "Mon, 01 Jan 2024 00:00:00 GMT")
            #expect(head.headers[.contentLength] == "\("Note\n\nText.".utf8.count)")
        }
    }
}
