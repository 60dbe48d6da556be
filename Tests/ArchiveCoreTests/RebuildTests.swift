import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct RebuildTests {
    @Test func rebuildFromBundlesGivesTheSameDocumentsVersionsAndObservations() async throws {
        try await withTemporaryFolder { folder in
            // Given: three documents, a backfill, and an unchanged capture
            let archive = try await Archive.makeForTesting(in: folder)
            let inputs: [(String, String, String)] = [
                ("news/1", "Title\n\nOne.", "2022-03-01"),
                ("news/1", "Title\n\nTwo.", "2022-04-01"),
                ("news/1", "Title\n\nZero.", "2022-01-01"),
                ("news/1", "Title\n\nTwo.", "2022-05-01"),
                ("https://example.org/kk", "Жаңалық\n\nЖарияланған күні: 20 наурыз 2024\n\nМәтін.", "2024-03-20"),
                ("docs/ru", "Документ\n\nТекст.", "2024-01-01"),
            ]
            for (id, text, date) in inputs {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: id,
                        documentID: id,
                        capturedAt: try ArchiveDate.parse(date, field: "test")
                    ),
                    registry: .builtIn
                )
            }
            let documents = try await archive.catalog.documents()
            let versions = try await archive.catalog.allVersions()
            let observations = try await archive.catalog.observations(of: "news/1")

            // When: the catalog file is deleted and rebuilt from the bundles alone
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            // An empty catalog file (truncated) is no catalog either: SQLite would take it for a new one.
            let catalogFile = archive.root.appending(path: "catalog.sqlite")
            try Data().write(to: catalogFile)
            let empty = try await #require(throws: ArchiveError.self) { try await archive.reopened() }
            #expect(empty.code == .catalog && empty.message.contains("is empty"), "\(empty)")
            #expect(try Data(contentsOf: catalogFile).isEmpty)
            try FileManager.default.removeItem(at: catalogFile)
            // Opened for anything but a rebuild, the archive is refused: its bundles are not an empty archive.
            let refused = try await #require(throws: ArchiveError.self) { try await archive.reopened() }
            #expect(refused.code == .catalog && refused.message.contains("mura catalog rebuild"), "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: archive.root.appending(path: "catalog.sqlite").path))
            let fresh = try await archive.reopened(rebuildingCatalog: true)
            #expect(try await fresh.catalog.documents().isEmpty)
            let report = try await fresh.rebuildCatalog()

            // Then: everything is back
            #expect(report == RebuildReport(documents: 3, versions: 5, observations: 1, recoveredEvents: 6))
            #expect(try await fresh.catalog.allVersions() == versions)
            #expect(try await fresh.catalog.observations(of: "news/1") == observations)
            #expect(try await fresh.catalog.documents().map(\.id) == documents.map(\.id))
            #expect(try await fresh.catalog.documents().map(\.versionCount) == documents.map(\.versionCount))
            #expect(try await fresh.verify().isClean)
        }
    }

    /// A version whose bundle is gone does not come back, and the rebuild names it, as `verify` said it would.
    @Test func aVersionWhoseBundleIsGoneIsNamedAsDropped() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for (day, text) in [("01", "T\n\nOne."), ("02", "T\n\nTwo."), ("03", "T\n\nThree.")] {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "a",
                        documentID: "a",
                        capturedAt: try ArchiveDate.parse("2024-01-\(day)", field: "date")
                    ),
                    registry: .builtIn
                )
            }
            let lost = try await archive.catalog.versions(of: "a")[1]
            try FileManager.default.removeItem(at: archive.root.appending(path: lost.bundlePath))
            let report = try await archive.rebuildCatalog()
            #expect(report.versions == 2)
            #expect(report.droppedVersions.count == 1, "\(report.droppedVersions)")
            #expect(report.droppedVersions.first?.contains(lost.id) == true)
            #expect(report.droppedVersions.first?.contains("2024-01-02") == true)
            #expect(try await archive.catalog.events(documentID: nil).contains { $0.detail.contains("dropped 1") })
        }
    }

    /// A catalog SQLite finds damaged cannot be emptied and filled again: it is moved aside and a new one is built.
    @Test(arguments: [0, 4096])
    func aDamagedCatalogIsMovedAsideAndRebuilt(offset: Int) async throws {
        try await withTemporaryFolder { folder in
            // Written and closed, as a process that ended leaves an archive.
            let (root, versions) = try await { () async throws -> (URL, [Version]) in
                let archive = try await Archive.makeForTesting(in: folder)
                for number in 1...40 {
                    _ = try await archive.ingest(
                        IngestRequest(data: Data("N\n\nText \(number).".utf8), name: "n", documentID: "n\(number)"),
                        registry: .builtIn
                    )
                }
                return (archive.root, try await archive.catalog.allVersions())
            }()
            // The header (not a database at all), or the pages after it (malformed).
            let file = try FileHandle(forWritingTo: root.appending(path: "catalog.sqlite"))
            try file.seek(toOffset: UInt64(offset))
            try file.write(contentsOf: Data(repeating: 0xFF, count: 8192))
            try file.close()
            let report = try await Archive.rebuildCatalog(at: root, logger: .silent)
            let aside = try #require(report.damagedCatalog)
            #expect(FileManager.default.fileExists(atPath: aside))
            let rebuilt = try await Archive.open(at: root, logger: .silent)
            #expect(try await rebuilt.catalog.allVersions().map(\.id).sorted() == versions.map(\.id).sorted())
            #expect(try await rebuilt.verify().isClean)
        }
    }

    @Test func rebuildRefusesUnreadableBundlesAndKeepsTheCatalog() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let result = try await archive.ingest(
                IngestRequest(data: Data("T\n\nBody.".utf8), name: "a", documentID: "a"),
                registry: .builtIn
            )
            guard case .newVersion(let version) = try #require(result.first).outcome else { return }
            try Data("not a bundle".utf8).write(to: archive.root.appending(path: version.bundlePath))
            let error = try await #require(throws: ArchiveError.self) { try await archive.rebuildCatalog() }
            #expect(error.message.contains(version.bundlePath))
            #expect(try await archive.catalog.versions(of: "a") == [version])
        }
    }

    /// A rebuild where the catalog was gone that stops before it ends (here on a damaged bundle; a kill does the same)
    /// leaves a catalog of part of the archive: every other command refuses it until a rebuild completes.
    @Test func aRebuildThatStoppedLeavesACatalogNothingElseOpens() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            var bundles: [String] = []
            for id in ["a", "b"] {
                let result = try await archive.ingest(
                    IngestRequest(data: Data("T\n\nBody of \(id).".utf8), name: id, documentID: id),
                    registry: .builtIn
                )
                guard case .newVersion(let version) = try #require(result.first).outcome else { return }
                bundles.append(version.bundlePath)
            }
            let root = archive.root
            let bundle = root.appending(path: bundles[1])
            let kept = try Data(contentsOf: bundle)
            try Data("not a bundle".utf8).write(to: bundle)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: root.appending(path: "catalog.sqlite\(suffix)"))
            }
            await #expect(throws: ArchiveError.self) { try await Archive.rebuildCatalog(at: root, logger: .silent) }
            let refused = await #expect(throws: ArchiveError.self) { try await Archive.open(at: root, logger: .silent) }
            #expect(refused?.message.contains("stopped before it ended") == true, "\(String(describing: refused))")

            try kept.write(to: bundle)
            #expect(try await Archive.rebuildCatalog(at: root, logger: .silent).versions == 2)
            let rebuilt = try await Archive.open(at: root, logger: .silent)
            #expect(try await rebuilt.catalog.allVersions().count == 2)
            #expect(try await rebuilt.verify().isClean)
        }
    }

    @Test func strayFilesAreIgnoredAndAnEmptyStoreIsNotTakenForAnEmptyArchive() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.ingest(
                IngestRequest(data: Data("T\n\nBody.".utf8), name: "a", documentID: "a"),
                registry: .builtIn
            )
            try Data("finder".utf8).write(to: archive.root.appending(path: "bundles/.DS_Store"))
            try Data("notes".utf8).write(to: archive.root.appending(path: "bundles/notes.txt"))
            #expect(try await archive.verify().isClean)
            #expect(try await archive.rebuildCatalog().versions == 1)

            let bundles = archive.root.appending(path: "bundles")
            try FileManager.default.moveItem(at: bundles, to: folder.appending(path: "elsewhere"))
            let error = try await #require(throws: ArchiveError.self) { try await archive.rebuildCatalog() }
            #expect(error.message.contains("--allow-empty"))
            #expect(try await archive.catalog.allVersions().count == 1)
            #expect(try await archive.rebuildCatalog(allowEmpty: true).versions == 0)
        }
    }

    @Test func aStrayBundleGivesWayAndTwoUnknownOnesAreNamed() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let date = try ArchiveDate.parse("2022-01-01", field: "test")
            let result = try await archive.ingest(
                IngestRequest(data: Data("T\n\nBody.".utf8), name: "a", documentID: "a", capturedAt: date),
                registry: .builtIn
            )
            guard case .newVersion(let version) = try #require(result.first).outcome else { return }
            // A copy under another version id, as a crash between commit and catalog row could leave.
            var files = try LibArchiveReader.files(at: archive.root.appending(path: version.bundlePath))
            let info = try #require(files.firstIndex { $0.path == "bag-info.txt" })
            let text = String(decoding: files[info].data, as: UTF8.self).replacingOccurrences(
                of: version.id,
                with: "copy"
            )
            let bag = try BagValidator.validate(files, name: "x").get()
            files = Bag(
                info: bag.info.map { $0.label == "Mura-Version-ID" ? .init($0.label, "copy") : $0 },
                payload: bag.payload
            ).files()
            #expect(text.contains("copy"))
            let copy = BundleLayout.key(forVersion: "copy", compression: .default)
            try FileManager.default.createDirectory(
                at: archive.root.appending(path: copy).deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try LibArchiveWriter.write(
                files,
                to: archive.root.appending(path: copy),
                format: .bundle(.default),
                modified: date
            )
            // The copy the catalog never recorded gives way: it is set aside, and the rebuild goes on.
            let report = try await archive.rebuildCatalog()
            #expect(report.versions == 1)
            #expect(try await archive.catalog.version(id: version.id) != nil)
            #expect(FileManager.default.fileExists(atPath: archive.root.appending(path: "set-aside/\(copy)").path))
            #expect(try await !archive.store.contains(copy))
            // When the catalog knows neither (it was lost), both are named and nothing changes.
            try FileManager.default.moveItem(
                at: archive.root.appending(path: "set-aside/\(copy)"),
                to: archive.root.appending(path: copy)
            )
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let fresh = try await Archive.open(at: archive.root, logger: .silent, rebuildingCatalog: true)
            let error = try await #require(throws: ArchiveError.self) { try await fresh.rebuildCatalog() }
            #expect(error.message.contains(copy) && error.message.contains(version.bundlePath))
        }
    }

    /// What an archivist would miss after losing the catalog: tokens and the events of operations come back from
    /// their journals, ingest events from the versions and captures.
    /// A token whose creation failed part way (its event could not be written, as on a full disk) is not left usable,
    /// listed, or brought back by a rebuilt catalog.
    @Test func aTokenWhoseCreationFailedIsWithdrawn() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.createAccessToken(role: .read, name: "kept")
            let events = archive.root.appending(path: "journal/events.jsonl")
            let written = try Data(contentsOf: events)
            try FileManager.default.removeItem(at: events)
            try FileManager.default.createDirectory(at: events, withIntermediateDirectories: false)
            await #expect(throws: (any Error).self) { try await archive.createAccessToken(role: .write, name: "lost") }
            #expect(try await archive.accessTokens.tokens().map(\.name) == ["kept"])
            try FileManager.default.removeItem(at: events)
            try written.write(to: events)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let rebuilt = try await archive.reopened(rebuildingCatalog: true)
            _ = try await rebuilt.rebuildCatalog()
            #expect(try await rebuilt.accessTokens.tokens().map(\.name) == ["kept"])
        }
    }

    @Test func aRebuiltCatalogKeepsTokensAndProvenance() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for (day, text) in [("01", "T\n\nA."), ("02", "T\n\nA."), ("03", "T\n\nB.")] {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "a",
                        documentID: "a",
                        sourceURL: "https://example.org/a",
                        capturedAt: try ArchiveDate.parse("2024-01-\(day)", field: "date")
                    ),
                    registry: .builtIn
                )
            }
            let kept = try await archive.createAccessToken(role: .write, name: "cms")
            let gone = try await archive.createAccessToken(role: .read, name: "old")
            try await archive.revokeAccessToken(id: gone.token.id)
            _ = try await archive.verify()
            _ = try await archive.exportBag(ExportSelection(), to: folder.appending(path: "bag"))
            let before = try await archive.catalog.events(documentID: nil)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let reopened = try await archive.reopened(rebuildingCatalog: true)
            let report = try await reopened.rebuildCatalog()
            #expect(report.recoveredTokens == 1)
            #expect(try await reopened.accessToken(forSecret: kept.secret)?.name == "cms")
            #expect(try await reopened.accessToken(forSecret: gone.secret) == nil)
            #expect(try await reopened.catalog.documents().first?.source == "https://example.org/a")
            let after = try await reopened.catalog.events(documentID: nil)
            for kind in [ProvenanceEvent.Kind.verify, .export, .access] {
                #expect(
                    after.filter { $0.kind == kind }.map(\.detail) == before.filter { $0.kind == kind }.map(\.detail),
                    "\(kind.rawValue) events"
                )
            }
            #expect(after.filter { $0.kind == .ingest && $0.outcome == .success }.count == 2)
            #expect(after.filter { $0.kind == .ingest && $0.outcome == .unchanged }.count == 1)
            // A second rebuild adds nothing but its own event, and neither does a rebuild of an intact catalog
            // after more operations.
            let again = try await reopened.rebuildCatalog()
            #expect(again.recoveredEvents == 0 && again.recoveredTokens == 0)
            for _ in 0..<20 { _ = try await reopened.verify() }
            _ = try await reopened.createAccessToken(role: .read)
            #expect(try await reopened.rebuildCatalog().recoveredEvents == 0)
        }
    }
}
