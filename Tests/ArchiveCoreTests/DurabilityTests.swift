import ArchiveBuiltins
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveCore

/// What the archive acknowledged survives a power cut: the catalog syncs its log at every commit.
@Suite struct DurabilityTests {
    @Test func theCatalogSyncsEveryCommit() async throws {
        let folder = try TemporaryFolder()
        let archive = try await Archive.create(at: folder.url.appending(path: "archive"), logger: .silent)
        _ = try await archive.ingest(
            IngestRequest(
                data: Data("Note\n\nText.".utf8),
                name: "note",
                format: DocumentFormat("text"),
                documentID: "note"
            ),
            registry: .builtIn
        )
        let catalog = try #require(archive.catalog as? SQLiteCatalog)
        // 2 is FULL; GRDB's default for WAL databases is 1 (NORMAL), which syncs only at checkpoints.
        #expect(try catalog.writerPragma("synchronous") == "2")
        #expect(try catalog.writerPragma("journal_mode") == "wal")
        let reopened = try await Archive.open(at: archive.root, logger: .silent)
        #expect(try (reopened.catalog as? SQLiteCatalog)?.writerPragma("synchronous") == "2")
    }
}
