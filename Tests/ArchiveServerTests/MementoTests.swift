import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Testing

/// Memento (RFC 7089) headers and links, in the shapes of the RFC's examples (sections 4 and 5).
@Suite struct MementoTests {
    @Test func timeGateTimeMapAndMementoLinks() async throws {
        try await TestServer.run { server in
            for (text, date) in [("One.", "2022-01-01"), ("Two.", "2022-02-01"), ("Three.", "2022-03-01")] {
                try server.seed("press/1", "T\n\n\(text)", at: date, url: "https://example.org/1")
            }
            // TimeGate (RFC 7089 §4.1.1, pattern 2.x): 302 to the memento in force at Accept-Datetime.
            let gate = try await server.http(
                "GET",
                "/timegate/press/1",
                headers: ["Accept-Datetime: Tue, 15 Feb 2022 12:00:00 GMT"]
            )
            #expect(gate.status == 302)
            #expect(gate.headers["location"] == "/documents/press/1/versions/2")
            #expect(gate.headers["vary"] == "accept-datetime")
            #expect(gate.headers["link"]?.contains("<https://example.org/1>; rel=\"original\"") == true)
            #expect(gate.headers["link"]?.contains("</timemap/press/1>; rel=\"timemap\"") == true)
            // Without Accept-Datetime: the current memento.
            let now = try await server.http("GET", "/timegate/press/1")
            #expect(now.status == 302 && now.headers["location"] == "/documents/press/1/versions/3")
            // Before the first capture there is no memento.
            let early = try await server.http(
                "GET",
                "/timegate/press/1",
                headers: ["Accept-Datetime: Fri, 01 Jan 2021 00:00:00 GMT"]
            )
            #expect(early.status == 404)

            // The memento names every relation (RFC 7089 §2.2.1, §4.1.1 memento response).
            let memento = try await server.http("GET", "/documents/press/1/versions/2")
            #expect(memento.body == "T\n\nTwo.")
            #expect(memento.headers["memento-datetime"] == "Tue, 01 Feb 2022 00:00:00 GMT")
            let link = try #require(memento.headers["link"])
            let entries = link.components(separatedBy: ", ")
            func relations(_ target: String) -> Set<String> {
                guard let entry = entries.first(where: { $0.hasPrefix("<\(target)>") }),
                    let rel = entry.firstMatch(of: /rel="([^"]+)"/)
                else { return [] }
                return Set(rel.1.split(separator: " ").map(String.init))
            }
            #expect(relations("https://example.org/1") == ["original"])
            #expect(relations("/timegate/press/1") == ["timegate"])
            #expect(relations("/timemap/press/1") == ["timemap"])
            #expect(relations("/documents/press/1/versions/1") == ["first", "prev", "memento"])
            #expect(relations("/documents/press/1/versions/3") == ["last", "next", "memento"])
            #expect(
                link.contains(
                    "</documents/press/1/versions/1>; rel=\"first prev memento\"; datetime=\"Sat, 01 Jan 2022 00:00:00 GMT\""
                )
            )

            // The TimeGate by original URL, and the TimeMap as JSON.
            let byURL = try await server.http(
                "GET",
                "/timegate?url=https://example.org/1",
                headers: ["Accept-Datetime: Tue, 01 Mar 2022 00:00:00 GMT"]
            )
            #expect(byURL.status == 302 && byURL.headers["location"] == "/documents/press/1/versions/3")
            #expect(try await server.http("GET", "/timegate?url=https://example.org/none").status == 404)
            let json = try await server.http("GET", "/timemap/press/1?format=json")
            #expect(json.body.contains("\"datetime\":\"2022-02-01T00:00:00Z\""))

            // TimeMap in link-format (RFC 7089 §5.1.1): original, self, timegate, then the mementos.
            let map = try await server.http("GET", "/timemap/press/1")
            #expect(map.headers["content-type"] == "application/link-format")
            let lines = map.body.split(separator: "\n").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: ","))
            }
            #expect(lines.first == "<https://example.org/1>; rel=\"original\"")
            #expect(lines.contains("</timemap/press/1>; rel=\"self\"; type=\"application/link-format\""))
            #expect(lines.contains("</timegate/press/1>; rel=\"timegate\""))
            #expect(
                lines.last
                    == "</documents/press/1/versions/3>; rel=\"last memento\"; datetime=\"Tue, 01 Mar 2022 00:00:00 GMT\""
            )
            #expect(lines.filter { $0.contains("memento\"") }.count == 3)
        }
    }

    /// Found by fuzzing (`Scripts/fuzz accept-datetime`): Foundation's date formatter stopped the service on some
    /// non-ASCII characters in Accept-Datetime; such a header is now a 400 like any other text that is no HTTP date.
    @Test func anAcceptDatetimeWithNonASCIITextIsABadDate() async throws {
        #expect(MementoLinks.parseHTTPDate("1Wd, 01\u{07F2}ay 2 12:0#:00") == nil)
        #expect(MementoLinks.parseHTTPDate("Tue, 01 Mar 2022 10:00:00 GMT\u{07F2}") == nil)
        try await TestServer.run { server in
            try server.seed("press/1", "T\n\nOne.", at: "2022-01-01", url: "https://example.org/1")
            let gate = try await server.http(
                "GET",
                "/timegate/press/1",
                headers: ["Accept-Datetime: 1Wd, 01\u{07F2}ay 2 12:0#:00"]
            )
            #expect(gate.status == 400)
            #expect(gate.body.contains("Accept-Datetime"))
            #expect(try await server.http("GET", "/health").status == 200)
        }
    }
}
