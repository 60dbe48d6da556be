import ArchiveTesting
import Foundation
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// A connection that says nothing is closed after the service's idle timeout, so that slow or silent clients cannot
/// hold its connections (and its file descriptors) forever.
@Suite struct IdleConnectionTests {
    /// `LiveServer.raw` bounded in time: what the service sent before it closed the connection, or `nil` when it
    /// kept the connection open for `seconds`.
    static func answerBeforeClose(_ request: String, port: Int, seconds: Int = 30) async throws -> String? {
        try await LiveServer.within(seconds: seconds) { try await LiveServer.raw(request, port: port) }
    }

    @Test func silentAndUnfinishedConnectionsAreClosed() async throws {
        // Long enough that a connection opened under load is written to before it counts as silent.
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, idleTimeout: .seconds(3))
        try await LiveServer.run(configuration: configuration) { _, client in
            let port = try #require(client.port)
            // A request head that never ends: closed without an answer.
            let unfinished = try await Self.answerBeforeClose("GET /health HTTP/1.1\r\nHost: local", port: port)
            #expect(unfinished == "", "an unfinished head is closed: \(unfinished ?? "still open")")
            // A kept-alive connection after its answer: the answer, then the close.
            let kept = try await Self.answerBeforeClose("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", port: port)
            #expect(kept?.hasPrefix("HTTP/1.1 200") == true, "\(kept ?? "still open")")
        }
    }
}
