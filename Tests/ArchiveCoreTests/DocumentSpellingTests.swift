import ArchiveBuiltins
import ArchiveTesting
import Foundation
import GRDB
import Testing

@testable import ArchiveCore

/// One id spelled two ways by Unicode (й as one character, or и and a combining breve, as macOS writes file names)
/// names one document, whichever spelling it was stored and is asked for in.
@Suite struct DocumentSpellingTests {
    static let composed = "news/й-2024"
    static let decomposed = "news/\u{0438}\u{0306}-2024"

    static func ingest(_ text: String, id: String, at date: String, into archive: Archive) async throws -> IngestResult
    {
        try await archive.ingest(
            IngestRequest(
                data: Data(text.utf8),
                name: "page.txt",
                documentID: id,
                capturedAt: try ArchiveDate.parse(date, field: "test")
            ),
            registry: .builtIn
        )[0]
    }

    /// The archive with the document's id stored decomposed, as an older archive stored it, reopened.
    static func decomposingTheID(in archive: Archive) async throws -> Archive {
        let queue = try DatabaseQueue(path: archive.root.appending(path: "catalog.sqlite").path)
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            for table in ["document": "id", "version": "documentID", "observation": "documentID"] {
                try db.execute(
                    sql: "UPDATE \(table.key) SET \(table.value) = ? WHERE \(table.value) = ?",
                    arguments: [Self.decomposed, Self.composed]
                )
            }
        }
        try queue.close()
        return try await archive.reopened()
    }

    @Test func bothSpellingsNameOneDocument() async throws {
        #expect(Array(Self.composed.utf8) != Array(Self.decomposed.utf8))
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let first = try await Self.ingest(
                "Title\n\nFirst text.",
                id: Self.decomposed,
                at: "2024-01-01",
                into: archive
            )
            // Stored composed, as every new id is.
            #expect(first.documentID.utf8.elementsEqual(Self.composed.utf8))
            let same = try await Self.ingest("Title\n\nFirst text.", id: Self.composed, at: "2024-02-01", into: archive)
            guard case .unchanged = same.outcome else {
                Issue.record("\(same.outcome)")
                return
            }
            _ = try await Self.ingest("Title\n\nSecond text.", id: Self.decomposed, at: "2024-03-01", into: archive)
            #expect(try await archive.catalog.documents().count == 1)
            for spelling in [Self.composed, Self.decomposed] {
                #expect(try await archive.history(of: spelling).entries.count == 3)
                let content = try await archive.restore(spelling, at: try ArchiveDate.parse("2024-02-15", field: "t"))
                #expect(String(decoding: content.original, as: UTF8.self).contains("First text."))
            }
        }
    }

    /// A prefix of ids in either spelling lists and searches the documents under it, in the spelling stored (composed
    /// here, decomposed in an older archive).
    @Test(arguments: [false, true]) func aPrefixInEitherSpellingFindsTheDocuments(storedDecomposed: Bool) async throws {
        try await withTemporaryFolder { folder in
            var archive = try await Archive.makeForTesting(in: folder)
            _ = try await Self.ingest(
                "Budget\n\nThe budget passed.",
                id: Self.composed,
                at: "2024-01-01",
                into: archive
            )
            _ = try await Self.ingest(
                "Budget\n\nThe budget failed.",
                id: "news/и-2024",
                at: "2024-01-01",
                into: archive
            )
            if storedDecomposed { archive = try await Self.decomposingTheID(in: archive) }
            let stored = storedDecomposed ? Self.decomposed : Self.composed
            for prefix in ["news/й", "news/\u{0438}\u{0306}"] {
                let listed = try await archive.catalog.documents(DocumentQuery(idPrefix: prefix)).map(\.id)
                #expect(listed.map { Array($0.utf8) } == [Array(stored.utf8)], "\(prefix.unicodeScalars.count)")
                let found = try await archive.search(SearchRequest(query: SearchQuery("budget"), idPrefix: prefix))
                #expect(found.hits.map { Array($0.documentID.utf8) } == [Array(stored.utf8)])
            }
        }
    }

    /// `--id ' lead '` archives the document `lead`: the id with the same spaces, or none, finds it everywhere.
    @Test func whiteSpaceAroundAnIdIsLeftOutWhenItIsLookedUp() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let first = try await Self.ingest("Title\n\nFirst text.", id: " lead ", at: "2024-01-01", into: archive)
            #expect(first.documentID == "lead")
            for spelling in [" lead", "lead ", "\u{3000}lead\u{A0}", "lead"] {
                #expect(try await archive.history(of: spelling).entries.count == 1, "\(spelling.debugDescription)")
                let content = try await archive.restore(spelling, at: try ArchiveDate.parse("2024-02-15", field: "t"))
                #expect(String(decoding: content.original, as: UTF8.self).contains("First text."))
            }
            await #expect(throws: ArchiveError.self) { try await archive.history(of: "   ") }
            await #expect(throws: ArchiveError.self) { try await archive.history(of: "lead\u{0}x ") }
            // A control character finds nothing, at an end too (`%0A` in an address).
            await #expect(throws: ArchiveError.self) { try await archive.history(of: "lead\n") }
        }
    }

    /// An archive that holds an id decomposed (stored before ids were composed) keeps it: both spellings read it,
    /// and a new version joins it rather than starting another document.
    @Test func aDecomposedIdStoredEarlierIsKept() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await Self.ingest("Title\n\nFirst text.", id: Self.composed, at: "2024-01-01", into: archive)
            let older = try await Self.decomposingTheID(in: archive)
            #expect(try await older.catalog.document(id: Self.composed) == nil)
            for spelling in [Self.composed, Self.decomposed] {
                #expect(
                    try await older.memento(of: spelling).version.documentID.utf8.elementsEqual(Self.decomposed.utf8)
                )
            }
            let next = try await Self.ingest("Title\n\nSecond text.", id: Self.composed, at: "2024-03-01", into: older)
            #expect(next.documentID.utf8.elementsEqual(Self.decomposed.utf8))
            #expect(try await older.catalog.documents().count == 1)
            #expect(try await older.history(of: Self.composed).entries.count == 2)
            #expect(try await older.verify().problems.isEmpty)
        }
    }
}
