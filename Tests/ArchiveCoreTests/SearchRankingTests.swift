import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import GRDB
import Testing

/// How search orders its answers and expands prefixes, on real archives.
@Suite struct SearchRankingTests {
    static func ingest(_ documents: [(String, String)], into archive: Archive) async throws {
        for (id, text) in documents {
            _ = try await archive.ingest(
                IngestRequest(
                    data: Data(text.utf8),
                    name: "\(id).txt",
                    documentID: id,
                    capturedAt: SearchTests.day("2024-01-01")
                ),
                registry: .builtIn
            )
        }
    }

    static func found(_ query: String, in archive: Archive) async throws -> [String] {
        try await archive.search(SearchRequest(query: SearchQuery(query))).hits.map(\.documentID)
    }

    static let filler = "The committee met on Tuesday and reviewed the agenda of the session in detail. "

    @Test func titlesWeighMoreAndShortTextsMoreThanLongOnes() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(
                // Ingested oldest first: among equal scores the newest would come first.
                [
                    ("title", "The harbour reopens\n\n" + String(repeating: Self.filler, count: 10)),
                    ("short", "Weekly notes\n\nThe harbour was mentioned once in a short note."),
                    (
                        "long",
                        "Weekly notes\n\n" + String(repeating: Self.filler, count: 40) + "A harbour was mentioned."
                    ),
                ],
                into: archive
            )
            #expect(try await Self.found("harbour", in: archive) == ["title", "short", "long"])
        }
    }

    @Test func aRarerWordOfAQueryWeighsMore() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // The oldest: among equal scores it would come last.
            var documents = [("tariff", "Notes 6\n\nThe tariff was discussed at length.")]
            documents += (1...5).map { ("budget-\($0)", "Notes \($0)\n\nThe budget was discussed at length.") }
            try await Self.ingest(documents, into: archive)
            let order = try await Self.found("budget OR tariff", in: archive)
            #expect(order.count == 6)
            #expect(order.first == "tariff")
        }
    }

    @Test func prefixesOfFewAndOfVeryManyTermsFindEveryDocument() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // 676 distinct words beginning with "zqx": more than a prefix is expanded to, so FTS5 reads that one.
            let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
            let many = letters.flatMap { first in letters.map { "zqx\(first)\($0)" } }
            try await Self.ingest(
                [
                    ("many", "Many words\n\n" + many.joined(separator: " ") + "."),
                    ("few", "Few words\n\nOne zqxzz and a zqyab here."),
                    ("none", "No such words\n\nNothing to see here."),
                ],
                into: archive
            )
            #expect(Set(try await Self.found("zqx*", in: archive)) == ["many", "few"])
            #expect(Set(try await Self.found("zqxz*", in: archive)) == ["many", "few"])
            #expect(try await Self.found("zqxa*", in: archive) == ["many"])
            #expect(try await Self.found("zqy*", in: archive) == ["few"])
            #expect(try await Self.found("zqw*", in: archive).isEmpty)
            // A word joined to the prefix by a hyphen is a phrase whose last word is the prefix.
            #expect(try await Self.found("one-zqxz*", in: archive) == ["few"])
            #expect(try await Self.found("one-zqx*", in: archive) == ["few"])
            #expect(try await Self.found("one-zqxa*", in: archive).isEmpty)
            #expect(try await Self.found("one zqx*", in: archive) == ["few"])
            #expect(try await Self.found("zqx* NOT zqy*", in: archive) == ["many"])
        }
    }

    /// A whole word typed as a prefix finds the word (held as its stem); a prefix finds only words that begin with it,
    /// not every word that begins with its stem (`cons*` is held as `con`, which `contract` begins with).
    @Test func aPrefixFindsTheWordsThatBeginWithIt() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(
                [
                    ("budgets", "Notes\n\nThe budgets were approved."),
                    ("contract", "Notes\n\nThe contract was signed."),
                    ("consent", "Notes\n\nThe consent was given."),
                ],
                into: archive
            )
            #expect(try await Self.found("budgets*", in: archive) == ["budgets"])
            #expect(try await Self.found("cons*", in: archive) == ["consent"])
            #expect(Set(try await Self.found("con*", in: archive)) == ["contract", "consent"])
        }
    }

    /// A catalog rebuilt by the same process fills its term table again (the terms it remembers writing are forgotten
    /// with the table).
    @Test func prefixesAreFoundAfterARebuildInTheSameProcess() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest([("en", SearchTests.english)], into: archive)
            #expect(try await Self.found("amend*", in: archive) == ["en"])
            _ = try await archive.rebuildCatalog()
            #expect(try await Self.found("amend*", in: archive) == ["en"])
            #expect(try await Self.found("parliam*", in: archive) == ["en"])
        }
    }

    /// A catalog indexed before prefixes were expanded from their terms has no term table; opening it fills the
    /// table from the index itself.
    @Test func anIndexWithoutItsTermTableGetsItOnOpen() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest([("en", SearchTests.english), ("kk", SearchTests.kazakh)], into: archive)
            let catalog = archive.root.appending(path: "catalog.sqlite").path
            let queue = try DatabaseQueue(path: catalog)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        DROP TABLE searchTerm; DROP TABLE searchFrequent;
                        DELETE FROM grdb_migrations WHERE identifier IN ('v6', 'v8')
                        """
                )
            }
            try queue.close()
            let reopened = try await archive.reopened()
            #expect(try await Self.found("amend*", in: reopened) == ["en"])
            #expect(try await Self.found("мектеп", in: reopened) == ["kk"])
            #expect(try await Self.found("оқу*", in: reopened) == ["kk"])
        }
    }

    /// A catalog indexed before phrases were matched as pairs of words has no pair columns; opening it fills the index
    /// again, and phrases are found.
    @Test func anIndexWithoutPairsIsFilledAgainOnOpen() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest([("en", SearchTests.english), ("ru", SearchTests.russian)], into: archive)
            let catalog = archive.root.appending(path: "catalog.sqlite").path
            let queue = try DatabaseQueue(path: catalog)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        DROP TABLE searchText;
                        DROP TABLE searchEntry;
                        DROP TABLE searchUntil;
                        DROP TABLE searchSince;
                        DROP INDEX version_on_capture;
                        CREATE TABLE searchEntry (
                            key INTEGER PRIMARY KEY,
                            versionID TEXT NOT NULL UNIQUE REFERENCES version(id) ON DELETE CASCADE,
                            documentID TEXT NOT NULL,
                            capturedAt INTEGER NOT NULL,
                            published INTEGER
                        );
                        CREATE INDEX searchEntry_on_document ON searchEntry(documentID, capturedAt);
                        INSERT INTO searchEntry SELECT capturedAt * 1048576 + rowid, id, documentID, capturedAt,
                            published FROM version;
                        CREATE VIRTUAL TABLE searchText USING fts5(title, body, content='', tokenize='ascii');
                        INSERT INTO searchText (rowid, title, body) SELECT key, 'parliament', 'state budget'
                            FROM searchEntry;
                        DELETE FROM grdb_migrations WHERE identifier = 'v7';
                        """
                )
            }
            try queue.close()
            let reopened = try await archive.reopened()
            #expect(try await Self.found("\"state budget\"", in: reopened) == ["en"])
            #expect(try await Self.found("\"публичные слушания\"", in: reopened) == ["ru"])
            #expect(try await Self.found("\"lower chamber approved\"", in: reopened) == ["en"])
            #expect(try await reopened.catalog.searchIndexIsPending() == false)
        }
    }
}
