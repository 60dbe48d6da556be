import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// Memento (RFC 7089) as an outside client meets it: every address in a `Link` header or a TimeMap is absolute and
/// leads where its relation says, TimeGates select as section 4.1 asks, and a memento's address keeps its bytes
/// when a backfill adds an earlier version.
@Suite struct MementoTests {
    /// One `Link` entry: the target and its parameters (`rel`, `datetime`, `type`, ...).
    struct LinkEntry: Equatable {
        var target: String
        var parameters: [String: String]
        var relations: Set<String> { Set((parameters["rel"] ?? "").split(separator: " ").map(String.init)) }
    }

    /// Reads a `Link` header or a link-format TimeMap (RFC 8288, RFC 6690).
    static func links(_ text: String) -> [LinkEntry] {
        text.matches(of: /<([^>]*)>((?:\s*;\s*[a-z]+="[^"]*")*)/).map { match in
            var parameters: [String: String] = [:]
            for parameter in String(match.2).matches(of: /([a-z]+)="([^"]*)"/) {
                parameters[String(parameter.1)] = String(parameter.2)
            }
            return LinkEntry(target: String(match.1), parameters: parameters)
        }
    }

    static func seedThreeVersions(_ server: LiveServer) async throws {
        for (text, date) in [("One.", "2022-01-01"), ("Two.", "2022-02-01"), ("Three.", "2022-03-01")] {
            try await server.seed("press/1", "T\n\n\(text)", at: date, url: "https://example.org/1")
        }
    }

    /// After a capture that found the page removed, the TimeGate and a dated read answer 410 with a `Link` to the
    /// last memento; before the removal, and once a capture finds the page again, they answer as before.
    @Test func aPageFoundGoneIsA410WithItsLastMemento() async throws {
        try await LiveServer.run { server, client in
            try await Self.seedThreeVersions(server)
            _ = try await server.archive.recordRemoval(
                of: "press/1",
                status: 410,
                capturedAt: try ArchiveDate.parse("2022-04-01", field: "test")
            )
            for (uri, headers) in [
                ("/timegate/press/1", [HTTPField.Name.acceptDatetime: "Fri, 15 Apr 2022 12:00:00 GMT"]),
                ("/timegate/press/1", [:]), ("/timegate?url=https://example.org/1", [:]),
                ("/documents/press/1?at=2022-04-15", [:]), ("/documents/press/1", [:]),
            ] as [(String, HTTPFields)] {
                let answer = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(answer.status == .gone, "\(uri)")
                #expect(String(buffer: answer.body).contains("gone"), "\(uri)")
                #expect(!String(buffer: answer.body).contains("4001"), "no date far ahead: \(uri)")
                // A TimeGate's 410 (the document's own address is one) holds for the date asked for only: a cache
                // must not give it for another.
                #expect((answer.headers[.vary] == "accept-datetime") == !uri.contains("?at="), "\(uri)")
                let links = Self.links(try #require(answer.headers[.link], "\(uri)"))
                let last = try #require(links.first { $0.relations == ["last", "memento"] }, "\(uri)")
                #expect(last.parameters["datetime"] == "Tue, 01 Mar 2022 00:00:00 GMT")
                let memento = try await client.execute(uri: try LiveServer.local(last.target), method: .get)
                #expect(String(buffer: memento.body) == "T\n\nThree.")
                #expect(links.first { $0.relations.contains("original") }?.target == "https://example.org/1")
            }
            let before = try await client.execute(uri: "/documents/press/1?at=2022-03-15", method: .get)
            #expect(before.status == .ok && String(buffer: before.body) == "T\n\nThree.")
            let versions = try await client.execute(uri: "/documents/press/1/versions", method: .get)
            #expect(String(buffer: versions.body).contains("\"gone\":410"))

            // Found again, as it was: unchanged, and in force again.
            try await server.seed("press/1", "T\n\nThree.", at: "2022-05-01", url: "https://example.org/1")
            #expect(try await server.archive.catalog.versions(of: "press/1").count == 3)
            let again = try await client.execute(uri: "/documents/press/1", method: .get)
            #expect(again.status == .ok && String(buffer: again.body) == "T\n\nThree.")
        }
    }

    @Test func aClientFollowsEveryLinkOfTheTimeGateTheTimeMapAndTheMementos() async throws {
        try await LiveServer.run { server, client in
            try await Self.seedThreeVersions(server)

            // TimeGate: 302 to the memento in force at Accept-Datetime, its Link naming it with the first and last
            let gate = try await client.execute(
                uri: "/timegate/press/1",
                method: .get,
                headers: [.acceptDatetime: "Tue, 15 Feb 2022 12:00:00 GMT"]
            )
            #expect(gate.status == .found)
            #expect(gate.headers[.vary] == "accept-datetime")
            let location = try #require(gate.headers[.location])
            let gateLinks = Self.links(try #require(gate.headers[.link]))
            #expect(gateLinks.first { $0.relations.contains("original") }?.target == "https://example.org/1")
            #expect(gateLinks.contains { $0.relations == ["memento"] && $0.target == location })
            #expect(gateLinks.contains { $0.relations == ["first", "memento"] })
            #expect(gateLinks.contains { $0.relations == ["last", "memento"] })
            let selected = try await client.execute(uri: try LiveServer.local(location), method: .get)
            #expect(String(buffer: selected.body) == "T\n\nTwo.")
            #expect(selected.headers[.mementoDatetime] == "Tue, 01 Feb 2022 00:00:00 GMT")

            // Every Link of every memento, and every entry of the TimeMap, leads where it says
            let timemap = try await client.execute(uri: "/timemap/press/1", method: .get)
            #expect(timemap.headers[.contentType] == "application/link-format")
            let entries = Self.links(String(buffer: timemap.body))
            #expect(entries.first?.relations == ["original"])
            #expect(entries.filter { $0.relations.contains("memento") }.count == 3)
            var seen: Set<String> = []
            for entry in gateLinks + entries + (try await Self.linksOfEveryMemento(entries, client)) {
                guard entry.target.hasPrefix("http://localhost/"), seen.insert(entry.target).inserted else { continue }
                try await Self.expectLeadsWhereItSays(entry, client)
            }
            #expect(seen.count >= 5)

            // The TimeMap in JSON gives the same absolute addresses
            let json = try await client.execute(uri: "/timemap/press/1?format=json", method: .get)
            let map = try #require(
                try JSONSerialization.jsonObject(with: Data(String(buffer: json.body).utf8)) as? [String: Any]
            )
            let uris = (map["mementos"] as? [[String: String]])?.compactMap { $0["uri"] }
            #expect(uris == entries.filter { $0.relations.contains("memento") }.map(\.target))
            #expect((map["timegate"] as? [[String: String]])?.first?["uri"] == "http://localhost/timegate/press/1")
        }
    }

    @Test func theTimeGateGoesToTheLatestWithoutADateAndToTheFirstBeforeIt() async throws {
        try await LiveServer.run { server, client in
            try await Self.seedThreeVersions(server)
            let map = Self.links(String(buffer: try await client.execute(uri: "/timemap/press/1", method: .get).body))
            let first = try #require(map.first { $0.relations.contains("first") }?.target)
            let last = try #require(map.first { $0.relations.contains("last") }?.target)

            // No Accept-Datetime, a blank one, and one of only spaces: the latest memento
            for headers: HTTPFields in [[:], [.acceptDatetime: ""], [.acceptDatetime: "   "]] {
                let gate = try await client.execute(uri: "/timegate/press/1", method: .get, headers: headers)
                #expect(gate.status == .found && gate.headers[.location] == last, "\(headers)")
            }
            // Before the first capture: the first memento
            let early = try await client.execute(
                uri: "/timegate/press/1",
                method: .get,
                headers: [.acceptDatetime: "Fri, 01 Jan 2021 00:00:00 GMT"]
            )
            #expect(early.status == .found && early.headers[.location] == first)
            // By original URL too
            let byURL = try await client.execute(
                uri: "/timegate?url=https://example.org/1",
                method: .get,
                headers: [.acceptDatetime: "Tue, 01 Mar 2022 00:00:00 GMT"]
            )
            #expect(byURL.status == .found && byURL.headers[.location] == last)
            #expect(
                try await client.execute(uri: "/timegate?url=https://example.org/none", method: .get).status
                    == .notFound
            )
            // The original URL appended to the TimeGate and TimeMap, as Memento aggregators build them
            for path in [
                "/timegate/https://example.org/1", "/timegate/https:/example.org/1", "/timegate/HTTPS://example.org/1",
            ] {
                let gate = try await client.execute(uri: path, method: .get)
                #expect(gate.status == .found && gate.headers[.location] == last, "\(path)")
            }
            let appended = try await client.execute(uri: "/timemap/https://example.org/1", method: .get)
            #expect(appended.status == .ok && Self.links(String(buffer: appended.body)).count == 6)
            #expect(try await client.execute(uri: "/timegate/https://example.org/2", method: .get).status == .notFound)
            // Mura's own format parameter after an appended URL is Mura's; the URL's own query is the URL's
            let json = try await client.execute(uri: "/timemap/https://example.org/1?format=json", method: .get)
            #expect(json.status == .ok && json.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(
                try await client.execute(uri: "/timegate/https://example.org/1?x=1", method: .get).status == .notFound
            )
            try await server.seed("press/q", "T\n\nQuery.", at: "2022-01-01", url: "https://example.org/q?x=1")
            for query in ["x=1", "x=1&format=json", "format=json&x=1"] {
                let map = try await client.execute(uri: "/timemap/https://example.org/q?\(query)", method: .get)
                #expect(map.status == .ok && String(buffer: map.body).contains("/press/q"), "\(query)")
            }
            // A value that is no HTTP date is still refused
            let bad = try await client.execute(
                uri: "/timegate/press/1",
                method: .get,
                headers: [.acceptDatetime: "yesterday"]
            )
            #expect(bad.status == .badRequest)
        }
    }

    /// The document's own address is its TimeGate too (RFC 7089 section 4.1.2, 200-style): `Accept-Datetime` picks
    /// the memento in force then, and the answer says that it varies with the header.
    @Test func theDocumentNegotiatesItsDatetimeAsATimeGateDoes() async throws {
        try await LiveServer.run { server, client in
            try await Self.seedThreeVersions(server)
            func read(_ headers: HTTPFields, uri: String = "/documents/press/1") async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: headers)
            }
            for (header, text) in [
                ("Tue, 15 Feb 2022 12:00:00 GMT", "Two."), ("Fri, 01 Jan 2021 00:00:00 GMT", "One."), ("", "Three."),
            ] {
                let answer = try await read([.acceptDatetime: header])
                #expect(answer.status == .ok && String(buffer: answer.body).contains(text), "\(header)")
                #expect(answer.headers[.vary]?.contains("accept-datetime") == true, "\(answer.headers)")
                let gate = try await read([.acceptDatetime: header], uri: "/timegate/press/1")
                #expect(answer.headers[.contentLocation] == gate.headers[.location], "\(header)")
            }
            let none = try await read([:])
            #expect(String(buffer: none.body).contains("Three."))
            // `at` names the date itself: the header does not move it.
            let dated = try await read(
                [.acceptDatetime: "Fri, 01 Jan 2021 00:00:00 GMT"],
                uri: "/documents/press/1?at=2022-02-15"
            )
            #expect(String(buffer: dated.body).contains("Two."))
            #expect(try await read([.acceptDatetime: "yesterday"]).status == .badRequest)
            // Not an HTTP date is a 400 even where `at` decides (the OpenAPI document says what the header holds).
            let both = try await read([.acceptDatetime: "yesterday"], uri: "/documents/press/1?at=2022-02-15")
            #expect(both.status == .badRequest)
        }
    }

    /// Scheme and host are case-insensitive; the path is not.
    @Test func anOriginalURLIsFoundWhateverTheCaseOfItsHost() async throws {
        try await LiveServer.run { _, client in
            for uri in [
                "/timegate/HTTPS://EXAMPLE.ORG/a", "/timegate?url=https://Example.Org/a",
                "/timemap/https://EXAMPLE.org/a",
            ] {
                let answer = try await client.execute(uri: uri, method: .get)
                #expect(answer.status == .found || answer.status == .ok, "\(uri): \(answer.text)")
            }
            let path = try await client.execute(uri: "/timegate/https://example.org/A", method: .get)
            #expect(path.status == .notFound)
        }
    }

    @Test func aMementoKeepsItsBytesWhenABackfillAddsAnEarlierVersion() async throws {
        try await LiveServer.run { server, client in
            try await Self.seedThreeVersions(server)
            let before = Self.links(
                String(buffer: try await client.execute(uri: "/timemap/press/1", method: .get).body)
            )
            .filter { $0.relations.contains("memento") }
            var bytes: [String: String] = [:]
            for entry in before {
                bytes[entry.target] = String(
                    buffer: try await client.execute(uri: try LiveServer.local(entry.target), method: .get).body
                )
            }
            let firstBefore = try #require(before.first?.target)
            #expect(
                try await client.execute(uri: "/documents/press/1/versions/1", method: .get).headers[.location]
                    == firstBefore
            )
            // A rendition asked of the ordinal form is asked of the memento it leads to.
            #expect(
                try await client.execute(uri: "/documents/press/1/versions/1?format=json", method: .get)
                    .headers[.location] == firstBefore + "?format=json"
            )

            // When: a version captured before all of them is added
            try await server.seed("press/1", "T\n\nZero.", at: "2021-06-01", url: "https://example.org/1")

            // Then: every address answers as before; the ordinal forms now redirect to the new order
            for (target, body) in bytes {
                let again = try await client.execute(uri: try LiveServer.local(target), method: .get)
                #expect(again.status == .ok && String(buffer: again.body) == body, "\(target)")
            }
            let after = Self.links(String(buffer: try await client.execute(uri: "/timemap/press/1", method: .get).body))
                .filter { $0.relations.contains("memento") }
            #expect(after.count == 4 && Array(after.dropFirst()).map(\.target) == before.map(\.target))
            // The memento that was the first, answered before the backfill, now links the new one as first and prev.
            let newFirst = try #require(after.first?.target)
            let wasFirst = try await client.execute(uri: try LiveServer.local(firstBefore), method: .get)
            let links = Self.links(try #require(wasFirst.headers[.link]))
            #expect(links.contains { $0.target == newFirst && $0.relations == ["first", "prev", "memento"] })
            #expect(links.contains { $0.target == firstBefore && $0.relations == ["memento"] })
            let first = try await client.execute(uri: "/documents/press/1/versions/1", method: .get)
            #expect(first.status == .found && first.headers[.location] == after.first?.target)
            #expect(
                try await client.execute(uri: "/documents/press/1/versions/2", method: .get).headers[.location]
                    == firstBefore
            )
            #expect(try await client.execute(uri: "/documents/press/1/versions/5", method: .get).status == .notFound)
            #expect(
                try await client.execute(uri: "/documents/press/1/versions/\(UUID())", method: .get).status == .notFound
            )
        }
    }

    @Test func aPublicURLIsTheBaseOfEveryAddress() async throws {
        let configuration = ServiceConfiguration(
            host: "127.0.0.1",
            port: 0,
            publicURL: "https://archive.example.org/mura/"
        )
        try await LiveServer.run(configuration: configuration) { server, client in
            try await Self.seedThreeVersions(server)
            let base = "https://archive.example.org/mura"
            let gate = try await client.execute(uri: "/timegate/press/1", method: .get)
            let location = try #require(gate.headers[.location])
            #expect(location.hasPrefix(base + "/documents/press/1/versions/"))
            let memento = try await client.execute(uri: try LiveServer.local(location, base: base), method: .get)
            for entry in Self.links(try #require(memento.headers[.link])) where entry.target != "https://example.org/1"
            {
                #expect(entry.target.hasPrefix(base + "/"), "\(entry.target)")
            }
            let current = try await client.execute(uri: "/documents/press/1", method: .get)
            #expect(current.headers[.contentLocation] == location)
        }
    }

    @Test func aHostHeaderThatIsNoHostIsRefusedBeforeItReachesALink() async throws {
        #expect(ResourceURLs.isHost("archive.example.org"))
        #expect(ResourceURLs.isHost("127.0.0.1:8080"))
        #expect(ResourceURLs.isHost("[::1]:8080"))
        for bad in ["", "a b", "x>; rel=\"memento\"", "a:b:c", "host:", "[::1", "exa\u{0301}mple.org", "a,b", ":80"] {
            #expect(!ResourceURLs.isHost(bad), "\(bad)")
        }
        func request(host: String) -> Request {
            Request(
                head: HTTPRequest(method: .get, scheme: nil, authority: host, path: "/timegate/press/1"),
                body: RequestBody(buffer: ByteBuffer())
            )
        }
        #expect(throws: ServiceError.self) {
            try ResourceURLs(publicURL: nil, request: request(host: "evil>; rel=\"memento\""))
        }
        #expect(try ResourceURLs(publicURL: nil, request: request(host: "[::1]:8080")).base == "http://[::1]:8080")
        #expect(
            try ResourceURLs(publicURL: "https://a.example/x/", request: request(host: "evil>")).base
                == "https://a.example/x"
        )
    }

    /// Found by fuzzing (`Scripts/fuzz accept-datetime`): Foundation's date formatter stopped the service on some
    /// non-ASCII characters in Accept-Datetime; such a header is now a 400 like any other text that is no HTTP date.
    @Test func anAcceptDatetimeWithNonASCIITextIsABadDate() async throws {
        #expect(throws: ArchiveError.self) { try HTTPDate.parse("1Wd, 01\u{07F2}ay 2 12:0#:00", field: "f") }
        #expect(throws: ArchiveError.self) { try HTTPDate.parse("Tue, 01 Mar 2022 10:00:00 GMT\u{07F2}", field: "f") }
        try await LiveServer.run { server, client in
            try await server.seed("press/1", "T\n\nOne.", at: "2022-01-01", url: "https://example.org/1")
            let gate = try await client.execute(
                uri: "/timegate/press/1",
                method: .get,
                headers: [.acceptDatetime: "1Wd, 01\u{07F2}ay 2 12:0#:00"]
            )
            #expect(gate.status == .badRequest)
            #expect(String(buffer: gate.body).contains("Accept-Datetime"))
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    /// The `Link` entries of every memento a TimeMap lists.
    private static func linksOfEveryMemento(
        _ entries: [LinkEntry],
        _ client: some TestClientProtocol
    ) async throws
        -> [LinkEntry]
    {
        var links: [LinkEntry] = []
        for entry in entries where entry.relations.contains("memento") {
            let memento = try await client.execute(uri: try LiveServer.local(entry.target), method: .get)
            links += Self.links(try #require(memento.headers[.link]))
        }
        return links
    }

    /// A memento link answers 200 with its `datetime` as Memento-Datetime; a TimeGate redirects to a memento; a
    /// TimeMap is link-format; the original (the document) answers 200.
    private static func expectLeadsWhereItSays(_ entry: LinkEntry, _ client: some TestClientProtocol) async throws {
        let answer = try await client.execute(uri: try LiveServer.local(entry.target), method: .get)
        let relations = entry.relations
        if relations.contains("memento") {
            #expect(answer.status == .ok, "\(entry.target)")
            #expect(answer.headers[.mementoDatetime] == entry.parameters["datetime"], "\(entry.target)")
        } else if relations.contains("timegate") {
            #expect(answer.status == .found, "\(entry.target)")
            #expect(answer.headers[.location]?.hasPrefix("http://localhost/documents/") == true)
        } else if relations.contains("timemap") || relations.contains("self") {
            #expect(answer.status == .ok && answer.headers[.contentType] == "application/link-format")
        } else {
            #expect(answer.status == .ok, "\(entry.target) (\(relations))")
        }
    }
}
