import ArchiveCore
import ArchiveTesting
import Dispatch
import Foundation
import Testing

@Suite struct CatalogLookupTests {
    /// Dated lookups run on the calling thread, beside asynchronous reads of the same catalog, many more of both than
    /// the catalog has readers and Swift concurrency has threads: all finish. A lookup that took a reader of the pool
    /// could wait for ever, every thread held by a waiting lookup and every reader by a task that needs a thread to
    /// give its reader back.
    @Test func lookupsBesideAsynchronousReadsAllFinish() async throws {
        try await withTemporaryFolder { folder in
            let catalog = try SQLiteCatalog(path: folder.appending(path: "catalog.sqlite").path)
            let finished = DispatchSemaphore(value: 0)
            let reads = Task.detached {
                defer { finished.signal() }
                return try await withThrowingTaskGroup(of: Int.self) { group in
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
            guard Self.wait(for: finished, seconds: 60) else {
                // The concurrency threads are stuck, so the test could not even be reported: the run stops, saying why.
                FileHandle.standardError.write(
                    Data(
                        ("CatalogLookupTests: 2,000 catalog reads did not finish in a minute; dated lookups wait for "
                            + "readers that suspended tasks hold (a deadlock). Stopping the test run.\n").utf8
                    )
                )
                exit(1)
            }
            #expect(try await reads.value == 2_000)
        }
    }

    /// Blocks the calling thread, as it must: when the concurrency threads are all stuck, no `await` would return.
    private static func wait(for semaphore: DispatchSemaphore, seconds: Int) -> Bool {
        semaphore.wait(timeout: .now() + .seconds(seconds)) == .success
    }
}
