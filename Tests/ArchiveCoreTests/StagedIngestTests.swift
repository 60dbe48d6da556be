import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Bundles written to staging files ahead of storing (`Archive.stage`, what a batch ingest does beside parsing):
/// each is committed, or removed when storing does not need it, and never left behind.
@Suite struct StagedIngestTests {
    static let day = Date(timeIntervalSince1970: 1_700_000_000)

    static func prepared(_ text: String, id: String, at date: Date, in archive: Archive) throws -> PreparedIngest {
        var request = IngestRequest(data: Data(text.utf8), name: "\(id).txt", documentID: id)
        request.capturedAt = date
        return try Archive.prepare(request, registry: .builtIn, bundles: archive.settings.compression)
    }

    static func stagingFiles(of archive: Archive) throws -> [String] {
        let folder = archive.root.appending(path: "tmp")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func bundlesWrittenAheadAreCommittedAndTheirStagingFilesRemoved() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let texts = (0..<3).map { "Release \($0)\n\nThe ministry published release number \($0)." }
            var staged: [PreparedIngest] = []
            for (number, text) in texts.enumerated() {
                staged.append(
                    try await archive.stage(try Self.prepared(text, id: "news/\(number)", at: Self.day, in: archive))
                )
            }
            // Written and synced before storing: one staging file per bundle, nothing catalogued yet.
            #expect(try Self.stagingFiles(of: archive).count == 3)
            #expect(try await archive.catalog.allVersions().isEmpty)

            for prepared in staged { _ = try await archive.store(prepared) }

            #expect(try Self.stagingFiles(of: archive).isEmpty)
            for (number, text) in texts.enumerated() {
                let restored = try await archive.restore("news/\(number)", at: Self.day)
                #expect(restored.original == Data(text.utf8))
            }
            #expect(try await archive.verify().isClean)
        }
    }

    @Test func aDocumentSeenUnchangedLeavesNoBundleBehind() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let text = "Notice\n\nThe office is closed on Friday."
            _ = try await archive.store(try Self.prepared(text, id: "notice", at: Self.day, in: archive))
            let later = Self.day.addingTimeInterval(86_400)
            let again = try await archive.stage(try Self.prepared(text, id: "notice", at: later, in: archive))
            #expect(try Self.stagingFiles(of: archive).count == 1)

            let results = try await archive.store(again)

            guard case .unchanged = results.first?.outcome else {
                Issue.record("expected an unchanged capture, got \(results)")
                return
            }
            #expect(try Self.stagingFiles(of: archive).isEmpty)
            #expect(try await archive.store.allKeys().count == 1)
            #expect(try await archive.verify().isClean)
        }
    }

    @Test func aStoreThatFailsRemovesTheBundlesWrittenAhead() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.store(try Self.prepared("A\n\nFirst text.", id: "a", at: Self.day, in: archive))
            // Other content at the very same explicit capture time: a conflict, refused.
            let clash = try await archive.stage(
                try Self.prepared("A\n\nOther text.", id: "a", at: Self.day, in: archive)
            )
            #expect(try Self.stagingFiles(of: archive).count == 1)

            let error = await #expect(throws: ArchiveError.self) { try await archive.store(clash) }

            #expect(error?.code == .captureConflict)
            #expect(try Self.stagingFiles(of: archive).isEmpty)
            #expect(try await archive.catalog.allVersions().count == 1)
            #expect(try await archive.store.allKeys().count == 1)
        }
    }

    @Test func bundlesWrittenAheadByAWriterThatStoppedAreRemovedOnOpen() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.stage(try Self.prepared("B\n\nText.", id: "b", at: Self.day, in: archive))
            let left = try Self.stagingFiles(of: archive)
            #expect(left.count == 1)
            // As a killed writer leaves it: the same file under another (no longer running) process's name.
            let tmp = archive.root.appending(path: "tmp")
            let parts = left[0].split(separator: "-", maxSplits: 2)
            try FileManager.default.moveItem(
                at: tmp.appending(path: left[0]),
                to: tmp.appending(path: "bundle-\(Int32.max)-\(parts[2])")
            )

            let reopened = try await archive.reopened()

            #expect(try Self.stagingFiles(of: reopened).isEmpty)
            #expect(try await reopened.catalog.allVersions().isEmpty)
            #expect(try await reopened.verify().isClean)
        }
    }
}
