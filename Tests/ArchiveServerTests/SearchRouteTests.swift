import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

@Suite struct SearchRouteTests {
    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    @Test func searchAnswersDocumentsWithPermanentURLsSnippetsAndPages() async throws {
        try await LiveServer.run { server, client in
            let inputs = [
                ("press/1", "2022-01-01", "Бюджет на 2022 год\n\nДепутаты приняли бюджет и налоговые реформы."),
                ("press/1", "2023-01-01", "Бюджет на 2023 год\n\nДепутаты приняли бюджет без изменений."),
                ("press/2", "2022-06-01", "Отчёт\n\nМинистерство опубликовало отчёт о бюджете."),
            ]
            for (id, date, text) in inputs {
                _ = try await server.archive.ingest(
                    IngestRequest(data: Data(text.utf8), name: "\(id).txt", documentID: id, capturedAt: Self.day(date)),
                    registry: .builtIn
                )
            }
            // A word in its inflected form; each hit links to its version, which serves that version's bytes.
            let found = try await client.execute(
                uri: "/search?q=%D1%80%D0%B5%D1%84%D0%BE%D1%80%D0%BC%D0%B0",
                method: .get
            )
            #expect(found.status == .ok, "\(found.text)")
            let hits = try #require(try found.json()["hits"] as? [[String: Any]])
            #expect(hits.map { $0["documentID"] as? String } == ["press/1"])
            let memento = try #require(hits.first?["memento"] as? String)
            #expect(memento.hasPrefix("http://localhost/documents/press/1/versions/"))
            let version = try await client.execute(uri: try LiveServer.local(memento), method: .get)
            #expect(version.text.contains("налоговые реформы"))
            let parts = try #require((hits.first?["snippet"] as? [String: Any])?["parts"] as? [[String: Any]])
            #expect(parts.filter { $0["match"] as? Bool == true }.map { $0["text"] as? String } == ["реформы"])

            // As the archive stood at a date.
            let dated = try await client.execute(
                uri: "/search?q=%D1%80%D0%B5%D1%84%D0%BE%D1%80%D0%BC%D0%B0&at=2023-06-01",
                method: .get
            )
            #expect(try #require(try dated.json()["hits"] as? [Any]).isEmpty)

            // Pages: one document each, following `next` and its Link header.
            var seen: [String] = []
            var next: String? = "/search?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82&limit=1"
            while let address = next {
                let page = try await client.execute(uri: address, method: .get)
                #expect(page.status == .ok)
                let body = try page.json()
                seen += (body["hits"] as? [[String: Any]] ?? []).compactMap { $0["documentID"] as? String }
                next = try (body["next"] as? String).map { try LiveServer.local($0) }
                if let link = body["next"] as? String { #expect(page.headers[.link] == "<\(link)>; rel=\"next\"") }
            }
            #expect(Set(seen) == ["press/1", "press/2"] && seen.count == 2)
        }
    }

    /// HTML forms write a space as `+`; a plus itself comes as `%2B`. The next page's address keeps the words.
    @Test func aPlusInTheQueryIsASpaceAsFormsWriteIt() async throws {
        try await LiveServer.run { server, client in
            for (id, text) in [
                ("press/1", "Budget\n\nThe budget news of the week."), ("press/2", "C\n\nA budget for C++ this week."),
            ] {
                _ = try await server.archive.ingest(
                    IngestRequest(data: Data(text.utf8), name: id, documentID: id, capturedAt: Self.day("2024-01-01")),
                    registry: .builtIn
                )
            }
            let phrase = try await client.execute(uri: "/search?q=%22budget+news%22", method: .get)
            let hits = try #require(try phrase.json()["hits"] as? [[String: Any]], "\(phrase.text)")
            #expect(hits.map { $0["documentID"] as? String } == ["press/1"], "\(phrase.text)")
            let words = try await client.execute(uri: "/search?q=budget+week&limit=1", method: .get)
            #expect((try words.json()["hits"] as? [Any])?.count == 1, "\(words.text)")
            let next = try #require(try words.json()["next"] as? String)
            #expect(next.contains("q=budget%20week"), "\(next)")
        }
    }

    @Test func aMalformedQueryIsA400NamingTheProblem() async throws {
        try await LiveServer.run { _, client in
            for (query, problem) in [
                ("%22budget", "quote that is not closed"), ("NOT%20budget", "NOT needs a term"),
                ("budget%20OR", "ends with OR"), ("", "is empty"),
            ] {
                let answer = try await client.execute(uri: "/search?q=\(query)", method: .get)
                #expect(answer.status == .badRequest, "\(query)")
                let error = try #require(try answer.json()["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid-argument")
                let message = try #require(error["message"] as? String)
                #expect(message.contains(problem) && message.hasPrefix("q: "), "\(message)")
            }
            let missing = try await client.execute(uri: "/search", method: .get)
            #expect(missing.status == .badRequest && missing.text.contains("q: the query is required"))
            let badLimit = try await client.execute(uri: "/search?q=a&limit=0", method: .get)
            #expect(badLimit.status == .badRequest && badLimit.text.contains("limit"))
        }
    }
}
