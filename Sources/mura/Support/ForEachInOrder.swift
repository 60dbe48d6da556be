/// Runs `work` on up to `width` items at a time and hands the results to `consume` in the items' order.
///
/// At most `width` results wait for an earlier one, so memory stays bounded however many items there are.
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
        for _ in 0..<min(max(width, 1), items.count) {
            let index = next
            group.addTask { (index, work(items[index])) }
            next += 1
        }
        while let (index, output) = try await group.next() {
            waiting[index] = output
            while let ready = waiting.removeValue(forKey: printed) {
                try consume(items[printed], ready)
                printed += 1
            }
            if next < items.count {
                let index = next
                group.addTask { (index, work(items[index])) }
                next += 1
            }
        }
    }
}
