import ArchiveCore
import ArchiveTesting
import Foundation
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// A body that cannot be read is the client's error: 400, never 500.
@Suite struct MalformedBodyTests {
    @Test(arguments: [
        "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        "Transfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    ])
    func anUnreadableBodyIs400(framing: String) async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            let request =
                "POST /documents?id=broken HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(server.writeSecret)\r\n"
                + "Content-Type: text/plain\r\nConnection: close\r\n" + framing
            let answer = try #require(try await IdleConnectionTests.answerBeforeClose(request, port: port))
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(try await server.archive.catalog.document(id: "broken") == nil)
        }
    }
}
