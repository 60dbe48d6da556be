import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

@Suite struct DocumentRouteTests {
    @Test func ingestListAndDatedReads() async throws {
        try await LiveServer.run { server, client in
            #expect(try await client.execute(uri: "/health", method: .get).text.contains("ok"))
            let created = try await client.postText(
                "id=press/1&url=https://example.org/1&captured_at=2022-03-01T10:00:00Z",
                "News\n\nFirst text.",
                headers: server.header(.write)
            )
            #expect(created.status == .created, "\(created.text)")
            #expect(created.text.contains("\"status\":\"new\"") && created.text.contains("2022-03-01T10:00:00Z"))
            let second = try await client.postText(
                "id=press/1&captured_at=2022-04-01",
                "News\n\nSecond text.",
                headers: server.header(.write)
            )
            #expect(second.status == .created)
            let again = try await client.postText(
                "id=press/1&captured_at=2022-05-01",
                "News\n\nSecond text.",
                headers: server.header(.write)
            )
            #expect(again.status == .ok && again.text.contains("unchanged"))

            #expect(try await client.execute(uri: "/documents", method: .get).text.contains("\"id\":\"press/1\""))
            let dated = try await client.execute(uri: "/documents/press/1?at=2022-03-15", method: .get)
            #expect(dated.status == .ok && dated.text == "News\n\nFirst text.")
            #expect(dated.headers[.mementoDatetime] == "Tue, 01 Mar 2022 10:00:00 GMT")
            let latest = try await client.execute(uri: "/documents/press/1", method: .get)
            #expect(latest.text == "News\n\nSecond text.")
            let versions = try await client.execute(uri: "/documents/press/1/versions", method: .get).json()
            let entries = try #require(versions["versions"] as? [[String: Any]])
            // Each version's memento address: absolute, by version id
            let ids = entries.compactMap { ($0["version"] as? [String: Any])?["id"] as? String }
            #expect(ids.count == 2)
            #expect(
                entries.map { $0["uri"] as? String } == ids.map { "http://localhost/documents/press/1/versions/\($0)" }
            )
            let newest = try await client.execute(
                uri: try LiveServer.local(try #require(entries.last?["uri"] as? String)),
                method: .get
            )
            #expect(newest.text == "News\n\nSecond text.")
            let captures = try #require(versions["captures"] as? [[String: Any]])
            #expect(captures.map { $0["changed"] as? Bool } == [true, true, false])
        }
    }

    @Test func aReextractedVersionIsServedWithItsNewDocument() async throws {
        try await LiveServer.run { server, client in
            var yesterday = PluginRegistry.builtIn
            yesterday.register(
                importer: ForgetfulImporter(base: yesterday.importers.first { $0.descriptor.id == "text" }!)
            )
            _ = try await server.archive.ingest(
                IngestRequest(data: Data("Жаңа ереже\n\nМәтін.".utf8), name: "kz", documentID: "kz"),
                registry: yesterday
            )
            let before = try await client.execute(uri: "/documents/kz?format=json", method: .get).json()
            #expect(before["title"] == nil)

            _ = try await server.archive.reextract(["kz"], registry: .builtIn)

            // The cached rendering of the version gives way to the new document; the original is as captured.
            let after = try await client.execute(uri: "/documents/kz?format=json", method: .get).json()
            #expect(after["title"] as? String == "Жаңа ереже")
            #expect(try await client.execute(uri: "/documents", method: .get).text.contains("Жаңа ереже"))
            let original = try await client.execute(uri: "/documents/kz", method: .get)
            #expect(original.text == "Жаңа ереже\n\nМәтін.")
        }
    }

    @Test func contentTypeOrContentPicksTheImporter() async throws {
        try await LiveServer.run { server, client in
            let html =
                "<html><head><title>Budget 2024</title></head><body><article><h1>Budget 2024</h1>"
                + "<p>The parliament passed the budget on Tuesday after a long debate.</p></article></body></html>"
            let sniffed = try await client.post(
                "id=page",
                ByteBuffer(string: html),
                contentType: "application/octet-stream",
                headers: server.header(.write)
            )
            #expect(sniffed.status == .created, "\(sniffed.text)")
            #expect(try await server.archive.latestVersion(of: "page").format.rawValue == "html")
            // The original is served as stored, with the character set it was read in, which its bytes do not name.
            let original = try await client.execute(uri: "/documents/page", method: .get)
            #expect(original.headers[.contentType] == "text/html; charset=utf-8" && original.text == html)
            // A page that names its own character set is served without one: the page says it.
            let declared =
                "<html><head><meta charset=\"utf-8\"><title>Бюджет</title></head>"
                + "<body><p>Бюджет принят.</p></body></html>"
            let named = try await client.post(
                "id=named",
                ByteBuffer(string: declared),
                contentType: "text/html",
                headers: server.header(.write)
            )
            #expect(named.status == .created)
            let served = try await client.execute(uri: "/documents/named", method: .get)
            #expect(served.headers[.contentType] == "text/html")
            // Text in Windows-1251 is served as its bytes, named as such.
            let cyrillic = Data([
                0xC1, 0xFE, 0xE4, 0xE6, 0xE5, 0xF2, 0x0A, 0x0A, 0xCF, 0xF0, 0xE8, 0xED, 0xFF, 0xF2, 0x2E,
            ])
            let legacy = try await client.post(
                "id=legacy",
                ByteBuffer(data: cyrillic),
                contentType: "text/plain",
                headers: server.header(.write)
            )
            #expect(legacy.status == .created, "\(legacy.text)")
            let old = try await client.execute(uri: "/documents/legacy", method: .get)
            #expect(old.headers[.contentType] == "text/plain; charset=windows-1251")
            #expect(Data(old.body.readableBytesView) == cyrillic)
            let json = try await client.execute(uri: "/documents/page?format=json", method: .get)
            #expect(json.headers[.contentType] == "application/json")
            #expect(try json.json()["title"] as? String == "Budget 2024")
        }
    }

    @Test func renderingsByFormatOrAccept() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("note", "Council notes\n\nThe council met on Monday.", at: "2024-01-10")
            func get(_ uri: String, accept: String? = nil) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: accept.map { [.accept: $0] } ?? [:])
            }
            let original = try await get("/documents/note")
            // The original with the character set its text was read in.
            #expect(original.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(original.headers[.vary] == "accept, accept-datetime")
            let versionID = try await #require(try server.archive.catalog.versions(of: "note").first?.id)
            let html = try await get("/documents/note/versions/\(versionID)", accept: "text/html")
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(
                html.text.contains("<title>Council notes</title>") && html.text.contains("The council met on Monday.")
            )
            #expect(html.headers[.mementoDatetime] == "Wed, 10 Jan 2024 00:00:00 GMT")
            let json = try await get("/documents/note?at=2024-02-01", accept: "application/json;q=0.9, text/html;q=0.5")
            #expect(try json.json()["title"] as? String == "Council notes")
            // The original wins a tie with a rendering of the same type; ?format= overrides Accept.
            let tie = try await get("/documents/note", accept: "text/plain, */*;q=0.1")
            #expect(tie.text == "Council notes\n\nThe council met on Monday.")
            let text = try await get("/documents/note?format=text&at=2024-02-01", accept: "text/html")
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8" && text.headers[.vary] == nil)
            let png = try await get("/documents/note", accept: "image/png")
            // Each type once, though the original and a rendering share text/plain; no `\/` in the message.
            #expect(
                png.status == .notAcceptable && png.text.components(separatedBy: "text/plain").count == 2,
                "\(png.text)"
            )
            #expect(!png.text.contains("\\/"))
            // A long header is named, cut short.
            let long = try await get(
                "/documents/note",
                accept: "image/png, " + String(repeating: "image/x-a, ", count: 2_000)
            )
            #expect(long.status == .notAcceptable && long.text.contains("image/png") && long.text.utf8.count < 1_000)
            let unknown = try await get("/documents/note?format=pdf")
            #expect(unknown.status == .badRequest && unknown.text.contains("original, "))
        }
    }

    /// `Accept: ;` once stopped the whole service (an index out of range); malformed ranges are now skipped.
    @Test func malformedAcceptHeadersNeverStopTheService() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("note", "Council notes\n\nThe council met on Monday.", at: "2024-01-10")
            for accept in [
                ";", ",", ";;", " ; q=1", "/", "text/", "/html", "*/*;q=nan", "text/html;q=inf", ";,;", "q=1",
            ] {
                let answer = try await client.execute(uri: "/documents/note", method: .get, headers: [.accept: accept])
                #expect(answer.status == .ok || answer.status == .notAcceptable, "Accept: \(accept)")
            }
            // A range whose quality is not a number from 0 to 1 is not acceptable.
            let invalid = try await client.execute(
                uri: "/documents/note",
                method: .get,
                headers: [.accept: "text/html;q=2"]
            )
            #expect(invalid.status == .notAcceptable)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func listPagesAndFilters() async throws {
        try await LiveServer.run { server, client in
            for number in 1...5 {
                try await server.seed("press/\(number)", "Item \(number)\n\nText \(number).", at: "2024-0\(number)-01")
            }
            try await server.seed("blog/1", "Blog\n\nText.", at: "2024-03-15", url: "https://example.org/blog/1")
            func ids(_ page: [String: Any]) -> [String] {
                (page["documents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            }
            let first = try await client.execute(uri: "/documents?prefix=press/&limit=2", method: .get)
            let page = try first.json()
            #expect(ids(page) == ["press/1", "press/2"])
            let next = try #require(page["next"] as? String)
            #expect(first.headers[.link] == "<\(next)>; rel=\"next\"")
            var seen = ids(page)
            var cursor: String? = next
            while let address = cursor {
                let more = try await client.execute(uri: try LiveServer.local(address), method: .get).json()
                seen += ids(more)
                cursor = more["next"] as? String
            }
            #expect(seen == ["press/1", "press/2", "press/3", "press/4", "press/5"])

            let dated = try await client.execute(uri: "/documents?since=2024-03-01&until=2024-04-01", method: .get)
            #expect(ids(try dated.json()) == ["blog/1", "press/3", "press/4"])
            let bySource = try await client.execute(
                uri: "/documents?source=https://example.org/blog/1",
                method: .get
            )
            .json()
            #expect((bySource["documents"] as? [[String: Any]])?.count == 1 && bySource["next"] == nil)
            #expect(try await client.execute(uri: "/documents?limit=0", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/documents?since=yesterday", method: .get).status == .badRequest)
        }
    }
}
