import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Hummingbird
import Logging
import Testing

/// A real server on 127.0.0.1 (an ephemeral port), talked to over HTTP with curl.
@Suite struct ArchiveServiceTests {
    /// One HTTP exchange: status, headers (lowercased names) and body.
    struct Exchange {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func withServer(_ body: @escaping @Sendable (Int, Archive) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mura-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Archive.makeForTesting(in: folder)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(archive: archive, registry: .builtIn, host: "127.0.0.1", port: 0, logger: .silent) {
            port in
            continuation.yield(port)
        }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())
        try await body(port, archive)
    }

    /// Runs curl on a Dispatch thread: blocking a Swift concurrency thread while the server needs one would
    /// deadlock on a two-core machine.
    static func http(
        _ port: Int,
        _ method: String,
        _ path: String,
        headers: [String] = [],
        body: Data? = nil
    ) async throws -> Exchange {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingHTTP(port, method, path, headers: headers, body: body) })
            }
        }
    }

    private static func blockingHTTP(
        _ port: Int,
        _ method: String,
        _ path: String,
        headers: [String],
        body: Data?
    ) throws -> Exchange {
        var arguments = ["-s", "-i", "--max-time", "20", "-X", method, "http://127.0.0.1:\(port)\(path)"]
        for header in headers { arguments += ["-H", header] }
        if body != nil { arguments += ["--data-binary", "@-"] }
        let output = try ProcessRunner.run(URL(filePath: "/usr/bin/curl"), arguments, input: body ?? Data())
        let text = output.stdoutText
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Exchange(status: status, headers: fields, body: split.map { String(text[$0.upperBound...]) } ?? "")
    }

    @Test func ingestListAndDatedReads() async throws {
        try await Self.withServer { port, _ in
            #expect(try await Self.http(port, "GET", "/health").body.contains("ok"))
            let created = try await Self.http(
                port,
                "POST",
                "/documents?id=press/1&url=https://example.org/1&captured_at=2022-03-01T10:00:00Z",
                headers: ["Content-Type: text/plain"],
                body: Data("News\n\nFirst text.".utf8)
            )
            #expect(created.status == 201, "\(created.body)")
            let second = try await Self.http(
                port,
                "POST",
                "/documents?id=press/1&captured_at=2022-04-01",
                headers: ["Content-Type: text/plain"],
                body: Data("News\n\nSecond text.".utf8)
            )
            #expect(second.status == 201)
            let again = try await Self.http(
                port,
                "POST",
                "/documents?id=press/1&captured_at=2022-05-01",
                headers: ["Content-Type: text/plain"],
                body: Data("News\n\nSecond text.".utf8)
            )
            #expect(again.status == 200 && again.body.contains("unchanged"))

            #expect(try await Self.http(port, "GET", "/documents").body.contains("\"id\":\"press/1\""))
            let dated = try await Self.http(port, "GET", "/documents/press/1?at=2022-03-15")
            #expect(dated.status == 200 && dated.body == "News\n\nFirst text.")
            #expect(dated.headers["memento-datetime"] == "Tue, 01 Mar 2022 10:00:00 GMT")
            let latest = try await Self.http(port, "GET", "/documents/press/1")
            #expect(latest.body == "News\n\nSecond text.")
            let versions = try await Self.http(port, "GET", "/documents/press/1/versions")
            #expect(versions.body.components(separatedBy: "\"capturedAt\"").count - 1 == 2)
        }
    }

    @Test func mementoTimeGateTimeMapAndLinks() async throws {
        try await Self.withServer { port, archive in
            for (text, date) in [("One.", "2022-01-01"), ("Two.", "2022-02-01"), ("Three.", "2022-03-01")] {
                _ = try archive.ingest(
                    IngestRequest(
                        data: Data("T\n\n\(text)".utf8),
                        name: "x",
                        documentID: "press/1",
                        sourceURL: "https://example.org/1",
                        capturedAt: try ArchiveDate.parse(date, field: "t")
                    ),
                    registry: .builtIn
                )
            }
            // TimeGate: 302 to the memento in force at Accept-Datetime, varying on it.
            let gate = try await Self.http(
                port,
                "GET",
                "/timegate/press/1",
                headers: ["Accept-Datetime: Tue, 15 Feb 2022 12:00:00 GMT"]
            )
            #expect(gate.status == 302)
            #expect(gate.headers["location"] == "/documents/press/1/versions/2")
            #expect(gate.headers["vary"] == "accept-datetime")
            #expect(gate.headers["link"]?.contains("<https://example.org/1>; rel=\"original\"") == true)
            #expect(gate.headers["link"]?.contains("</timemap/press/1>; rel=\"timemap\"") == true)

            // The memento names every relation of RFC 7089.
            let memento = try await Self.http(port, "GET", "/documents/press/1/versions/2")
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

            // The TimeGate by original URL, and the TimeMap as JSON.
            let byURL = try await Self.http(
                port,
                "GET",
                "/timegate?url=https://example.org/1",
                headers: ["Accept-Datetime: Tue, 01 Mar 2022 00:00:00 GMT"]
            )
            #expect(byURL.status == 302 && byURL.headers["location"] == "/documents/press/1/versions/3")
            #expect(try await Self.http(port, "GET", "/timegate?url=https://example.org/none").status == 404)
            let json = try await Self.http(port, "GET", "/timemap/press/1?format=json")
            #expect(json.body.contains("\"datetime\":\"2022-02-01T00:00:00Z\""))

            // TimeMap in link-format.
            let map = try await Self.http(port, "GET", "/timemap/press/1")
            #expect(map.headers["content-type"] == "application/link-format")
            #expect(
                map.body.contains(
                    "</documents/press/1/versions/3>; rel=\"last memento\"; datetime=\"Tue, 01 Mar 2022 00:00:00 GMT\""
                )
            )
            #expect(map.body.contains("<https://example.org/1>; rel=\"original\""))
        }
    }

    @Test func errorsAreJSONWithTheRightStatus() async throws {
        try await Self.withServer { port, _ in
            let unknown = try await Self.http(port, "GET", "/documents/nope")
            #expect(unknown.status == 404 && unknown.body.contains("\"code\":\"unknown-document\""))
            let badDate = try await Self.http(port, "GET", "/timegate/nope", headers: ["Accept-Datetime: soon"])
            #expect(badDate.status == 400 && badDate.body.contains("Accept-Datetime"))
            let format = try await Self.http(
                port,
                "POST",
                "/documents?id=a",
                headers: ["Content-Type: application/pdf"],
                body: Data([0x25, 0x50, 0x44, 0x46, 0x00, 0x01])
            )
            #expect(format.status == 415 || format.status == 400, "\(format.status) \(format.body)")
            let empty = try await Self.http(
                port,
                "POST",
                "/documents?id=a",
                headers: ["Content-Type: text/plain"],
                body: Data()
            )
            #expect(empty.status == 400 && empty.body.contains("empty"))
        }
    }
}
