import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct AtomicityTests {
    @Test func leftoverStagingFilesAreRemovedOnOpen() throws {
        try withTemporaryFolder { folder in
            let archive = try Archive.makeForTesting(in: folder)
            // A crash mid-write leaves a partial bundle in the staging folder and nothing in the catalog.
            let staged = try archive.store.makeStagingURL()
            try Data("half a bundle".utf8).write(to: staged)

            let reopened = try archive.reopened()

            #expect(!FileManager.default.fileExists(atPath: staged.path))
            #expect(try reopened.catalog.allVersions().isEmpty)
            #expect(try reopened.verify().isClean)
        }
    }

    @Test func stagingFilesOfARunningWriterAreKept() throws {
        try withTemporaryFolder { folder in
            let archive = try Archive.makeForTesting(in: folder)
            // Process 1 always runs; its staging file belongs to a live writer.
            let staged = try archive.store.makeStagingURL()
            let live = staged.deletingLastPathComponent().appending(
                path: "bundle-1-\(UUID().uuidString.lowercased()).partial"
            )
            try Data("writing".utf8).write(to: live)
            _ = try archive.reopened()
            #expect(FileManager.default.fileExists(atPath: live.path))
        }
    }

    @Test func aCatalogRowAlwaysHasItsBundle() throws {
        try withTemporaryFolder { folder in
            let archive = try Archive.makeForTesting(in: folder)
            for number in 0..<5 {
                _ = try archive.ingest(
                    IngestRequest(data: Data("T\n\nVersion \(number).".utf8), name: "n", documentID: "n"),
                    registry: .builtIn
                )
            }
            let versions = try archive.catalog.allVersions()
            #expect(versions.count == 5)
            #expect(versions.allSatisfy { archive.store.contains($0.bundlePath) })
            #expect(Set(versions.map(\.capturedAt)).count == 5, "captures within one millisecond must stay distinct")
        }
    }

    @Test func bundlesAreNeverOverwritten() throws {
        try withTemporaryFolder { folder in
            let archive = try Archive.makeForTesting(in: folder)
            _ = try archive.ingest(
                IngestRequest(data: Data("T\n\nA.".utf8), name: "a", documentID: "a"),
                registry: .builtIn
            )
            let key = try #require(try archive.catalog.allVersions().first).bundlePath
            let staged = try archive.store.makeStagingURL()
            try Data("other".utf8).write(to: staged)
            #expect(throws: ArchiveError.self) { try archive.store.commit(staged: staged, as: key) }
            #expect(try archive.verify().isClean)
        }
    }
}
