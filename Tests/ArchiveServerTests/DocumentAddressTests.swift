import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// The addresses the service writes for a document lead back to it, whatever its id; and what a request names
/// (its importer, its source URL) is taken at its word or refused.
@Suite struct DocumentAddressTests {
    /// Ids a path cannot carry segment by segment: empty and dot segments, and the ends of a document's own
    /// resources.
    static let awkwardIDs = ["x//y", "x/../y", "x/./y", "x/", "/x", "x/versions", "x/versions/2", "x/diff", "versions"]

    @Test(arguments: awkwardIDs) func everyAddressOfADocumentLeadsBackToIt(id: String) async throws {
        try await LiveServer.run { server, client in
            // The shorter ids exist too, so that a misread address would find a document, not a 404.
            for shorter in ["x", "x/y", "y"] { try await server.seed(shorter, "Other\n\nNot this one.") }
            let text = "Awkward\n\nThe text of \(id)."
            let query = try #require(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let created = try await client.postText("id=\(query)", text, headers: server.header(.write))
            #expect(created.status == .created, "\(created.text)")
            // The addresses as the service writes them: the memento's, its document's, its history's, its TimeMap's.
            let memento = try #require(created.headers[.location])
            let lastSlash = try #require(memento.range(of: "/", options: .backwards))
            let history = String(memento[..<lastSlash.lowerBound])
            let document = String(history.dropLast("/versions".count))
            let read = try await client.execute(uri: try LiveServer.local(memento), method: .get)
            #expect(read.status == .ok && read.text == text, "\(memento)")
            let current = try await client.execute(uri: try LiveServer.local(document), method: .get)
            #expect(current.status == .ok && current.text == text, "\(document)")
            let versions = try await client.execute(uri: try LiveServer.local(history), method: .get)
            #expect((try versions.json()["versions"] as? [Any])?.count == 1, "\(history): \(versions.text)")
            let link = try #require(read.headers[.link])
            let timemap = try #require(link.firstMatch(of: /<([^>]+)>; rel="timemap"/)).1
            let map = try await client.execute(uri: try LiveServer.local(String(timemap)), method: .get)
            #expect(map.status == .ok && map.text.contains(memento), "\(timemap): \(map.text)")
            // A path that a client cleans up (dot segments) or a router folds (empty segments) is never written.
            let segments = document.dropFirst("http://localhost/documents/".count).split(
                separator: "/",
                omittingEmptySubsequences: false
            )
            #expect(!segments.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(document)")
        }
    }

    /// `.` and `..` are steps in a path to every URL reader, escaped or not: no address could name such a document.
    /// A control character at an end of an id is refused, not trimmed away into another document's name.
    @Test(arguments: [".", "..", "%C2%85x", "x%C2%85", "a%09b"])
    func anIDNoAddressCanNameIsRefused(query: String) async throws {
        try await LiveServer.run { server, client in
            try await server.seed("x", "X\n\nThe document x.")
            let answer = try await client.postText(
                "id=\(query)",
                "Other\n\nAnother text.",
                headers: server.header(.write)
            )
            #expect(answer.status == .badRequest && answer.text.contains("id"), "\(query): \(answer.text)")
            #expect(!answer.text.contains("id: id:"), "the parameter is named once: \(answer.text)")
            #expect(try await server.archive.catalog.versions(of: "x").count == 1)
        }
    }

    @Test func aFormatParameterPicksTheImporterOrIsRefused() async throws {
        try await LiveServer.run { server, client in
            let html = "<html><body><h1>Budget</h1><p>The parliament passed the budget.</p></body></html>"
            let asText = try await client.post(
                "id=raw&format=text",
                ByteBuffer(string: html),
                contentType: "text/html",
                headers: server.header(.write)
            )
            #expect(asText.status == .created, "\(asText.text)")
            #expect(try await server.archive.latestVersion(of: "raw").format == DocumentFormat("text"))
            let unknown = try await client.post(
                "id=bogus&format=bogus",
                ByteBuffer(string: html),
                contentType: "text/html",
                headers: server.header(.write)
            )
            #expect(unknown.status == .badRequest && unknown.text.contains("format"), "\(unknown.text)")
            #expect(unknown.text.contains("html"), "the answer names the formats there are: \(unknown.text)")
            #expect(try await server.archive.catalog.document(id: "bogus") == nil)
        }
    }

    @Test func aSourceURLWithCredentialsIsRefused() async throws {
        try await LiveServer.run { server, client in
            let refused = try await client.postText(
                "id=secret&url=https://editor:hunter2@example.org/news/1",
                "News\n\nText.",
                headers: server.header(.write)
            )
            #expect(refused.status == .badRequest && refused.text.contains("password"), "\(refused.text)")
            #expect(try await server.archive.catalog.document(id: "secret") == nil)
            #expect(!SourceURL.isValid("https://editor@example.org/"))
            #expect(SourceURL.isValid("https://example.org/news/1?user=editor@example.org"))
        }
    }
    /// An id Unicode spells two ways (й composed, or и and a breve) is one document in every address.
    @Test func bothSpellingsOfAnIdLeadToOneDocument() async throws {
        try await LiveServer.run { server, client in
            let decomposed = "%D0%B8%CC%86"  // и + combining breve
            let posted = try await client.postText(
                "id=news/\(decomposed)",
                "T\n\nText.",
                headers: server.header(.write)
            )
            #expect(posted.status == .created, "\(posted.text)")
            for path in ["/documents/news/%D0%B9", "/documents/news/\(decomposed)", "/timemap/news/\(decomposed)"] {
                let answer = try await client.execute(uri: path, method: .get)
                #expect(answer.status == .ok, "\(path): \(answer.text)")
            }
            let again = try await client.postText("id=news/%D0%B9", "T\n\nText.", headers: server.header(.write))
            #expect(again.status == .ok, "unchanged, not a second document: \(again.text)")
        }
    }
}
