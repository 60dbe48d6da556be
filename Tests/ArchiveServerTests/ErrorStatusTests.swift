import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Testing

/// Every error is `{"error": {"code", "message"}}` with its status, and a failed request changes nothing.
@Suite struct ErrorStatusTests {
    static func code(_ exchange: TestServer.Exchange) -> String? {
        ((try? TestServer.json(exchange))?["error"] as? [String: Any])?["code"] as? String
    }

    @Test func statusesAndCodes() async throws {
        try await TestServer.run { server in
            let unknown = try await server.http("GET", "/documents/nope")
            #expect(unknown.status == 404 && Self.code(unknown) == "unknown-document")
            let route = try await server.http("GET", "/nowhere")
            #expect(route.status == 404 && Self.code(route) == "not-found")
            let badDate = try await server.http("GET", "/timegate/nope", headers: ["Accept-Datetime: soon"])
            #expect(badDate.status == 400 && badDate.body.contains("Accept-Datetime"))
            let badAt = try await server.http("GET", "/documents/nope?at=2024-13-45")
            #expect(badAt.status == 400 && Self.code(badAt) == "invalid-date" && badAt.body.contains("at"))

            let format = try await server.http(
                "POST",
                "/documents?id=a",
                headers: ["Content-Type: application/pdf", server.writer],
                body: Data([0x25, 0x50, 0x44, 0x46, 0x00, 0x01])
            )
            #expect(format.status == 415 && Self.code(format) == "unknown-format", "\(format.body)")
            let empty = try await server.http(
                "POST",
                "/documents?id=a",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data()
            )
            #expect(empty.status == 400 && empty.body.contains("empty"))

            let first = try await server.http(
                "POST",
                "/documents?id=c&captured_at=2024-01-01T10:00:00Z",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data("Note\n\nOne text.".utf8)
            )
            let clash = try await server.http(
                "POST",
                "/documents?id=c&captured_at=2024-01-01T10:00:00Z",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data("Note\n\nAnother text.".utf8)
            )
            #expect(first.status == 201 && clash.status == 409 && Self.code(clash) == "capture-conflict")
            #expect(try server.archive.catalog.versions(of: "c").count == 1)

            let put = try await server.http("PUT", "/documents/a", headers: [server.writer], body: Data("x".utf8))
            #expect(put.status == 405 && Self.code(put) == "method-not-allowed")
            #expect(put.headers["allow"] == "GET, HEAD")
            let delete = try await server.http("DELETE", "/documents")
            #expect(delete.status == 405 && delete.headers["allow"] == "GET, POST, HEAD")
            let getExports = try await server.http("GET", "/exports")
            #expect(getExports.status == 405 && getExports.headers["allow"] == "POST")
            #expect(try server.archive.catalog.documents().map(\.id) == ["c"])
        }
    }

    @Test func bodiesOverTheLimitAre413AndLeaveNothing() async throws {
        try await TestServer.run(configuration: ServiceConfiguration(host: "127.0.0.1", port: 0, maximumBodySize: 1000))
        {
            server in
            let large = try await server.http(
                "POST",
                "/documents?id=big",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data(repeating: 0x61, count: 5000)
            )
            #expect(large.status == 413 && Self.code(large) == "content-too-large")
            #expect(large.body.contains("1000 bytes"))
            // Chunked, so the size is only known while reading.
            let chunked = try await server.http(
                "POST",
                "/documents?id=big",
                headers: ["Content-Type: text/plain", "Transfer-Encoding: chunked", server.writer],
                body: Data(repeating: 0x61, count: 5000)
            )
            #expect(chunked.status == 413)
            let small = try await server.http(
                "POST",
                "/documents?id=small",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data(repeating: 0x61, count: 900)
            )
            #expect(small.status == 201)
            #expect(try server.archive.catalog.documents().map(\.id) == ["small"])
        }
    }
}
