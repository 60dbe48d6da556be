/// The offsets of the elements a diff removes from one sequence and inserts into another, found in time that stays
/// near linear however much differs.
///
/// `CollectionDifference` (Myers' algorithm) costs about (old + new) × the number of differences: two versions of
/// 50,000 paragraphs that each changed a word took minutes. Here the common start and end are set aside first;
/// what remains is diffed whole only when that cost is small however much differs, and otherwise cut at the
/// elements that occur once in each side (in the order both keep, as patience diff does), the stretches between
/// them diffed the same way.
/// A stretch with no such element that is still too costly is all removed and inserted: its elements are paired by
/// position by ``TextComparison``, which compares their words.
struct EditOffsets<Element: Hashable> {
    private(set) var removed = Set<Int>()
    private(set) var inserted = Set<Int>()

    /// The most (old + new) × (most differences there can be) a stretch is diffed whole at.
    static var budget: Int { 4_000_000 }

    init(from old: [Element], to new: [Element]) {
        align(old, 0..<old.count, new, 0..<new.count)
    }

    private mutating func align(_ old: [Element], _ oldRange: Range<Int>, _ new: [Element], _ newRange: Range<Int>) {
        var (oldStart, newStart, oldEnd, newEnd) = (
            oldRange.lowerBound, newRange.lowerBound, oldRange.upperBound,
            newRange.upperBound
        )
        while oldStart < oldEnd, newStart < newEnd, old[oldStart] == new[newStart] {
            oldStart += 1
            newStart += 1
        }
        while oldEnd > oldStart, newEnd > newStart, old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }
        let oldPart = old[oldStart..<oldEnd]
        let newPart = new[newStart..<newEnd]
        if oldPart.isEmpty || newPart.isEmpty {
            removed.formUnion(oldStart..<oldEnd)
            inserted.formUnion(newStart..<newEnd)
            return
        }
        // Myers' cost is about size × differences (and its memory grows with the square of the differences). The
        // anchors are a common subsequence, so at most size − 2 × anchors differences remain: a bound that holds
        // however the paragraphs moved.
        let size = oldPart.count + newPart.count
        let anchors =
            size * size <= Self.budget ? [] : Self.uniqueAnchors(old, oldStart..<oldEnd, new, newStart..<newEnd)
        if size * (size - 2 * anchors.count) <= Self.budget {
            for change in Array(newPart).difference(from: Array(oldPart)) {
                switch change {
                case .remove(let offset, _, _): removed.insert(oldStart + offset)
                case .insert(let offset, _, _): inserted.insert(newStart + offset)
                }
            }
            return
        }
        guard !anchors.isEmpty else {
            removed.formUnion(oldStart..<oldEnd)
            inserted.formUnion(newStart..<newEnd)
            return
        }
        var (oldFrom, newFrom) = (oldStart, newStart)
        for (oldAnchor, newAnchor) in anchors {
            align(old, oldFrom..<oldAnchor, new, newFrom..<newAnchor)
            (oldFrom, newFrom) = (oldAnchor + 1, newAnchor + 1)
        }
        align(old, oldFrom..<oldEnd, new, newFrom..<newEnd)
    }

    /// The elements that occur exactly once in each range, as (old, new) offsets, keeping the longest run of them in
    /// the same order on both sides (patience sorting).
    private static func uniqueAnchors(
        _ old: [Element],
        _ oldRange: Range<Int>,
        _ new: [Element],
        _ newRange: Range<Int>
    ) -> [(Int, Int)] {
        var oldPlaces: [Element: Int] = [:]
        for index in oldRange { oldPlaces[old[index]] = oldPlaces[old[index]] == nil ? index : -1 }
        var newPlaces: [Element: Int] = [:]
        for index in newRange { newPlaces[new[index]] = newPlaces[new[index]] == nil ? index : -1 }
        var pairs: [(old: Int, new: Int)] = []
        for index in newRange {
            if let newPlace = newPlaces[new[index]], newPlace >= 0, let oldPlace = oldPlaces[new[index]], oldPlace >= 0
            {
                pairs.append((oldPlace, newPlace))
            }
        }
        // Longest increasing run of old offsets, in new order: the top of each pile, and each pair's predecessor.
        var tops: [Int] = []
        var previous = [Int](repeating: -1, count: pairs.count)
        for (number, pair) in pairs.enumerated() {
            var low = 0
            var high = tops.count
            while low < high {
                let middle = (low + high) / 2
                if pairs[tops[middle]].old < pair.old { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[number] = tops[low - 1] }
            if low == tops.count { tops.append(number) } else { tops[low] = number }
        }
        var run: [(Int, Int)] = []
        var current = tops.last ?? -1
        while current >= 0 {
            run.append((pairs[current].old, pairs[current].new))
            current = previous[current]
        }
        return run.reversed()
    }
}
