import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct RebuildTests {
    @Test func rebuildFromBundlesGivesTheSameDocumentsVersionsAndObservations() throws {
        try withTemporaryFolder { folder in
            // Given: three documents, a backfill, and an unchanged capture
            let archive = try Archive.makeForTesting(in: folder)
            let inputs: [(String, String, String)] = [
                ("news/1", "Title\n\nOne.", "2022-03-01"),
                ("news/1", "Title\n\nTwo.", "2022-04-01"),
                ("news/1", "Title\n\nZero.", "2022-01-01"),
                ("news/1", "Title\n\nTwo.", "2022-05-01"),
                ("https://example.org/kk", "Жаңалық\n\nЖарияланған күні: 20 наурыз 2024\n\nМәтін.", "2024-03-20"),
                ("docs/ru", "Документ\n\nТекст.", "2024-01-01"),
            ]
            for (id, text, date) in inputs {
                _ = try archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: id,
                        documentID: id,
                        capturedAt: try ArchiveDate.parse(date, field: "test")
                    ),
                    registry: .builtIn
                )
            }
            let documents = try archive.catalog.documents()
            let versions = try archive.catalog.allVersions()
            let observations = try archive.catalog.observations(of: "news/1")

            // When: the catalog file is deleted and rebuilt from the bundles alone
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let fresh = try archive.reopened()
            #expect(try fresh.catalog.documents().isEmpty)
            let report = try fresh.rebuildCatalog()

            // Then: everything is back
            #expect(report == RebuildReport(documents: 3, versions: 5, observations: 1))
            #expect(try fresh.catalog.allVersions() == versions)
            #expect(try fresh.catalog.observations(of: "news/1") == observations)
            #expect(try fresh.catalog.documents().map(\.id) == documents.map(\.id))
            #expect(try fresh.catalog.documents().map(\.versionCount) == documents.map(\.versionCount))
            #expect(try fresh.verify().isClean)
        }
    }

    @Test func rebuildRefusesUnreadableBundlesAndKeepsTheCatalog() throws {
        try withTemporaryFolder { folder in
            let archive = try Archive.makeForTesting(in: folder)
            let result = try archive.ingest(
                IngestRequest(data: Data("T\n\nBody.".utf8), name: "a", documentID: "a"),
                registry: .builtIn
            )
            guard case .newVersion(let version) = try #require(result.first).outcome else { return }
            try Data("not a bundle".utf8).write(to: archive.root.appending(path: version.bundlePath))
            let error = try #require(throws: ArchiveError.self) { try archive.rebuildCatalog() }
            #expect(error.message.contains(version.bundlePath))
            #expect(try archive.catalog.versions(of: "a") == [version])
        }
    }
}
