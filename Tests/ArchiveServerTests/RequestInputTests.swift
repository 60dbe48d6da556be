import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ArchiveServer

/// Values that name nothing are refused with the field they came in, never read as another value.
@Suite struct RequestInputTests {
    /// A NUL ends a string where the catalog reads it: `a/b%00zzz` must not be `a/b`. No id or source URL holds a
    /// control character, so such a value finds nothing: 404 for a document, nothing for a filter.
    @Test(arguments: [
        ("/documents/a/b%00zzz", 404), ("/timemap/a/b%00zzz", 404), ("/timegate?url=https://example.org/a%00zzz", 404),
        ("/documents/a/b%0A/versions", 404), ("/search?q=text&document=a/b%00zzz", 200),
        ("/search?q=text&prefix=a%00", 200),
        ("/documents?source=https://example.org/a%00z", 200), ("/documents?prefix=a%00", 200),
    ])
    func aControlCharacterInALookupFindsNothing(uri: String, status: Int) async throws {
        try await LiveServer.run { _, client in
            let answer = try await client.execute(uri: uri, method: .get)
            #expect(answer.status.code == status, "\(uri): \(answer.status) \(answer.text)")
            if status == 200 {
                let json = try answer.json()
                #expect(((json["hits"] ?? json["documents"]) as? [Any])?.isEmpty == true, "\(uri): \(answer.text)")
            }
        }
    }

    @Test func aControlCharacterInAnOrderNamesNoDocument() async throws {
        try await LiveServer.run { server, client in
            for route in ["/exports", "/verify"] {
                let answer = try await client.execute(
                    uri: route,
                    method: .post,
                    headers: server.header(.write, contentType: "application/json"),
                    body: ByteBuffer(string: #"{"documents": ["a/b\u0000zzz"]}"#)
                )
                #expect(answer.status == .notFound, "\(route): \(answer.text)")
            }
        }
    }

    /// `%FF` is no UTF-8: read loosely it would become U+FFFD, as `%FE` would, and two ids would be one.
    @Test func anIdOrURLThatIsNotUTF8Is400NamingIt() async throws {
        try await LiveServer.run { server, client in
            for (query, field) in [("id=press/%FF", "id:"), ("id=press/x&url=https://example.org/%C0%AF", "url:")] {
                let answer = try await client.postText(query, "T\n\nText.", headers: server.header(.write))
                #expect(answer.status == .badRequest && answer.text.contains(field), "\(query): \(answer.text)")
            }
            #expect(try await server.archive.catalog.documents().count == 1)
        }
    }

    /// Each ingest parameter's message names it, not "the request body".
    @Test(arguments: [
        ("id=%20", "id: "), ("id=x&url=ftp://example.org/", "url: "), ("id=x&captured_at=2999-01-01", "captured_at: "),
        ("id=x&captured_at=0001-01-01", "before 1900"),
    ])
    func anIngestParameterIsNamedInItsMessage(query: String, start: String) async throws {
        try await LiveServer.run { server, client in
            let answer = try await client.postText(query, "T\n\nText.", headers: server.header(.write))
            let message = try #require((try answer.json()["error"] as? [String: Any])?["message"] as? String)
            #expect(answer.status == .badRequest && message.contains(start), "\(message)")
            #expect(!message.contains("the request body"), "\(message)")
        }
    }

    /// Captures keep milliseconds and dates are printed in whole seconds: the printed time of a memento finds it.
    @Test func aMementosPrintedTimeFindsIt() async throws {
        try await LiveServer.run { server, client in
            for time in ["2021-05-01T10:00:00.500Z", "2021-05-01T10:00:10.500Z"] {
                try await server.seed("press/ms", "T\n\nCaptured at \(time).", at: time)
            }
            let last = try await server.archive.memento(of: "press/ms").version
            let gate = try await client.execute(
                uri: "/timegate/press/ms",
                method: .get,
                headers: [.acceptDatetime: "Sat, 01 May 2021 10:00:10 GMT"]
            )
            #expect(gate.headers[.location]?.hasSuffix(last.id) == true, "\(gate.headers)")
            let at = try await client.execute(uri: "/documents/press/ms?at=2021-05-01T10:00:10Z", method: .get)
            #expect(at.text.contains("10:00:10.500"), "\(at.text)")
            // Before the first capture by milliseconds: the message tells the two times apart.
            let early = try await client.execute(uri: "/documents/press/ms?at=2021-05-01T10:00:00.000Z", method: .get)
            #expect(early.text.contains("10:00:00.500Z") && early.text.contains("10:00:00.000Z"), "\(early.text)")
        }
    }

    @Test func smallerAnswersOfTheProbe() async throws {
        try await LiveServer.run { server, client in
            // A 406 varies with Accept, as the 200 it stands for does.
            let refused = try await client.execute(uri: "/documents/a/b", method: .get, headers: [.accept: "image/png"])
            #expect(refused.status == .notAcceptable && refused.headers[.vary] == "accept")
            // A version number is digits: `+1` and `01` are no numbers.
            for number in ["+1", "01"] {
                let answer = try await client.execute(uri: "/documents/a/b/versions/\(number)", method: .get)
                #expect(answer.status == .notFound, "\(number): \(answer.status)")
            }
            // A WARC file has no serialization to choose.
            let warc = try await client.execute(
                uri: "/exports",
                method: .post,
                headers: server.header(.write, contentType: "application/json"),
                body: ByteBuffer(string: #"{"all": true, "package": "warc", "serialization": "tar"}"#)
            )
            #expect(warc.status == .badRequest && warc.text.contains("serialization"), "\(warc.text)")
        }
    }

    /// An original URL whose own query holds `format` keeps it: the TimeMap is still link-format.
    @Test func aFormatInTheOriginalURLIsTheURLs() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("api/json", "T\n\nJSON.", url: "https://example.org/api?format=json")
            let map = try await client.execute(uri: "/timemap/https://example.org/api?format=json", method: .get)
            #expect(map.headers[.contentType] == "application/link-format", "\(map.text)")
            #expect(map.text.contains("/documents/api/json/versions/"))
        }
    }

    /// A request that asks to close is told its connection closes.
    @Test func aRequestThatAsksToCloseIsToldSo() async throws {
        try await LiveServer.run { _, client in
            let port = try #require(client.port)
            let answer = try await LiveServer.raw(
                "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                port: port
            )
            #expect(answer.hasPrefix("HTTP/1.1 200") && answer.contains("Connection: close"), "\(answer)")
        }
    }
}
