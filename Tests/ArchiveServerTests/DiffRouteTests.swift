import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

@Suite struct DiffRouteTests {
    @Test func diffInEachFormatAndChangesInTheVersionList() async throws {
        try await LiveServer.run { server, client in
            for (date, text) in [
                ("2024-01-10", "Notice\n\nThe senate meets on Monday.\n\nVisitors are welcome."),
                ("2024-02-01", "Notice\n\nThe senate meets on Tuesday.\n\nVisitors are welcome."),
            ] {
                _ = try await server.archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "n.txt",
                        documentID: "press/notice",
                        capturedAt: try ArchiveDate.parse(date, field: "test")
                    ),
                    registry: .builtIn
                )
            }
            let json = try await client.execute(uri: "/documents/press/notice/diff?from=2024-01-15", method: .get)
            #expect(json.status == .ok && json.headers[.contentType] == "application/json")
            let paragraphs = try #require(try json.json()["paragraphs"] as? [[String: Any]])
            #expect(paragraphs.count == 1 && paragraphs.first?["kind"] as? String == "changed")

            let unified = try await client.execute(
                uri: "/documents/press/notice/diff?from=1&to=2&format=unified",
                method: .get
            )
            #expect(unified.status == .ok)
            #expect(unified.text.contains("~The senate meets on [-Monday.-] {+Tuesday.+}"))
            let html = try await client.execute(uri: "/documents/press/notice/diff?from=1&format=html", method: .get)
            #expect(
                html.headers[.contentType] == "text/html; charset=utf-8" && html.text.contains("<ins>Tuesday.</ins>")
            )

            let versions = try await client.execute(uri: "/documents/press/notice/versions", method: .get).json()
            let entries = try #require(versions["versions"] as? [[String: Any]])
            #expect(entries.first?["wordsChanged"] == nil)
            let share = try #require(entries.last?["wordsChanged"] as? Double)
            #expect(share > 0 && share < 0.5)

            for (query, status) in [
                ("from=2023-01-01", HTTPResponse.Status.notFound), ("from=7", .notFound), ("", .badRequest),
                ("from=1&format=pdf", .badRequest), ("from=2024-13-01", .badRequest),
            ] {
                let answer = try await client.execute(uri: "/documents/press/notice/diff?\(query)", method: .get)
                #expect(answer.status == status, "\(query): \(answer.text)")
            }
        }
    }
}
