import ArchiveBuiltins
import ArchiveTesting
import Dispatch
import Foundation
import GRDB
import Testing

@testable import ArchiveCore

@Suite struct CatalogLookupTests {
    /// Dated lookups run on the calling thread, beside asynchronous reads of the same catalog, many more of both than
    /// the catalog has readers and Swift concurrency has threads: all finish. A lookup that took a reader of the pool
    /// could wait for ever, every thread held by a waiting lookup and every reader by a task that needs a thread to
    /// give its reader back.
    @Test func lookupsBesideAsynchronousReadsAllFinish() async throws {
        try await withTemporaryFolder { folder in
            let catalog = try SQLiteCatalog(path: folder.appending(path: "catalog.sqlite").path)
            // The watchdog runs on a Dispatch thread, not a concurrency thread: when those are all stuck, no `await`
            // returns and the test could not even be reported, so the run stops, saying why. It blocks no
            // concurrency thread while it waits, and allows for a machine busy with the other tests.
            let watchdog = DispatchWorkItem {
                FileHandle.standardError.write(
                    Data(
                        ("CatalogLookupTests: 2,000 catalog reads did not finish in three minutes; dated lookups wait "
                            + "for readers that suspended tasks hold (a deadlock). Stopping the test run.\n").utf8
                    )
                )
                exit(1)
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(180), execute: watchdog)
            defer { watchdog.cancel() }
            let reads = Task.detached {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for number in 0..<2_000 {
                        group.addTask {
                            let id = "press/\(number % 7)"
                            if number.isMultiple(of: 2) { _ = try await catalog.timeline(of: id, at: .now) }
                            _ = try await catalog.versions(of: id)
                            return 1
                        }
                    }
                    return try await group.reduce(0, +)
                }
            }
            #expect(try await reads.value == 2_000)
        }
    }

    /// A lookup that fails ends its transaction: its connection goes back to the others, and one left in a transaction
    /// would keep the old snapshot, not seeing what was written since (GRDB stops the process before that).
    @Test func aLookupThatFailsKeepsNoSnapshot() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let catalog = try #require(archive.catalog as? SQLiteCatalog)
            try await ingest("The first text.", at: "2024-01-01", into: archive)
            #expect(try await catalog.timeline(of: "news/1", at: .distantFuture).versions.count == 1)
            struct Stop: Error {}
            #expect(throws: ArchiveError.self) {
                try catalog.readInPlace { db in
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM version")
                    throw Stop()
                }
            }
            try await ingest("The second text.", at: "2024-02-01", into: archive)
            #expect(try await catalog.timeline(of: "news/1", at: .distantFuture).versions.count == 2)
        }
    }

    /// Lookups at the same time each take a connection of their own; once they are done, no more stay open than
    /// ``LookupConnection/idleLimit``.
    @Test func lookupsAtOnceOpenConnectionsAndFewStayOpen() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let catalog = try #require(archive.catalog as? SQLiteCatalog)
            try await ingest("The first text.", at: "2024-01-01", into: archive)
            // Lookups inside lookups: each holds its connection while the next one runs.
            let depth = LookupConnection.idleLimit + 3
            func look(_ level: Int) throws -> Int {
                try catalog.readInPlace { db in
                    let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM version") ?? 0
                    return level == 1 ? count : count + (try look(level - 1))
                }
            }
            #expect(try look(depth) == depth)
            #expect(catalog.idleLookupConnections == LookupConnection.idleLimit)
        }
    }

    private func ingest(_ text: String, at day: String, into archive: Archive) async throws {
        _ = try await archive.ingest(
            IngestRequest(
                data: Data(text.utf8),
                name: "news/1.txt",
                fileName: "page.txt",
                documentID: "news/1",
                capturedAt: try ArchiveDate.parse(day, field: "test")
            ),
            registry: .builtIn
        )
    }
}
