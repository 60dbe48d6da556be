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

    @Test func aBatchStoresEachInputAsItWouldAlone() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let later = Self.day.addingTimeInterval(3_600)
            let batch = [
                try Self.prepared("A\n\nFirst text of a.", id: "a", at: Self.day, in: archive),
                try Self.prepared("B\n\nText of b.", id: "b", at: Self.day, in: archive),
                // The same document again: compared with the version just stored before it, so seen unchanged.
                try Self.prepared("A\n\nFirst text of a.", id: "a", at: later, in: archive),
                try Self.prepared("B\n\nSecond text of b.", id: "b", at: later, in: archive),
            ]
            var staged: [PreparedIngest] = []
            for prepared in batch { staged.append(try await archive.stage(prepared)) }

            let outcomes = await archive.store(staged)

            let kinds = try outcomes.map { outcome -> String in
                switch try outcome.get().first?.outcome {
                case .newVersion: "new"
                case .unchanged: "unchanged"
                case .gone: "gone"
                case nil: "none"
                }
            }
            #expect(kinds == ["new", "new", "unchanged", "new"])
            #expect(try await archive.catalog.versions(of: "a").count == 1)
            #expect(try await archive.catalog.versions(of: "b").map(\.capturedAt) == [Self.day, later])
            #expect(try await archive.restore("b", at: later).original == Data("B\n\nSecond text of b.".utf8))
            #expect(try Self.stagingFiles(of: archive).isEmpty)
            #expect(try await archive.verify().isClean)
        }
    }

    @Test func oneInputThatFailsInABatchLeavesTheOthersStoredAndNothingOfItsOwn() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.store(try Self.prepared("C\n\nText of c.", id: "c", at: Self.day, in: archive))
            let batch = [
                try Self.prepared("A\n\nText of a.", id: "a", at: Self.day, in: archive),
                // Other content at an explicit time that c already has: refused.
                try Self.prepared("C\n\nOther text of c.", id: "c", at: Self.day, in: archive),
                try Self.prepared("D\n\nText of d.", id: "d", at: Self.day, in: archive),
            ]
            var staged: [PreparedIngest] = []
            for prepared in batch { staged.append(try await archive.stage(prepared)) }

            let outcomes = await archive.store(staged)

            #expect((try? outcomes[0].get()) != nil)
            #expect(throws: ArchiveError.self) { try outcomes[1].get() }
            #expect((try? outcomes[2].get()) != nil)
            #expect(try await archive.catalog.allVersions().map(\.documentID).sorted() == ["a", "c", "d"])
            #expect(try await archive.store.allKeys().count == 3)
            #expect(try Self.stagingFiles(of: archive).isEmpty)
            #expect(try await archive.verify().isClean)
        }
    }

    /// One input naming a document twice: the same item again is read once; two contents are refused before
    /// anything is staged (one capture holds one version of a document).
    @Test func aDocumentTwiceInOneInputIsReadOnceOrRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            func feed(_ first: String, _ second: String) -> Data {
                Data(
                    #"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "x", "content_text": "\#(first)"}, "#
                        .utf8
                ) + Data(#"{"id": "x", "content_text": "\#(second)"}]}"#.utf8)
            }
            var request = IngestRequest(data: feed("Same text.", "Same text."), name: "feed.json")
            request.capturedAt = Self.day
            let same = try Archive.prepare(request, registry: .builtIn, bundles: archive.settings.compression)
            let kinds = try await archive.store(try await archive.stage(same)).map { result -> String in
                if case .newVersion = result.outcome { return "new" } else { return "unchanged" }
            }
            #expect(kinds == ["new"])
            let error = try #require(throws: ArchiveError.self) {
                try Archive.prepare(
                    IngestRequest(data: feed("First text.", "Second text."), name: "feed.json"),
                    registry: .builtIn,
                    bundles: archive.settings.compression
                )
            }
            #expect(error.code == .captureConflict && error.message.contains("items 1 and 2 of 2"))
            #expect(try await archive.catalog.allVersions().count == 1)
            #expect(try Self.stagingFiles(of: archive).isEmpty)
            #expect(try await archive.verify().isClean)
        }
    }
}
