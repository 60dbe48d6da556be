import ArchiveCore

/// Runs `work` on up to `width` items at a time and hands the results to `consume` in the items' order.
///
/// The work runs on Dispatch's threads, not on the Swift concurrency pool, and up to `width` more items are
/// queued while results wait to be consumed: a slow `consume` (writing an archive, waiting for the disk) never
/// leaves a core idle. At most `2 × width` results are held at once, so memory stays bounded however many items
/// there are.
func forEachInOrder<Item: Sendable, Output: Sendable>(
    _ items: [Item],
    width: Int,
    work: @escaping @Sendable (Item) -> Output,
    consume: (Item, Output) throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var next = 0
        var waiting: [Int: Output] = [:]
        var printed = 0
        func start() {
            let index = next
            let item = items[index]
            group.addTask { (index, try await BlockingWork.run { work(item) }) }
            next += 1
        }
        for _ in 0..<min(2 * max(width, 1), items.count) { start() }
        while let (index, output) = try await group.next() {
            waiting[index] = output
            if next < items.count { start() }
            while let ready = waiting.removeValue(forKey: printed) {
                try consume(items[printed], ready)
                printed += 1
            }
        }
    }
}
