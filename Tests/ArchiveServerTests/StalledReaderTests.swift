import ArchiveCore
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

@testable import ArchiveServer

/// A client that stops reading its answers cannot hold its connection for ever; one that reads slowly but steadily
/// gets every answer whole.
@Suite struct StalledReaderTests {
    /// A service whose clients must take some of a waiting answer within three seconds.
    static let shortReadLimit = ServiceConfiguration(host: "127.0.0.1", port: 0, stalledReadLimit: .seconds(3))

    /// Sends `count` pipelined GETs of `path` on a connection with a small receive buffer, reads nothing for
    /// `pause`, then reads until the service closes the connection or `seconds` pass, pausing as long again after
    /// each `pauseEvery` bytes. Returns the bytes read, or `nil` when the connection was still open.
    static func pipelined(
        _ path: String,
        count: Int,
        port: Int,
        pause: Duration,
        pauseEvery: Int = .max,
        seconds: Int
    ) async throws -> Int? {
        let gets = String(repeating: "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n", count: count)
        let last = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        return try await LiveServer.within(seconds: seconds) {
            try await LiveServer.connect(port: port, receiveBuffer: 4_096).executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: gets + last))
                try await Task.sleep(for: pause)
                var received = 0
                var sincePause = 0
                do {
                    for try await buffer in inbound {
                        received += buffer.readableBytes
                        sincePause += buffer.readableBytes
                        if sincePause >= pauseEvery {
                            sincePause = 0
                            try await Task.sleep(for: pause)
                        }
                    }
                } catch let error as IOError where error.errnoCode == ECONNRESET {
                    // A connection closed with answers still unsent may end in a reset: it is closed all the same.
                }
                return received
            }
        }
    }

    @Test func aClientThatStopsReadingIsClosed() async throws {
        try await LiveServer.run(configuration: Self.shortReadLimit) { server, client in
            let port = try #require(client.port)
            let text = "Title\n\n" + String(repeating: "The council met and spoke at length. ", count: 80_000)
            try await server.seed("press/big", text)
            let answers = 10
            let received = try await Self.pipelined(
                "/documents/press/big",
                count: answers,
                port: port,
                pause: .seconds(8),
                seconds: 60
            )
            let read = try #require(received, "a client that read nothing for 8 s still held its connection")
            #expect(read < answers * text.utf8.count / 2, "read \(read) bytes: the connection was not closed")
        }
    }

    @Test func aSlowSteadyReaderGetsEveryAnswer() async throws {
        try await LiveServer.run(configuration: Self.shortReadLimit) { server, client in
            let port = try #require(client.port)
            let text = "Title\n\n" + String(repeating: "The council met and spoke at length. ", count: 80_000)
            try await server.seed("press/mid", text)
            let answers = 3
            // A pause of half a second after each half megabyte: each far shorter than the limit (a test machine
            // under load may be slow to read again), all together three times longer. The answers are more than the
            // connection's buffers hold, so parts wait to be sent throughout.
            let received = try await Self.pipelined(
                "/documents/press/mid",
                count: answers,
                port: port,
                pause: .milliseconds(500),
                pauseEvery: 1 << 19,
                seconds: 120
            )
            let read = try #require(received, "the connection was left open after Connection: close")
            #expect(read > answers * text.utf8.count, "read \(read) bytes: a steady reader was cut off")
        }
    }
}
