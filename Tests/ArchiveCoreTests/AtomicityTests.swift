import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct AtomicityTests {
    @Test func leftoverStagingFilesAreRemovedOnOpen() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // A crash mid-write leaves a partial bundle in the staging folder and nothing in the catalog.
            let staged = try await archive.store.makeStagingURL()
            try Data("half a bundle".utf8).write(to: staged)

            let reopened = try await archive.reopened()

            #expect(!FileManager.default.fileExists(atPath: staged.path))
            #expect(try await reopened.catalog.allVersions().isEmpty)
            #expect(try await reopened.verify().isClean)
        }
    }

    @Test func stagingFilesOfARunningWriterAreKept() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // Process 1 always runs; its staging file belongs to a live writer.
            let staged = try await archive.store.makeStagingURL()
            let live = staged.deletingLastPathComponent().appending(
                path: "bundle-1-\(UUID().uuidString.lowercased()).partial"
            )
            try Data("writing".utf8).write(to: live)
            _ = try await archive.reopened()
            #expect(FileManager.default.fileExists(atPath: live.path))
        }
    }

    @Test func aCatalogRowAlwaysHasItsBundle() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for number in 0..<5 {
                _ = try await archive.ingest(
                    IngestRequest(data: Data("T\n\nVersion \(number).".utf8), name: "n", documentID: "n"),
                    registry: .builtIn
                )
            }
            let versions = try await archive.catalog.allVersions()
            #expect(versions.count == 5)
            for version in versions {
                #expect(try await archive.store.contains(version.bundlePath))
            }
            #expect(Set(versions.map(\.capturedAt)).count == 5, "captures within one millisecond must stay distinct")
        }
    }

    @Test func bundlesAreNeverOverwritten() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.ingest(
                IngestRequest(data: Data("T\n\nA.".utf8), name: "a", documentID: "a"),
                registry: .builtIn
            )
            let key = try await #require(try archive.catalog.allVersions().first).bundlePath
            let staged = try await archive.store.makeStagingURL()
            try Data("other".utf8).write(to: staged)
            await #expect(throws: ArchiveError.self) { try await archive.store.commit(staged: staged, as: key) }
            #expect(try await archive.verify().isClean)
        }
    }

    /// A writer killed after its bundle was committed and before the catalog row: the next open adopts the
    /// bundle as the version it holds, or sets it aside when the catalog has another version at that instant.
    @Test func aCommittedButUncataloguedBundleIsAdoptedOrSetAside() async throws {
        try await withTemporaryFolder { folder in
            let source = try await Archive.create(at: folder.appending(path: "source"), logger: .silent)
            let date = try ArchiveDate.parse("2024-01-01", field: "date")
            let first = try await source.ingest(
                IngestRequest(data: Data("T\n\nFirst.".utf8), name: "a", documentID: "a", capturedAt: date),
                registry: .builtIn
            )
            guard case .newVersion(let clashing) = try #require(first.first).outcome else { return }
            let target = try await Archive.makeForTesting(in: folder)
            // The same document at the same instant, with other content, is already in the target's catalog.
            _ = try await target.ingest(
                IngestRequest(data: Data("T\n\nOther.".utf8), name: "b", documentID: "a", capturedAt: date),
                registry: .builtIn
            )
            // Leave the source's bundle in the target as a killed writer would: committed, with its staging record.
            func leaveInterrupted(_ key: String, from archive: Archive) async throws {
                let bundle = target.root.appending(path: key)
                try FileManager.default.createDirectory(
                    at: bundle.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try FileManager.default.copyItem(at: archive.root.appending(path: key), to: bundle)
                _ = try await target.store.stage(try Data(contentsOf: bundle), for: key)
            }
            try await leaveInterrupted(clashing.bundlePath, from: source)
            // And one that holds a new document: it is adopted.
            let fresh = try await source.ingest(
                IngestRequest(data: Data("T\n\nNew.".utf8), name: "n", documentID: "new", capturedAt: date),
                registry: .builtIn
            )
            guard case .newVersion(let adoptable) = try #require(fresh.first).outcome else { return }
            try await leaveInterrupted(adoptable.bundlePath, from: source)

            let reopened = try await target.reopened()
            #expect(try await reopened.catalog.version(id: adoptable.id)?.sha256 == adoptable.sha256)
            #expect(
                try await reopened.content(of: try #require(try reopened.catalog.version(id: adoptable.id))).original
                    == Data("T\n\nNew.".utf8)
            )
            #expect(try await !reopened.store.contains(clashing.bundlePath))
            #expect(
                FileManager.default.fileExists(
                    atPath: reopened.root.appending(path: "set-aside/\(clashing.bundlePath)").path
                )
            )
            #expect(try await reopened.store.interruptedCommits().isEmpty)
            #expect(try await reopened.verify().isClean)
            let rebuilt = try await reopened.rebuildCatalog()
            #expect(rebuilt.versions == 2, "the rebuild takes the adopted bundle and never refuses")
        }
    }

    /// A writer killed mid-line leaves a torn last line in the observation journal; the next entry must not be
    /// glued to it and lost with it.
    @Test func theJournalRepairsATornLastLine() async throws {
        try await withTemporaryFolder { folder in
            let journal = FileObservationJournal(root: folder)
            let date = try ArchiveDate.parse("2024-01-01", field: "date")
            try journal.append(Observation(documentID: "a", capturedAt: date, sha256: "00", versionID: "v1"))
            let handle = try FileHandle(forWritingTo: journal.file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"capturedAt":"2024-01-02T00:00:00.000Z","documentID":"a","sha"#.utf8))
            try handle.close()
            try journal.append(Observation(documentID: "a", capturedAt: date, sha256: "00", versionID: "v2"))
            #expect(try journal.allObservations().map(\.versionID) == ["v1", "v2"])
        }
    }

    /// A writer killed between appending an unchanged capture to the journal and cataloguing it: the next open
    /// catalogues it, so the catalog and one rebuilt from the journal agree.
    @Test func anUncataloguedLastObservationIsCatalogued() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let result = try await archive.ingest(
                IngestRequest(
                    data: Data("T\n\nA.".utf8),
                    name: "a",
                    documentID: "a",
                    capturedAt: try ArchiveDate.parse("2024-01-01", field: "date")
                ),
                registry: .builtIn
            )
            guard case .newVersion(let version) = try #require(result.first).outcome else { return }
            let seen = Observation(
                documentID: "a",
                capturedAt: try ArchiveDate.parse("2024-02-01", field: "date"),
                sha256: version.sha256,
                versionID: version.id
            )
            try archive.journal.append(seen)
            #expect(try await archive.catalog.observations(of: "a").isEmpty)
            let reopened = try await archive.reopened()
            #expect(try await reopened.catalog.observations(of: "a").map(\.capturedAt) == [seen.capturedAt])
            _ = try await reopened.reopened()
            #expect(try await reopened.catalog.observations(of: "a").count == 1, "catalogued once")
            #expect(try await reopened.rebuildCatalog().observations == 1)
        }
    }
}
