import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every error is `{"error": {"code", "message"}}` with its status, and a failed request changes nothing.
@Suite struct ErrorStatusTests {
    static func code(_ response: TestResponse) -> String? {
        ((try? response.json())?["error"] as? [String: Any])?["code"] as? String
    }

    /// A full disk, however deep in the error it shows (the system's, SQLite's, Foundation's), is a 507; other
    /// storage failures stay 500.
    @Test func aFullDiskIsInsufficientStorage() {
        let full: [any Error] = [
            POSIXError(.ENOSPC), POSIXError(.EDQUOT), CocoaError(.fileWriteOutOfSpace),
            ArchiveError(.catalog, "wrapped", underlying: POSIXError(.ENOSPC)),
        ]
        for cause in full {
            #expect(ArchiveError(.bundleIO, "x", underlying: cause).status.code == 507, "\(cause)")
        }
        #expect(ArchiveError(.bundleIO, "x", underlying: POSIXError(.EIO)).status.code == 500)
        #expect(ArchiveError(.catalog, "x").status.code == 500)
        #expect(ArchiveError(.invalidArgument, "x", underlying: POSIXError(.ENOSPC)).status.code == 400)
    }

    @Test func statusesAndCodes() async throws {
        try await LiveServer.run { server, client in
            let unknown = try await client.execute(uri: "/documents/nope", method: .get)
            #expect(unknown.status == .notFound && Self.code(unknown) == "unknown-document")
            let route = try await client.execute(uri: "/nowhere", method: .get)
            #expect(route.status == .notFound && Self.code(route) == "not-found")
            let badDate = try await client.execute(
                uri: "/timegate/nope",
                method: .get,
                headers: [HTTPField.Name("Accept-Datetime")!: "soon"]
            )
            #expect(badDate.status == .badRequest && badDate.text.contains("Accept-Datetime"))
            let badAt = try await client.execute(uri: "/documents/nope?at=2024-13-45", method: .get)
            #expect(badAt.status == .badRequest && Self.code(badAt) == "invalid-date" && badAt.text.contains("at"))

            let format = try await client.execute(
                uri: "/documents?id=a",
                method: .post,
                headers: server.header(.write, contentType: "application/pdf"),
                body: ByteBuffer(bytes: [0x25, 0x50, 0x44, 0x46, 0x00, 0x01])
            )
            #expect(format.status == .unsupportedMediaType && Self.code(format) == "unknown-format", "\(format.text)")
            let empty = try await client.postText("id=a", "", headers: server.header(.write))
            #expect(empty.status == .badRequest && empty.text.contains("empty"))

            let first = try await client.postText(
                "id=c&captured_at=2024-01-01T10:00:00Z",
                "Note\n\nOne text.",
                headers: server.header(.write)
            )
            let clash = try await client.postText(
                "id=c&captured_at=2024-01-01T10:00:00Z",
                "Note\n\nAnother text.",
                headers: server.header(.write)
            )
            #expect(first.status == .created && clash.status == .conflict && Self.code(clash) == "capture-conflict")
            #expect(try await server.archive.catalog.versions(of: "c").count == 1)

            let put = try await client.execute(
                uri: "/documents/a",
                method: .put,
                headers: server.header(.write),
                body: ByteBuffer(string: "x")
            )
            #expect(put.status == .methodNotAllowed && Self.code(put) == "method-not-allowed")
            #expect(put.headers[.allow] == "GET, HEAD")
            let delete = try await client.execute(uri: "/documents", method: .delete)
            #expect(delete.status == .methodNotAllowed && delete.headers[.allow] == "GET, POST, HEAD")
            let getExports = try await client.execute(uri: "/exports", method: .get)
            #expect(getExports.status == .methodNotAllowed && getExports.headers[.allow] == "POST")
            #expect(try await server.archive.catalog.documents().map(\.id).sorted() == ["a/b", "c"])
        }
    }

    @Test func bodiesOverTheLimitAre413AndLeaveNothing() async throws {
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, maximumBodySize: 1000)
        try await LiveServer.run(configuration: configuration) { server, client in
            let large = try await client.postText(
                "id=big",
                String(repeating: "a", count: 5000),
                headers: server.header(.write)
            )
            #expect(large.status == .contentTooLarge && Self.code(large) == "content-too-large")
            #expect(large.text.contains("1000 bytes"))
            // Chunked, so the size is only known while reading. The live client always sends a Content-Length.
            let chunk = String(repeating: "a", count: 5000)
            let chunked = try await LiveServer.raw(
                "POST /documents?id=big HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                    + "Authorization: Bearer \(server.writeSecret)\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n",
                port: try #require(client.port)
            )
            #expect(chunked.hasPrefix("HTTP/1.1 413 "), "\(chunked)")
            let small = try await client.postText(
                "id=small",
                String(repeating: "a", count: 900),
                headers: server.header(.write)
            )
            #expect(small.status == .created)
            #expect(try await server.archive.catalog.documents().map(\.id).sorted() == ["a/b", "small"])
        }
    }
}
