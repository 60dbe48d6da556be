import Foundation
import Synchronization
import Testing

@testable import MuraCommands

/// The batch pipeline behind `mura ingest` and `mura inspect`.
@Suite struct ForEachInOrderTests {
    /// Counts items started and consumed, and the most ever started but not yet consumed.
    final class Tally: Sendable {
        private struct Counts {
            var started = 0
            var consumed = 0
            var mostHeld = 0
        }

        private let counts = Mutex(Counts())

        func start() {
            counts.withLock { counts in
                counts.started += 1
                counts.mostHeld = max(counts.mostHeld, counts.started - counts.consumed)
            }
        }

        func consume() { counts.withLock { $0.consumed += 1 } }
        var mostHeld: Int { counts.withLock { $0.mostHeld } }
    }

    @Test func oneSlowInputDoesNotLetTheOthersPileUpInMemory() async throws {
        // Given: 200 inputs, of which the first takes far longer to read than all the others together
        let tally = Tally()
        var order: [Int] = []

        // When
        try await forEachInOrder(Array(0..<200), width: 2) { item in
            tally.start()
            if item == 0 { try? await Task.sleep(for: .milliseconds(500)) }
            return item * 10
        } consume: { item, output in
            tally.consume()
            order.append(output / 10)
            #expect(output == item * 10)
        }

        // Then: every result arrives in order, and no more than 2 × width were ever held at once
        #expect(order == Array(0..<200))
        #expect(tally.mostHeld <= 4, "\(tally.mostHeld) inputs were held at once")
    }

    @Test func aSlowConsumerStillHasTheNextInputsReady() async throws {
        // Given: fast work and a consumer that waits (like a write that waits for the disk)
        let tally = Tally()
        var consumed = 0

        // When
        try await forEachInOrder(Array(0..<20), width: 3) { item in
            tally.start()
            return item
        } consume: { _, _ in
            usleep(10_000)
            tally.consume()
            consumed += 1
        }

        // Then: work ran ahead of the consumer, within the bound
        #expect(consumed == 20)
        #expect(tally.mostHeld > 1)
        #expect(tally.mostHeld <= 6)
    }
}
