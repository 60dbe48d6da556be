import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct DocumentRouteTests {
    @Test func ingestListAndDatedReads() async throws {
        try await TestServer.run { server in
            #expect(try await server.http("GET", "/health").body.contains("ok"))
            let created = try await server.http(
                "POST",
                "/documents?id=press/1&url=https://example.org/1&captured_at=2022-03-01T10:00:00Z",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data("News\n\nFirst text.".utf8)
            )
            #expect(created.status == 201, "\(created.body)")
            #expect(created.body.contains("\"status\":\"new\"") && created.body.contains("2022-03-01T10:00:00Z"))
            let second = try await server.http(
                "POST",
                "/documents?id=press/1&captured_at=2022-04-01",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data("News\n\nSecond text.".utf8)
            )
            #expect(second.status == 201)
            let again = try await server.http(
                "POST",
                "/documents?id=press/1&captured_at=2022-05-01",
                headers: ["Content-Type: text/plain", server.writer],
                body: Data("News\n\nSecond text.".utf8)
            )
            #expect(again.status == 200 && again.body.contains("unchanged"))

            #expect(try await server.http("GET", "/documents").body.contains("\"id\":\"press/1\""))
            let dated = try await server.http("GET", "/documents/press/1?at=2022-03-15")
            #expect(dated.status == 200 && dated.body == "News\n\nFirst text.")
            #expect(dated.headers["memento-datetime"] == "Tue, 01 Mar 2022 10:00:00 GMT")
            let latest = try await server.http("GET", "/documents/press/1")
            #expect(latest.body == "News\n\nSecond text.")
            let versions = try TestServer.json(try await server.http("GET", "/documents/press/1/versions"))
            let entries = try #require(versions["versions"] as? [[String: Any]])
            // Each version's memento address: absolute, by version id
            let ids = entries.compactMap { ($0["version"] as? [String: Any])?["id"] as? String }
            #expect(ids.count == 2)
            #expect(
                entries.map { $0["uri"] as? String }
                    == ids.map { "http://127.0.0.1:\(server.port)/documents/press/1/versions/\($0)" }
            )
            let newest = try await server.http("GET", try #require(entries.last?["uri"] as? String))
            #expect(newest.body == "News\n\nSecond text.")
            let captures = try #require(versions["captures"] as? [[String: Any]])
            #expect(captures.map { $0["changed"] as? Bool } == [true, true, false])
        }
    }

    @Test func contentTypeOrContentPicksTheImporter() async throws {
        try await TestServer.run { server in
            let html =
                "<html><head><title>Budget 2024</title></head><body><article><h1>Budget 2024</h1>"
                + "<p>The parliament passed the budget on Tuesday after a long debate.</p></article></body></html>"
            let sniffed = try await server.http(
                "POST",
                "/documents?id=page",
                headers: ["Content-Type: application/octet-stream", server.writer],
                body: Data(html.utf8)
            )
            #expect(sniffed.status == 201, "\(sniffed.body)")
            #expect(try server.archive.latestVersion(of: "page").format.rawValue == "html")
            // The original is served as stored; no charset is claimed for bytes kept in whatever encoding they came.
            let original = try await server.http("GET", "/documents/page")
            #expect(original.headers["content-type"] == "text/html" && original.body == html)
            let json = try await server.http(
                "GET",
                "/documents/page?format=json"
            )
            #expect(json.headers["content-type"] == "application/json")
            #expect(try TestServer.json(json)["title"] as? String == "Budget 2024")
        }
    }

    @Test func renderingsByFormatOrAccept() async throws {
        try await TestServer.run { server in
            try server.seed("note", "Council notes\n\nThe council met on Monday.", at: "2024-01-10")
            let original = try await server.http("GET", "/documents/note")
            #expect(original.headers["content-type"] == "text/plain" && original.headers["vary"] == "accept")
            let versionID = try #require(try server.archive.catalog.versions(of: "note").first?.id)
            let html = try await server.http(
                "GET",
                "/documents/note/versions/\(versionID)",
                headers: ["Accept: text/html"]
            )
            #expect(html.headers["content-type"] == "text/html; charset=utf-8")
            #expect(
                html.body.contains("<title>Council notes</title>") && html.body.contains("The council met on Monday.")
            )
            #expect(html.headers["memento-datetime"] == "Wed, 10 Jan 2024 00:00:00 GMT")
            let json = try await server.http(
                "GET",
                "/documents/note?at=2024-02-01",
                headers: ["Accept: application/json;q=0.9, text/html;q=0.5"]
            )
            let document = try TestServer.json(json)
            #expect(document["title"] as? String == "Council notes")
            // The original wins a tie with a rendering of the same type; ?format= overrides Accept.
            let tie = try await server.http("GET", "/documents/note", headers: ["Accept: text/plain, */*;q=0.1"])
            #expect(tie.body == "Council notes\n\nThe council met on Monday.")
            let text = try await server.http("GET", "/documents/note?format=text", headers: ["Accept: text/html"])
            #expect(text.headers["content-type"] == "text/plain; charset=utf-8" && text.headers["vary"] == nil)
            #expect(try await server.http("GET", "/documents/note", headers: ["Accept: image/png"]).status == 406)
            let unknown = try await server.http("GET", "/documents/note?format=pdf")
            #expect(unknown.status == 400 && unknown.body.contains("original, "))
        }
    }

    /// `Accept: ;` once stopped the whole service (an index out of range); malformed ranges are now skipped.
    @Test func malformedAcceptHeadersNeverStopTheService() async throws {
        try await TestServer.run { server in
            try server.seed("note", "Council notes\n\nThe council met on Monday.", at: "2024-01-10")
            for accept in [
                ";", ",", ";;", " ; q=1", "/", "text/", "/html", "*/*;q=nan", "text/html;q=inf", ";,;", "q=1",
            ] {
                let answer = try await server.http("GET", "/documents/note", headers: ["Accept: \(accept)"])
                #expect(answer.status == 200 || answer.status == 406, "Accept: \(accept)")
            }
            // A range whose quality is not a number from 0 to 1 is not acceptable.
            let invalid = try await server.http("GET", "/documents/note", headers: ["Accept: text/html;q=2"])
            #expect(invalid.status == 406)
            #expect(try await server.http("GET", "/health").status == 200)
        }
    }

    @Test func listPagesAndFilters() async throws {
        try await TestServer.run { server in
            for number in 1...5 {
                try server.seed("press/\(number)", "Item \(number)\n\nText \(number).", at: "2024-0\(number)-01")
            }
            try server.seed("blog/1", "Blog\n\nText.", at: "2024-03-15", url: "https://example.org/blog/1")
            let first = try await server.http("GET", "/documents?prefix=press/&limit=2")
            let page = try TestServer.json(first)
            let ids = (page["documents"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["press/1", "press/2"])
            let next = try #require(page["next"] as? String)
            #expect(first.headers["link"] == "<\(next)>; rel=\"next\"")
            var seen = ids ?? []
            var cursor: String? = next
            while let path = cursor {
                let more = try TestServer.json(try await server.http("GET", path))
                seen += (more["documents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                cursor = more["next"] as? String
            }
            #expect(seen == ["press/1", "press/2", "press/3", "press/4", "press/5"])

            let dated = try TestServer.json(
                try await server.http("GET", "/documents?since=2024-03-01&until=2024-04-01")
            )
            #expect(
                (dated["documents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    "blog/1", "press/3", "press/4",
                ]
            )
            let bySource = try TestServer.json(
                try await server.http("GET", "/documents?source=https://example.org/blog/1")
            )
            #expect((bySource["documents"] as? [[String: Any]])?.count == 1 && bySource["next"] == nil)
            #expect(try await server.http("GET", "/documents?limit=0").status == 400)
            #expect(try await server.http("GET", "/documents?since=yesterday").status == 400)
        }
    }
}
