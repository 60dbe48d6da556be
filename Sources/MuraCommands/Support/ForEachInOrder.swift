import ArchiveServer

/// Runs `work` on up to `width` items at a time and hands the results to `consume` in the items' order.
///
/// `work` runs as a task and does its blocking part on threads of its own (``BlockingPool/result(_:)``), never on
/// the Swift concurrency pool; up to `width` more items are started while results wait to be consumed: a slow
/// `consume` (writing an archive, waiting for the disk) never leaves a core idle. At most `2 × width` items are
/// started and not yet consumed at any time, so memory stays bounded however many items there are and however long
/// one of them takes (the items after a slow one wait for it instead of piling up behind it).
func forEachInOrder<Item: Sendable, Output: Sendable>(
    _ items: [Item],
    width: Int,
    work: @escaping @Sendable (Item) async -> Output,
    consume: (Item, Output) async throws -> Void
) async throws {
    try await forEachInOrder(items, width: width, batches: 1, work: work) { batch in
        for (item, output) in batch { try await consume(item, output) }
    }
}

/// ``forEachInOrder(_:width:work:consume:)`` that hands `consume` every result ready in order at once, up to
/// `batches` of them (storing several inputs together costs less than storing each alone). At most
/// `width + max(width, batches)` items are started and not yet consumed at any time, so that `width` more are
/// worked on while a whole batch is consumed.
func forEachInOrder<Item: Sendable, Output: Sendable>(
    _ items: [Item],
    width: Int,
    batches: Int,
    work: @escaping @Sendable (Item) async -> Output,
    consume: ([(Item, Output)]) async throws -> Void
) async throws {
    let width = max(width, 1)
    let batches = max(batches, 1)
    let limit = width + max(width, batches)
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var next = 0
        var waiting: [Int: Output] = [:]
        var consumed = 0
        func startWhileRoom() {
            while next < items.count, next - consumed < limit {
                let index = next
                let item = items[index]
                group.addTask { (index, await work(item)) }
                next += 1
            }
        }
        startWhileRoom()
        while let (index, output) = try await group.next() {
            waiting[index] = output
            while waiting[consumed] != nil {
                var batch: [(Item, Output)] = []
                while batch.count < batches, let ready = waiting.removeValue(forKey: consumed + batch.count) {
                    batch.append((items[consumed + batch.count], ready))
                }
                try await consume(batch)
                consumed += batch.count
                startWhileRoom()
            }
            startWhileRoom()
        }
    }
}

extension BlockingPool {
    /// Runs `body` on one of the pool's threads and returns what it returned or threw.
    func result<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async -> Result<T, any Error> {
        do { return .success(try await run(body)) } catch { return .failure(error) }
    }
}
