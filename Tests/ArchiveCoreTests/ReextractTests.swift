import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// `mura reextract`: stored originals read again by today's importers, the new documents kept beside the bundles.
@Suite struct ReextractTests {
    /// A release as a Kazakh government site prints it: headline, a standalone date line, body.
    private static let release = Data("Жаңа ереже\n\n12 наурыз 2024\n\nМинистрлік жаңа ережені бекітті.\n".utf8)

    /// The built-in importers, but the plain-text one as an older build had it: it found no title and no date.
    private static var yesterday: PluginRegistry {
        var registry = PluginRegistry.builtIn
        registry.register(importer: ForgetfulImporter(base: registry.importers.first { $0.descriptor.id == "text" }!))
        return registry
    }

    private func ingestWithYesterdaysImporter(_ archive: Archive, id: String = "kz/1") async throws -> Version {
        let results = try await archive.ingest(
            IngestRequest(
                data: Self.release,
                name: "release.txt",
                documentID: id,
                capturedAt: try ArchiveDate.parse("2024-03-12", field: "test")
            ),
            registry: Self.yesterday
        )
        guard case .newVersion(let version) = try #require(results.first).outcome else {
            throw ArchiveError(.invalidArgument, "expected a new version")
        }
        #expect(version.title == nil)
        return version
    }

    @Test func aChangedResultIsKeptBesideTheBundleAndUsedForListingsAndRenderings() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let version = try await ingestWithYesterdaysImporter(archive)
            let bundleBefore = try await archive.store.data(at: version.bundlePath)

            let report = try await archive.reextract(["kz/1"], registry: .builtIn)

            #expect(report.checkedVersions == 1)
            #expect(report.failures.isEmpty)
            let change = try #require(report.changes.first)
            #expect(change.versionID == version.id)
            #expect(change.changedFields.starts(with: ["title", "published"]))
            // The catalog lists the new title and date; the version row points at the new document.
            #expect(try await archive.catalog.document(id: "kz/1")?.title == "Жаңа ереже")
            let updated = try #require(try await archive.catalog.version(id: version.id))
            #expect(updated.extraction == change.extraction)
            #expect(updated.published == (try ArchiveDate.parse("2024-03-12", field: "test")))
            #expect(updated.sha256 == version.sha256 && updated.bundlePath == version.bundlePath)
            // Reads and renderings use the new document; the bundle and the original stay as captured.
            let content = try await archive.content(of: updated)
            #expect(content.document.title == "Жаңа ереже")
            #expect(content.original == Self.release)
            #expect(try await archive.store.data(at: version.bundlePath) == bundleBefore)
            let text = try #require(PluginRegistry.builtIn.exporters.first { $0.descriptor.id == "text" })
            let exported = try await archive.exportedVersion(updated, ordinal: 1, renderings: [text])
            #expect(
                String(decoding: try #require(exported.renderings.first).data, as: UTF8.self).contains("Жаңа ереже")
            )
            // The new document names what made it, and its event is in the provenance log.
            let stored = try ReextractedDocument.decode(
                try await archive.store.data(at: change.extraction),
                key: change.extraction,
                versionID: version.id
            )
            #expect(stored.importer == "text" && stored.originalSHA256 == version.sha256)
            #expect(stored.software == "Mura \(MuraVersion.current)")
            let events = try await archive.catalog.events(documentID: "kz/1").filter { $0.kind == .reextract }
            #expect(events.map(\.versionID) == [version.id, nil])
            #expect(try await archive.verify().isClean)
        }
    }

    @Test func aVersionWhoseResultIsTheSameIsLeftExactlyAsItWas() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingestWithYesterdaysImporter(archive)
            _ = try await archive.reextract([], registry: .builtIn)
            let versions = try await archive.catalog.allVersions()
            let files = try await archive.store.keys(withPrefix: ReextractedDocument.folder)

            let again = try await archive.reextract([], registry: .builtIn)

            #expect(again.changes.isEmpty && again.failures.isEmpty && again.unchanged == 1)
            #expect(try await archive.catalog.allVersions() == versions)
            #expect(try await archive.store.keys(withPrefix: ReextractedDocument.folder) == files)
            #expect(files.count == 1)
        }
    }

    @Test func aRebuiltCatalogKeepsTheNewestReextraction() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingestWithYesterdaysImporter(archive)
            _ = try await archive.reextract(["kz/1"], registry: .builtIn)
            let versions = try await archive.catalog.allVersions()

            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let fresh = try await archive.reopened(rebuildingCatalog: true)
            let report = try await fresh.rebuildCatalog()

            #expect(report.reextractedVersions == 1 && report.skippedExtractions.isEmpty)
            #expect(try await fresh.catalog.allVersions() == versions)
            #expect(try await fresh.catalog.document(id: "kz/1")?.title == "Жаңа ереже")
            #expect(try await fresh.catalog.events(documentID: "kz/1").contains { $0.kind == .reextract })
        }
    }

    /// A `reextract` killed after storing a new document and before the catalog recorded it: the next open removes
    /// that document (a rebuild would otherwise take it), and the next `reextract` stores one. A document the catalog
    /// records stays, though its staged record was left behind.
    @Test func anExtractionTheCatalogNeverRecordedIsRemovedWhenTheArchiveIsNextOpened() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let version = try await ingestWithYesterdaysImporter(archive)
            var document = try await archive.content(of: version).document
            document.title = "Left half done"
            let record = ReextractedDocument(
                versionID: version.id,
                documentID: version.documentID,
                importer: "text",
                extractedAt: ArchiveDate.roundedToMilliseconds(Date()),
                originalSHA256: version.sha256,
                document: document
            )
            let data = try record.encoded()
            let orphan = ReextractedDocument.key(
                versionID: version.id,
                extractedAt: record.extractedAt,
                sha256: Digest.sha256(data)
            )
            try await archive.store.commit(staged: try await archive.store.stage(data, for: orphan), as: orphan)

            let reopened = try await archive.reopened()
            #expect(try await !reopened.store.contains(orphan))
            #expect(try await reopened.store.interruptedCommits().isEmpty)
            #expect(try await reopened.catalog.version(id: version.id)?.extraction == nil)
            let withdrawn = try await reopened.catalog.events(documentID: version.documentID).filter {
                $0.kind == .reextract && $0.outcome == .failure
            }
            #expect(withdrawn.map(\.versionID) == [version.id])
            let report = try await reopened.reextract([], registry: .builtIn)
            let kept = try #require(report.changes.first?.extraction)
            #expect(try await reopened.store.keys(withPrefix: ReextractedDocument.folder) == [kept])

            _ = try await reopened.store.stage(try await reopened.store.data(at: kept), for: kept)
            let again = try await reopened.reopened()
            #expect(try await again.store.keys(withPrefix: ReextractedDocument.folder) == [kept])
            #expect(try await again.store.interruptedCommits().isEmpty)
            #expect(try await again.verify().isClean)
            // The same record left behind, and the catalog lost: the rebuild's catalog does not know the version
            // yet, so the document stays, and the rebuild takes it.
            _ = try await again.store.stage(try await again.store.data(at: kept), for: kept)
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: again.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let rebuilding = try await again.reopened(rebuildingCatalog: true)
            _ = try await rebuilding.rebuildCatalog()
            #expect(try await rebuilding.catalog.version(id: version.id)?.extraction == kept)
            #expect(try await rebuilding.store.contains(kept))
        }
    }

    @Test func aDamagedReextractionIsNamedByVerifyRefusedByReadsAndPassedOverByRebuild() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let version = try await ingestWithYesterdaysImporter(archive)
            let key = try #require(try await archive.reextract([], registry: .builtIn).changes.first).extraction
            let file = archive.root.appending(path: key)
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0x20
            try bytes.write(to: file)

            let problems = try await archive.verify().problems
            #expect(problems.count == 1)
            #expect(problems.first?.message.contains(key) == true)
            let updated = try #require(try await archive.catalog.version(id: version.id))
            await #expect(throws: ArchiveError.self) { try await archive.content(of: updated) }

            let report = try await archive.rebuildCatalog()
            #expect(report.reextractedVersions == 0)
            #expect(report.skippedExtractions.count == 1)
            let rebuilt = try #require(try await archive.catalog.version(id: version.id))
            #expect(rebuilt.extraction == nil && rebuilt.title == nil)
            #expect(try await archive.content(of: rebuilt).document.title == nil)
        }
    }

    @Test func aVersionThatCannotBeReadAgainIsReportedAndLeftAsItWas() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            var legacy = PluginRegistry.builtIn
            let text = legacy.importers.first { $0.descriptor.id == "text" }!
            legacy.register(importer: ForgetfulImporter(base: text, format: DocumentFormat("legacy")))
            _ = try await archive.ingest(
                IngestRequest(
                    data: Self.release,
                    name: "old.legacy",
                    format: DocumentFormat("legacy"),
                    documentID: "a"
                ),
                registry: legacy
            )
            _ = try await ingestWithYesterdaysImporter(archive, id: "b")
            let before = try await archive.catalog.versions(of: "a")

            let report = try await archive.reextract([], registry: .builtIn)

            #expect(report.failures.map(\.documentID) == ["a"])
            #expect(report.failures.first?.message.contains("legacy") == true)
            #expect(report.changes.map(\.documentID) == ["b"])
            #expect(try await archive.catalog.versions(of: "a") == before)
            let event = try #require(try await archive.catalog.events(documentID: nil).last)
            #expect(event.kind == .reextract && event.outcome == .failure)
        }
    }

    @Test func anImporterThatNowFailsWithItsOwnErrorFailsOnlyThatVersion() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await ingestWithYesterdaysImporter(archive, id: "a")
            _ = try await ingestWithYesterdaysImporter(archive, id: "b")
            let before = try await archive.catalog.allVersions()
            var today = PluginRegistry.builtIn
            today.register(importer: RefusingImporter(base: today.importers.first { $0.descriptor.id == "text" }!))

            let report = try await archive.reextract([], registry: today)

            #expect(report.failures.map(\.documentID) == ["a", "b"])
            #expect(report.failures.first?.message.contains("now refuses") == true)
            #expect(try await archive.catalog.allVersions() == before)
        }
    }
}

/// An importer that, under the plain-text importer's format, refuses everything with an error type of its own.
private struct RefusingImporter: DocumentImporter {
    struct Refusal: Error {}
    let base: any DocumentImporter
    var descriptor: PluginDescriptor { base.descriptor }
    func sniff(_ request: SniffRequest) -> Double { base.sniff(request) }
    func importDocuments(_ request: ImportRequest) throws -> [ImportedDocument] { throw Refusal() }
}
