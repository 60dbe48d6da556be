import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// Reads block on files and the catalog; they must not hold the few Swift concurrency threads, or a handful of large
/// reads would stall every other request, `/health` included.
@Suite struct ReadStallTests {
    @Test func largeReadsDoNotStallHealth() async throws {
        // No cache: every read decompresses and re-hashes the whole bundle.
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, cacheSize: 0)
        try await LiveServer.run(configuration: configuration) { server, client in
            let filler = String(repeating: "Archive bytes that make the version large. ", count: 800_000)
            try await server.seed("big", "<title>Big</title><p>Small.</p><!-- \(filler) -->", format: "html")
            let port = try #require(client.port)
            let readers = (0..<6).map { _ in
                TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(120)))
            }
            for reader in readers { reader.connect() }
            try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
                for reader in readers {
                    group.addTask {
                        // HEAD: the server reads and verifies the whole version, and nothing is sent back, so the
                        // time is the server's.
                        let response = try await reader.execute(
                            .init("/documents/big", method: .head, authority: "localhost")
                        )
                        #expect(response.status == .ok && response.headers[.contentLength] != nil)
                        return .now
                    }
                }
                // Once the reads are under way, /health answers before any of them is done.
                try await Task.sleep(for: .milliseconds(30))
                let health = try await client.execute(uri: "/health", method: .get)
                let answered = ContinuousClock.now
                #expect(health.status == .ok)
                var first: ContinuousClock.Instant?
                for try await finished in group { first = min(first ?? finished, finished) }
                #expect(answered < (first ?? answered), "/health waited for a large read to finish")
            }
            for reader in readers { try await reader.shutdown() }
        }
    }
}
