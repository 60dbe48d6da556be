import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct IngestRestoreTests {
    let registry = PluginRegistry.builtIn

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    func ingest(_ archive: Archive, _ text: String, at date: String, id: String = "news/1") async throws -> IngestResult
    {
        try await ingest(archive, Data(text.utf8), at: date, id: id)
    }

    func ingest(_ archive: Archive, _ data: Data, at date: String, id: String = "news/1") async throws -> IngestResult {
        let results = try await archive.ingest(
            IngestRequest(
                data: data,
                name: "\(id).txt",
                fileName: "page.txt",
                documentID: id,
                capturedAt: Self.day(date)
            ),
            registry: registry
        )
        return try #require(results.first)
    }

    @Test func cyrillicTextRestoresBitExact() async throws {
        try await withTemporaryFolder { folder in
            // Given: a Russian page in UTF-8 with a BOM and CRLF line ends, and one in Windows-1251
            let archive = try await Archive.makeForTesting(in: folder)
            let utf8 =
                Data([0xEF, 0xBB, 0xBF]) + Data("Новости архива\r\n\r\nДата публикации: 01.03.2022\r\nТекст.\r\n".utf8)
            let cp1251 = try #require("Новости\n\nСегодня в Астане открылся архив.\n".data(using: .windowsCP1251))

            // When: both are ingested and restored from a reopened archive
            _ = try await ingest(archive, utf8, at: "2022-03-01", id: "ru/utf8")
            _ = try await ingest(archive, cp1251, at: "2022-03-01", id: "ru/cp1251")
            let reopened = try await archive.reopened()

            // Then: the bytes come back exactly, and the documents were decoded
            let first = try await reopened.restore("ru/utf8", at: Self.day("2022-03-02"))
            #expect(first.original == utf8)
            #expect(first.document.title == "Новости архива")
            #expect(first.document.published == Self.day("2022-03-01"))
            let second = try await reopened.restore("ru/cp1251", at: Self.day("2022-03-02"))
            #expect(second.original == cp1251)
            #expect(second.document.text == "Сегодня в Астане открылся архив.")
            #expect(second.document.metadata["encoding"] == "Windows-1251")
        }
    }

    @Test func backfilledVersionsTakeTheirPlaceByCapturedAt() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // Ingest order: March, then a backfill from January, then February.
            let march = try await ingest(archive, "Title\n\nMarch text.", at: "2022-03-01")
            let january = try await ingest(archive, "Title\n\nJanuary text.", at: "2022-01-01")
            let february = try await ingest(archive, "Title\n\nFebruary text.", at: "2022-02-01")
            #expect([march, january, february].allSatisfy { $0.isNew })

            let history = try await archive.history(of: "news/1")
            let versions = history.entries.compactMap { entry -> (Int, Date)? in
                if case .version(let ordinal, let version) = entry { return (ordinal, version.capturedAt) }
                return nil
            }
            #expect(versions.map(\.0) == [1, 2, 3])
            #expect(versions.map(\.1) == ["2022-01-01", "2022-02-01", "2022-03-01"].map(Self.day))
            #expect(try await archive.version(of: "news/1", ordinal: 1).capturedAt == Self.day("2022-01-01"))
            #expect(try await archive.restore("news/1", at: Self.day("2022-01-15")).document.text == "January text.")
        }
    }

    @Test func unchangedContentMakesNoNewBundle() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let first = try await ingest(archive, "Title\n\nSame text.", at: "2022-03-01")
            let bundlesBefore = try await archive.bundleFiles()

            let again = try await ingest(archive, "Title\n\nSame text.", at: "2022-03-05")

            #expect(first.isNew)
            #expect(!again.isNew)
            #expect(try await archive.bundleFiles() == bundlesBefore)
            #expect(bundlesBefore.count == 1)
            #expect(try await archive.catalog.versions(of: "news/1").count == 1)
            let history = try await archive.history(of: "news/1")
            guard case .observation(let ordinal, let observation) = try #require(history.entries.last) else {
                Issue.record("the unchanged capture is not in the history")
                return
            }
            #expect(ordinal == 1)
            #expect(observation.capturedAt == Self.day("2022-03-05"))
        }
    }

    @Test func dedupComparesWithTheVersionInForceAtTheCaptureTime() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingest(archive, "Title\n\nA.", at: "2022-01-01")
            _ = try await ingest(archive, "Title\n\nB.", at: "2022-03-01")
            // A backfill between them equal to the January content is unchanged; equal to March's is new.
            #expect(try await !ingest(archive, "Title\n\nA.", at: "2022-02-01").isNew)
            #expect(try await ingest(archive, "Title\n\nB.", at: "2022-02-15").isNew)
            #expect(try await archive.catalog.versions(of: "news/1").count == 3)
        }
    }

    @Test func aBackfillDoesNotChangeWhatALaterUnchangedCaptureSaw() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingest(archive, "Title\n\nA.", at: "2022-01-01")
            #expect(try await !ingest(archive, "Title\n\nA.", at: "2022-03-01").isNew)
            #expect(try await ingest(archive, "Title\n\nB.", at: "2022-02-01").isNew)

            #expect(try await archive.restore("news/1", at: Self.day("2022-02-15")).document.text == "B.")
            #expect(try await archive.restore("news/1", at: Self.day("2022-03-15")).document.text == "A.")
            // Seen again in April: A is in force then, so it is unchanged, not a new version.
            #expect(try await !ingest(archive, "Title\n\nA.", at: "2022-04-01").isNew)
            #expect(try await ingest(archive, "Title\n\nB.", at: "2022-04-02").isNew)
        }
    }

    @Test func restoreAtDatesBetweenBeforeAndAfterVersions() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingest(archive, "Title\n\nOne.", at: "2022-01-10T12:00:00Z")
            _ = try await ingest(archive, "Title\n\nTwo.", at: "2022-02-10T12:00:00Z")

            #expect(
                try await archive.restore("news/1", at: Self.day("2022-01-10T12:00:00Z")).original
                    == Data("Title\n\nOne.".utf8)
            )
            #expect(
                try await archive.restore("news/1", at: Self.day("2022-02-01")).original == Data("Title\n\nOne.".utf8)
            )
            #expect(
                try await archive.restore("news/1", at: Self.day("2022-02-10T12:00:00Z")).original
                    == Data("Title\n\nTwo.".utf8)
            )
            #expect(
                try await archive.restore("news/1", at: Self.day("2030-01-01")).original == Data("Title\n\nTwo.".utf8)
            )

            let error = try await #require(throws: ArchiveError.self) {
                try await archive.restore("news/1", at: Self.day("2022-01-10T11:59:59Z"))
            }
            #expect(error.code == .beforeFirstCapture)
            #expect(error.message.contains("2022-01-10T12:00:00Z"))
        }
    }

    /// A restore is a read: it records an event only in an archive whose settings ask for it.
    @Test func restoreRecordsAProvenanceEventWhenTheArchiveAsks() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingest(archive, "Title\n\nOne.", at: "2022-01-10")
            _ = try await archive.restore("news/1", at: Self.day("2022-02-01"))
            #expect(try await archive.catalog.events(documentID: "news/1").map(\.kind) == [.ingest])
            let recording = try await archive.changingSettings { $0.recordsReads = true }
            _ = try await recording.restore("news/1", at: Self.day("2022-02-01"))
            #expect(try await archive.catalog.events(documentID: "news/1").map(\.kind) == [.ingest, .restore])
        }
    }

    /// An archive opened for reading (`mura restore`, `mura show`) holds its catalog read only, so that nothing a read
    /// does, not even closing the catalog, writes it; unless the archive records reads.
    @Test func anArchiveOpenedForReadingCannotWriteItsCatalog() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingest(archive, "Title\n\nOne.", at: "2022-01-10")
            let probe = ProvenanceEvent(kind: .access, outcome: .success, documentID: "news/1", detail: "a probe")

            let reader = try await Archive.openForReading(at: archive.root, logger: .silent)
            let read = try await reader.restore("news/1", at: Self.day("2022-02-01"))
            #expect(read.original == Data("Title\n\nOne.".utf8))
            await #expect(throws: ArchiveError.self) { try await reader.catalog.record(probe) }

            _ = try await archive.changingSettings { $0.recordsReads = true }
            let recording = try await Archive.openForReading(at: archive.root, logger: .silent)
            _ = try await recording.restore("news/1", at: Self.day("2022-02-01"))
            try await recording.catalog.record(probe)
            #expect(try await archive.catalog.events(documentID: "news/1").map(\.kind) == [.ingest, .restore, .access])
        }
    }
}
