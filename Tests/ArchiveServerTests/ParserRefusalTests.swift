import ArchiveCore
import Foundation
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// Requests the HTTP parser cannot read are answered in JSON like every other refusal, with the status that names
/// the fault, and the connection is closed.
@Suite struct ParserRefusalTests {
    /// The error object of a raw answer: its status line's code, and the body's `error`.
    static func refusal(_ answer: String) throws -> (status: String, code: String, message: String) {
        let parts = answer.components(separatedBy: "\r\n\r\n")
        let status = String(answer.dropFirst("HTTP/1.1 ".count).prefix(3))
        #expect(parts.first?.lowercased().contains("content-type: application/json") == true, "\(answer.prefix(400))")
        let body = try #require(parts.dropFirst().joined(separator: "\r\n\r\n").data(using: .utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: [String: String]])
        let error = try #require(object["error"])
        return (status, error["code"] ?? "", error["message"] ?? "")
    }

    @Test func headersOverTheLimitAre431InJSON() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let big = String(repeating: "a", count: 300 * 1024)
            let answer = try await LiveServer.raw(
                "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: \(big)\r\n\r\n",
                port: port
            )
            let refusal = try Self.refusal(answer)
            #expect(refusal.status == "431")
            #expect(refusal.code == "request-header-fields-too-large")
            #expect(refusal.message.contains("256 KB"), "\(refusal.message)")
        }
    }

    @Test(arguments: [
        ("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n", "Transfer-Encoding"),
        ("Content-Length: 3\r\nContent-Length: 4\r\n", "Content-Length"),
        ("Content-Length: 3x\r\n", "Content-Length"),
        ("Bad Header: x\r\n", "header name"),
    ])
    func unparsableHeadsAre400InJSONAndStoreNothing(header: String, named: String) async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let request =
                "POST /documents?id=press/unparsed HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + "\(server.writeSecret)\r\nContent-Type: text/plain\r\n\(header)\r\n3\r\nabc\r\n0\r\n\r\n"
            let answer = try #require(
                try await IdleConnectionTests.answerBeforeClose(request, port: port, seconds: 20),
                "the connection was left open"
            )
            let refusal = try Self.refusal(answer)
            #expect(refusal.status == "400")
            #expect(refusal.code == "bad-request")
            #expect(refusal.message.contains(named), "\(refusal.message)")
            #expect(answer.lowercased().contains("connection: close"))
            #expect(try await server.archive.catalog.document(id: "press/unparsed") == nil)
        }
    }
}
