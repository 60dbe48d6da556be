/// Two texts as lists of paragraphs, compared: the paragraphs that differ, with their changed words, and the share of
/// words changed. Built on ``EditOffsets`` (paragraphs first, then words within a changed paragraph).
struct TextComparison {
    private(set) var changes: [DocumentDiff.ParagraphChange] = []
    private(set) var changedShare: Double = 0

    /// A removed and an added paragraph at the same place are one changed paragraph when this share of the longer
    /// one's words are in both.
    static let pairingSimilarity = 1.0 / 3.0
    /// Paragraphs whose word counts multiply past this are compared whole (removed and added), not word by word: the
    /// word diff's cost grows with that product when they have little in common.
    static let maximumWordComparison = 25_000_000
    /// Past this many (removed × added) paragraphs in one place, a removed paragraph is only paired with the added
    /// one at its own position.
    static let maximumPairings = 10_000

    init(old: [String], new: [String]) {
        let oldWords = old.map(Self.words)
        let newWords = new.map(Self.words)
        let (removed, inserted) = Self.offsets(from: old, to: new)
        var changedWords = 0
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, newIndex < new.count, !removed.contains(oldIndex), !inserted.contains(newIndex) {
                oldIndex += 1
                newIndex += 1
                continue
            }
            var hunkOld: [Int] = []
            while oldIndex < old.count, removed.contains(oldIndex) {
                hunkOld.append(oldIndex)
                oldIndex += 1
            }
            var hunkNew: [Int] = []
            while newIndex < new.count, inserted.contains(newIndex) {
                hunkNew.append(newIndex)
                newIndex += 1
            }
            if hunkOld.isEmpty && hunkNew.isEmpty { break }  // cannot happen: the unchanged paragraphs align
            // Pairs in order: each removed paragraph with the first similar added one after the last pair.
            var pairs: [(Int, Int)] = []
            var searchFrom = 0
            let thorough = hunkOld.count * hunkNew.count <= Self.maximumPairings
            for (position, before) in hunkOld.enumerated() {
                let candidates =
                    thorough
                    ? Array(searchFrom..<hunkNew.count)
                    : (position < hunkNew.count && position >= searchFrom ? [position] : [])
                if let match = candidates.first(where: { Self.similar(oldWords[before], newWords[hunkNew[$0]]) }) {
                    pairs.append((before, hunkNew[match]))
                    searchFrom = match + 1
                }
            }
            var nextOld = 0
            var nextNew = 0
            func flush(beforeOld: Int, beforeNew: Int) {
                while nextOld < hunkOld.count, hunkOld[nextOld] < beforeOld {
                    let index = hunkOld[nextOld]
                    changedWords += oldWords[index].count
                    changes.append(
                        .init(
                            kind: .removed,
                            fromParagraph: index + 1,
                            toParagraph: nil,
                            words: [.init(kind: .removed, text: old[index])]
                        )
                    )
                    nextOld += 1
                }
                while nextNew < hunkNew.count, hunkNew[nextNew] < beforeNew {
                    let index = hunkNew[nextNew]
                    changedWords += newWords[index].count
                    changes.append(
                        .init(
                            kind: .added,
                            fromParagraph: nil,
                            toParagraph: index + 1,
                            words: [.init(kind: .added, text: new[index])]
                        )
                    )
                    nextNew += 1
                }
            }
            for (before, after) in pairs {
                flush(beforeOld: before, beforeNew: after)
                let runs = Self.wordRuns(oldWords[before], newWords[after])
                changedWords += runs.changed
                changes.append(
                    .init(kind: .changed, fromParagraph: before + 1, toParagraph: after + 1, words: runs.runs)
                )
                nextOld += 1
                nextNew += 1
            }
            flush(beforeOld: Int.max, beforeNew: Int.max)
        }
        let total = oldWords.reduce(0) { $0 + $1.count } + newWords.reduce(0) { $0 + $1.count }
        changedShare = total == 0 ? 0 : Double(changedWords) / Double(total)
    }

    /// The offsets of the elements a diff removes from `old` and inserts into `new` (``EditOffsets``).
    private static func offsets<Element: Hashable>(from old: [Element], to new: [Element]) -> (Set<Int>, Set<Int>) {
        let offsets = EditOffsets(from: old, to: new)
        return (offsets.removed, offsets.inserted)
    }

    static func words(_ paragraph: String) -> [Substring] {
        paragraph.split(whereSeparator: \.isWhitespace)
    }

    /// Whether the words both paragraphs hold, counted as often as both hold them, are at least
    /// ``pairingSimilarity`` of the longer one's: a long paragraph with a few new words is changed, not replaced,
    /// however small its vocabulary (counted as sets, a paragraph of ten words repeated and one that adds many new
    /// ones looked unrelated).
    private static func similar(_ old: [Substring], _ new: [Substring]) -> Bool {
        guard !old.isEmpty, !new.isEmpty, old.count * new.count <= maximumWordComparison else { return false }
        var counts: [Substring: Int] = [:]
        for word in old { counts[word, default: 0] += 1 }
        var common = 0
        for word in new {
            guard let left = counts[word], left > 0 else { continue }
            counts[word] = left - 1
            common += 1
        }
        return Double(common) >= pairingSimilarity * Double(max(old.count, new.count))
    }

    /// The words of a changed paragraph as runs, and how many were removed or added.
    private static func wordRuns(_ old: [Substring], _ new: [Substring]) -> (runs: [DocumentDiff.WordRun], changed: Int)
    {
        let (removed, inserted) = Self.offsets(from: old, to: new)
        var runs: [DocumentDiff.WordRun] = []
        func add(_ kind: DocumentDiff.WordRun.Kind, _ word: Substring) {
            if let last = runs.last, last.kind == kind {
                runs[runs.count - 1].text += " " + word
            } else {
                runs.append(.init(kind: kind, text: String(word)))
            }
        }
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if oldIndex < old.count, removed.contains(oldIndex) {
                add(.removed, old[oldIndex])
                oldIndex += 1
            } else if newIndex < new.count, inserted.contains(newIndex) {
                add(.added, new[newIndex])
                newIndex += 1
            } else if oldIndex < old.count, newIndex < new.count {
                add(.same, new[newIndex])
                oldIndex += 1
                newIndex += 1
            } else {
                break
            }
        }
        return (runs, removed.count + inserted.count)
    }
}
