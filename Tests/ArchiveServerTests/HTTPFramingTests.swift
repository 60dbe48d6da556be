import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import ArchiveServer

/// What HTTP itself asks of a server before any route: expectations, methods it does not know, framing it cannot
/// read, and a CONNECT, each answered at once and never left hanging or read wrongly.
@Suite struct HTTPFramingTests {
    /// A service whose request bodies must come at 1,000 bytes a second after their first second.
    static let shortBodyGrace = ServiceConfiguration(
        host: "127.0.0.1",
        port: 0,
        slowBodyGrace: .seconds(1),
        minimumBodyRate: 1_000
    )

    /// The head of an upload of `body` with a write token and `extra` header lines.
    static func upload(_ id: String, _ body: String, secret: String, extra: String) -> String {
        "POST /documents?id=\(id) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(secret)\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\(extra)\r\n"
    }

    /// What the service sends first after `head`, before any body is sent; `nil` when nothing comes in 20 seconds.
    static func firstAnswer(to head: String, port: Int) async throws -> String? {
        try await LiveServer.within(seconds: 20) {
            try await LiveServer.connect(port: port).executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(string: head))
                var iterator = inbound.makeAsyncIterator()
                return try await iterator.next().map { String(buffer: $0) } ?? ""
            }
        }
    }

    /// An upload of `abc` in chunks, under the transfer codings `codings`.
    static func chunked(_ id: String, codings: String, secret: String, close: Bool = true) -> String {
        "POST /documents?id=\(id) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(secret)\r\n"
            + "Content-Type: text/plain\r\nTransfer-Encoding: \(codings)\r\n\(close ? "Connection: close\r\n" : "")"
            + "\r\n3\r\nabc\r\n0\r\n\r\n"
    }

    @Test func anUploadThatExpectsContinueIsToldToGoOnBeforeItSendsItsBody() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let body = "Title\n\nSent after the 100."
            let head = Self.upload(
                "press/continued",
                body,
                secret: server.writeSecret,
                extra: "Expect: 100-continue\r\n"
            )
            let exchanged = try await LiveServer.within(seconds: 20) {
                try await Self.exchange(head: head, body: body, port: port)
            }
            let (interim, final) = try #require(exchanged, "no answer came before the body was sent")
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(interim)")
            #expect(final.hasPrefix("HTTP/1.1 201"), "\(final)")
            #expect(try await server.archive.catalog.document(id: "press/continued") != nil)
        }
    }

    /// A body longer than the service takes is not invited: the 413 comes instead of the 100.
    @Test func anUploadTooLargeToTakeIsNotToldToGoOn() async throws {
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, maximumBodySize: 1_000)
        try await LiveServer.run(configuration: configuration) { server, client in
            let port = try #require(client.port)
            let body = "Title\n\n" + String(repeating: "Too long. ", count: 500)
            let head = Self.upload("press/large", body, secret: server.writeSecret, extra: "Expect: 100-continue\r\n")
            let first = try #require(try await Self.firstAnswer(to: head, port: port), "no answer came")
            #expect(first.hasPrefix("HTTP/1.1 413"), "\(first)")
            #expect(try await server.archive.catalog.document(id: "press/large") == nil)
        }
    }

    /// An upload without a token is not invited either: the 401 comes before any of the body is sent.
    @Test func anUploadWithoutATokenIsNotToldToGoOn() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let body = "Title\n\nNever sent."
            let head = Self.upload("press/anonymous", body, secret: "", extra: "Expect: 100-continue\r\n")
                .replacingOccurrences(of: "Authorization: Bearer \r\n", with: "")
            let first = try #require(try await Self.firstAnswer(to: head, port: port), "no answer came")
            #expect(first.hasPrefix("HTTP/1.1 401"), "\(first)")
            #expect(try await server.archive.catalog.document(id: "press/anonymous") == nil)
        }
    }

    /// An HTTP/1.0 client knows no `100 (Continue)`: its expectation is ignored, and only the final answer comes.
    @Test func anHTTP10UploadThatExpectsContinueGetsOnlyItsAnswer() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let body = "Title\n\nSent at once."
            let head = Self.upload(
                "press/old-client",
                body,
                secret: server.writeSecret,
                extra: "Expect: 100-continue\r\n"
            )
            .replacingOccurrences(of: " HTTP/1.1\r\n", with: " HTTP/1.0\r\n")
            let answer = try await LiveServer.raw(head + body, port: port)
            #expect(answer.hasPrefix("HTTP/1.1 201"), "\(answer)")
            #expect(!answer.contains(" 100 Continue"), "\(answer)")
            #expect(try await server.archive.catalog.document(id: "press/old-client") != nil)
        }
    }

    @Test func anExpectationOtherThanContinueIs417AndStoresNothing() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let body = "Title\n\nText."
            let head = Self.upload("press/expected", body, secret: server.writeSecret, extra: "Expect: 200-ok\r\n")
            let answer = try await LiveServer.raw(head + body, port: port)
            #expect(answer.hasPrefix("HTTP/1.1 417"), "\(answer)")
            #expect(answer.contains("100-continue"))
            #expect(try await server.archive.catalog.document(id: "press/expected") == nil)
        }
    }

    @Test func connectIsAnsweredAndTheConnectionClosed() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await IdleConnectionTests.answerBeforeClose(
                "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
                port: port,
                seconds: 20
            )
            let text = try #require(answer, "the connection was left open")
            #expect(text.hasPrefix("HTTP/1.1 501"), "\(text)")
            #expect(text.lowercased().contains("connection: close"), "\(text)")
        }
    }

    @Test(arguments: ["PROPFIND", "MKCOL", "LOCK"])
    func aMethodTheServiceDoesNotKnowIs501(method: String) async throws {
        try await LiveServer.run { _, client in
            let answer = try await client.execute(
                uri: "/documents",
                method: try #require(HTTPRequest.Method(method)),
                headers: [:]
            )
            #expect(answer.status == .notImplemented, "\(answer.text)")
            #expect(try answer.json()["error"] != nil)
        }
    }

    /// A method name the HTTP parser does not know, or a known one in lower case (a method of its own: names are
    /// case-sensitive), is not implemented, and says so in JSON.
    @Test(arguments: ["FOO", "get", "BREW"])
    func aMethodNameTheParserDoesNotKnowIs501(method: String) async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await LiveServer.raw(
                "\(method) /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                port: port
            )
            #expect(answer.hasPrefix("HTTP/1.1 501"), "\(method): \(answer)")
            #expect(answer.contains("\"not-implemented\""), "\(method): \(answer)")
        }
    }

    @Test(arguments: ["a b", "example.org:99999", "example.org:0", "evil>"])
    func aHostThatIsNoHostIs400OnEveryRoute(host: String) async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await LiveServer.raw(
                "GET /health HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n",
                port: port
            )
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(host): \(answer)")
        }
    }

    /// HTTP/1.0 closes after the answer unless the request asks to keep the connection.
    @Test func anHTTP10RequestIsAnsweredAndClosed() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try #require(
                try await IdleConnectionTests.answerBeforeClose(
                    "GET /health HTTP/1.0\r\n\r\n",
                    port: port,
                    seconds: 20
                ),
                "the connection was kept open"
            )
            #expect(answer.contains(" 200 ") && answer.contains("Connection: close"), "\(answer)")
        }
    }

    /// A target in absolute form names the host the answer's addresses use, over the Host header.
    /// HTTP/1.1 requires `Host` (RFC 9112 section 3.2); HTTP/1.0 does not. A client's own marker field means nothing.
    @Test func anHTTP11RequestWithoutHostIs400() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let missing = try await LiveServer.raw("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n", port: port)
            #expect(missing.hasPrefix("HTTP/1.1 400") && missing.contains("Host header"), "\(missing)")
            let marked = try await LiveServer.raw(
                "GET /health HTTP/1.1\r\nHost: localhost\r\nMura-Missing-Host: 1\r\nConnection: close\r\n\r\n",
                port: port
            )
            #expect(marked.hasPrefix("HTTP/1.1 200"), "\(marked)")
            let old = try await LiveServer.raw("GET /health HTTP/1.0\r\n\r\n", port: port)
            #expect(old.hasPrefix("HTTP/1.1 200"), "\(old)")
        }
    }

    @Test func anAbsoluteTargetNamesTheHost() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await LiveServer.raw(
                "GET http://archive.example.org:8080/timegate/a/b HTTP/1.1\r\nHost: other.example\r\n"
                    + "Connection: close\r\n\r\n",
                port: port
            )
            #expect(answer.hasPrefix("HTTP/1.1 302"), "\(answer)")
            #expect(answer.contains("Location: http://archive.example.org:8080/documents/a/b/versions/"), "\(answer)")
        }
    }

    @Test func twoHostHeadersAre400() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await LiveServer.raw(
                "GET /documents HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
                port: port
            )
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains("Host"))
        }
    }

    @Test func aBodyInATransferCodingOtherThanChunkedIsRefusedNotStored() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let request = Self.chunked("press/zipped", codings: "gzip, chunked", secret: server.writeSecret)
            let answer = try await LiveServer.raw(request, port: port)
            #expect(answer.hasPrefix("HTTP/1.1 501"), "\(answer)")
            #expect(try await server.archive.catalog.document(id: "press/zipped") == nil)
        }
    }

    /// Codings that do not end in chunked leave the body's end unknown: one 400, then the connection is closed,
    /// though the client asked to keep it.
    @Test func aBodyWhoseEndCannotBeToldIsOne400ThenTheClose() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let request =
                Self.chunked("press/unframed", codings: "gzip", secret: server.writeSecret, close: false)
                + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
            let answer = try #require(
                try await IdleConnectionTests.answerBeforeClose(request, port: port, seconds: 20),
                "the connection was left open"
            )
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "\(answer)")
            #expect(try await server.archive.catalog.document(id: "press/unframed") == nil)
        }
    }

    /// An answer given before the body has all come (401 without a token) is the last on its connection: the rest
    /// of the body is not waited for.
    @Test func anAnswerBeforeTheBodyEndsClosesTheConnection() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let request =
                "POST /documents?id=press/early HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 100000\r\n\r\nTitle\n\nThe first bytes of many."
            let answer = try #require(
                try await IdleConnectionTests.answerBeforeClose(request, port: port, seconds: 20),
                "the connection waited for the rest of the body"
            )
            #expect(answer.hasPrefix("HTTP/1.1 401") && answer.contains("Connection: close"), "\(answer)")
            #expect(try await server.archive.catalog.document(id: "press/early") == nil)
        }
    }

    /// A client may send the next request before an answer ends: a body still coming for a later request does not
    /// end the connection after the earlier answer.
    @Test func aPipelinedUploadBehindAnAnswerIsRead() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let body = "Title\n\nSent in two parts."
            let first =
                "GET /documents/a/b HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + Self.upload("press/piped", body, secret: server.writeSecret, extra: "").replacingOccurrences(
                    of: "Connection: close\r\n",
                    with: ""
                ) + String(body.prefix(5))
            let rest =
                String(body.dropFirst(5)) + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
            let answer = try await LiveServer.within(seconds: 20) {
                try await LiveServer.connect(port: port).executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: first))
                    try await Task.sleep(for: .milliseconds(500))
                    try await outbound.write(ByteBuffer(string: rest))
                    var answer = ""
                    for try await buffer in inbound { answer += String(buffer: buffer) }
                    return answer
                }
            }
            let text = try #require(answer, "the connection was left open")
            let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
            #expect(statuses == ["200", "201", "200"], "\(text)")
            #expect(try await server.archive.catalog.document(id: "press/piped") != nil)
        }
    }

    /// Answers queued behind a client that does not read yet are sent whole before a later request's slow body is
    /// answered 408 and the connection closed: its clock runs once the earlier answers have left.
    @Test func answersQueuedBehindASlowReaderAreSentWhole() async throws {
        try await LiveServer.run(configuration: Self.shortBodyGrace) { server, client in
            let port = try #require(client.port)
            let big = String(repeating: "The council met and spoke at length. ", count: 80_000)
            try await server.seed("press/big", "Title\n\n" + big)
            let gets = String(repeating: "GET /documents/press/big HTTP/1.1\r\nHost: localhost\r\n\r\n", count: 5)
            let post =
                Self.upload("press/stalled", "Title\n\nNever sent whole.", secret: server.writeSecret, extra: "")
                .replacingOccurrences(of: "Connection: close\r\n", with: "") + "Title"
            let answer = try await LiveServer.within(seconds: 30) {
                try await LiveServer.connect(port: port, receiveBuffer: 4_096).executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: gets + post))
                    // Nothing is read for a while: the answers wait in the buffers.
                    try await Task.sleep(for: .seconds(4))
                    var received = ByteBuffer()
                    for try await buffer in inbound { received.writeImmutableBuffer(buffer) }
                    return String(buffer: received)
                }
            }
            let text = try #require(answer, "the connection was left open")
            let parts = text.components(separatedBy: "HTTP/1.1 ").dropFirst()
            #expect(parts.map { $0.prefix(3) } == ["200", "200", "200", "200", "200", "408"], "\(text.prefix(300))")
            #expect(parts.dropLast().allSatisfy { $0.contains(big.suffix(200)) }, "every answer whole")
        }
    }

    /// A body that comes a byte at a time never falls silent for the idle timeout; once its grace is over, it must
    /// keep a least pace, or it is answered 408 and its connection closed.
    @Test func aBodyThatComesTooSlowlyIs408() async throws {
        try await LiveServer.run(configuration: Self.shortBodyGrace) { server, client in
            let port = try #require(client.port)
            let head =
                "POST /documents?id=press/slow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + "\(server.writeSecret)\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n"
            let answer = try await LiveServer.within(seconds: 15) {
                try await LiveServer.connect(port: port).executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: head))
                    // A byte every 200 ms, until the service answers and closes.
                    let writer = Task {
                        for _ in 0..<100 {
                            try await Task.sleep(for: .milliseconds(200))
                            try await outbound.write(ByteBuffer(string: "x"))
                        }
                    }
                    defer { writer.cancel() }
                    var answer = ""
                    for try await buffer in inbound { answer += String(buffer: buffer) }
                    return answer
                }
            }
            let text = try #require(answer, "the slow body held the connection")
            #expect(text.hasPrefix("HTTP/1.1 408"), "\(text)")
            #expect(try await server.archive.catalog.document(id: "press/slow") == nil)
        }
    }

    /// A compressed body would be stored compressed: 415. `identity` is no coding at all.
    @Test(arguments: [("gzip", HTTPResponse.Status.unsupportedMediaType), ("identity", .created)])
    func aCompressedBodyIs415AndNotStored(coding: String, status: HTTPResponse.Status) async throws {
        try await LiveServer.run { server, client in
            var headers = server.header(.write, contentType: "text/plain")
            headers[.contentEncoding] = coding
            let answer = try await client.post(
                "id=press/x",
                ByteBuffer(string: "T\n\nx"),
                contentType: "text/plain",
                headers: headers
            )
            #expect(answer.status == status, "\(answer.text)")
            let stored = try await server.archive.catalog.document(id: "press/x") != nil
            #expect(stored == (status == .created))
            if status == .unsupportedMediaType { #expect(answer.headers[.acceptEncoding] == "identity") }
        }
    }

    /// Sends `head`, reads the interim answer before sending `body`, then reads the rest until the connection closes.
    static func exchange(head: String, body: String, port: Int) async throws -> (interim: String, final: String) {
        try await LiveServer.connect(port: port).executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: head))
            var iterator = inbound.makeAsyncIterator()
            // The body is held back until the interim answer is whole: a service that waits for the body hangs
            // here, until the caller's bound cancels the wait.
            var interim = ""
            while !interim.contains("\r\n\r\n"), let buffer = try await iterator.next() {
                interim += String(buffer: buffer)
            }
            let end = try #require(interim.range(of: "\r\n\r\n"))
            try await outbound.write(ByteBuffer(string: body))
            var final = String(interim[end.upperBound...])
            while let buffer = try await iterator.next() { final += String(buffer: buffer) }
            return (String(interim[..<end.upperBound]), final)
        }
    }
}
