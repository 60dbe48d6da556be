import Testing

@testable import ArchiveCore

/// ``EditOffsets`` gives a valid edit script always, the shortest one where the diff is cheap, and stays near linear
/// where everything differs.
@Suite struct EditOffsetsTests {
    /// What is left of each side once the removed and the inserted elements are taken out: the same, in order.
    static func expectValid<Element: Hashable>(_ offsets: EditOffsets<Element>, _ old: [Element], _ new: [Element]) {
        let keptOld = old.indices.filter { !offsets.removed.contains($0) }.map { old[$0] }
        let keptNew = new.indices.filter { !offsets.inserted.contains($0) }.map { new[$0] }
        #expect(keptOld == keptNew)
    }

    @Test func smallSequencesGetTheShortestScript() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let old = (0..<Int.random(in: 0...40, using: &generator)).map { _ in Int.random(in: 0..<6) }
            let new = (0..<Int.random(in: 0...40, using: &generator)).map { _ in Int.random(in: 0..<6) }
            let offsets = EditOffsets(from: old, to: new)
            Self.expectValid(offsets, old, new)
            let shortest = new.difference(from: old).count
            #expect(offsets.removed.count + offsets.inserted.count == shortest, "\(old) \(new)")
        }
    }

    /// Forty thousand paragraphs, each with a word changed, some moved and a few kept: past the budget of a whole
    /// diff, the paragraphs kept and in order are still found by the ones that occur once on each side.
    @Test func longSequencesThatDifferEverywhereKeepTheirUniqueAnchors() {
        let count = 40_000
        let old = (0..<count).map { "paragraph \($0) reads one way" }
        var new = (0..<count).map { $0 % 1_000 == 0 ? old[$0] : "paragraph \($0) reads another way" }
        new.swapAt(10_000, 30_000)
        let offsets = EditOffsets(from: old, to: new)
        Self.expectValid(offsets, old, new)
        // Every paragraph kept is found, but for the two swapped (both are kept ones: either breaks the order).
        #expect(old.count - offsets.removed.count == count / 1_000 - 2)
    }

    /// Half of a long text moved to its end: the elements all sides hold are the same, so only the anchors bound the
    /// cost (a whole diff of such a move took minutes and gigabytes); the half kept in order is found.
    @Test func aLongTextWithHalfOfItMovedKeepsTheOtherHalf() {
        let old = (0..<20_000).map { "row \($0)" }
        let new = Array(old[10_000...] + old[..<10_000])
        let offsets = EditOffsets(from: old, to: new)
        Self.expectValid(offsets, old, new)
        #expect(offsets.removed.count == 10_000 && offsets.inserted.count == 10_000)
    }
}
