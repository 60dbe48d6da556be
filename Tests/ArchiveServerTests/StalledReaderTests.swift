import ArchiveCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
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

    /// A reader that keeps taking parts of a long answer is never cut off, however long the whole takes; one that
    /// stops taking them is, once the limit has passed since the last part left. Run on an embedded channel whose
    /// socket sends a part only when told, on the event loop's own clock: the same on a busy machine.
    @Test func aSlowSteadyReaderKeepsItsConnectionAndAStalledOneLosesIt() throws {
        let loop = EmbeddedEventLoop()
        let socket = HeldSocket()
        let channel = EmbeddedChannel(handlers: [socket, StalledReadHandler(limit: .seconds(3))], loop: loop)
        defer { _ = try? channel.finish() }
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 16 * StalledReadHandler.part)
        channel.writeAndFlush(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        channel.writeAndFlush(HTTPResponsePart.body(body), promise: nil)
        #expect(socket.held.count == 17, "the body in parts of \(StalledReadHandler.part) bytes, after the head")
        // Ten seconds in all, a part every two: well over the limit, never that long without a part.
        // (A channel is not named inside #expect: describing its pipeline traps in NIO.)
        var open: [Bool] = []
        for _ in 0..<5 {
            loop.advanceTime(by: .seconds(2))
            socket.send(1)
            open.append(channel.isActive)
        }
        #expect(open == [true, true, true, true, true], "a steady reader was cut off")
        // Then nothing more is taken: closed once the limit has passed since the last part.
        loop.advanceTime(by: .seconds(2))
        let stillOpen = channel.isActive
        loop.advanceTime(by: .milliseconds(1_100))
        let closed = !channel.isActive
        #expect(stillOpen && closed)
    }
}

/// The socket of an embedded channel that holds what is written until the test lets it go, as a client that reads
/// slowly holds a server's writes.
private final class HeldSocket: ChannelOutboundHandler {
    typealias OutboundIn = HTTPResponsePart
    private(set) var held: [EventLoopPromise<Void>?] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        held.append(promise)
    }

    func flush(context: ChannelHandlerContext) {}

    /// Lets the oldest `count` writes leave.
    func send(_ count: Int) {
        for _ in 0..<min(count, held.count) { held.removeFirst()?.succeed(()) }
    }
}
