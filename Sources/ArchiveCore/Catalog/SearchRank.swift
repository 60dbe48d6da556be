import Foundation
import GRDB
import GRDBSQLite

/// The relevance of a matching version, as an FTS5 auxiliary function: `mura_rank(searchText)`.
///
/// FTS5's `bm25()` counts, on its first row, every row of the whole index that holds each phrase of the query (its
/// inverse document frequency), so its cost grows with the archive: about 100 ms for a common word at a million
/// versions. This function reads only the row at hand: for each phrase, the BM25 weight of its occurrences in the
/// title (counted ``titleWeight`` times) and the main text against the average lengths the index keeps. A search
/// ranks a bounded window of the newest matches and weighs the phrases by how many of those hold them
/// (``Weights``), so a search of a common word costs what a search of a rare one costs.
///
/// The answer is the weight of a query's one phrase, or a blob of one `Double` per phrase (phrases beyond ``slots``
/// share the last).
enum SearchRank {
    static let functionName = "mura_rank"
    /// The most phrases weighed apart; a prefix that expands to more terms shares the last slot.
    static let slots = 64
    static let titleWeight = 4.0
    /// BM25's saturation and length normalisation, as in FTS5's own `bm25()`.
    static let k1 = 1.2
    static let b = 0.75
    /// Occurrences of a phrase in a column beyond this add nothing (they would add almost nothing to the weight),
    /// so a text repeating a word cannot make ranking slow.
    static let occurrenceCap: Int32 = 32

    /// Registers the function on a connection (every connection of the catalog's pool).
    static func register(_ db: Database) {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        _ = api.pointee.xCreateFunction(
            api,
            functionName,
            nil,
            { api, fts, context, _, _ in
                guard let api, let fts, let context else { return }
                SearchRank.rank(api.pointee, fts, context)
            },
            nil
        )
    }

    /// The weights of a window of candidates, as the function answered them (one blob of the same width per row).
    struct Weights {
        private var values: [Double] = []
        private var width = 0
        private var rows = 0

        /// Adds the next candidate's weight (a query of one phrase).
        mutating func append(_ weight: Double) {
            if rows == 0 { width = 1 }
            rows += 1
            values.append(weight)
        }

        /// Adds the next candidate's blob.
        mutating func append(_ blob: Data?) {
            let blob = blob ?? Data()
            let count = blob.count / MemoryLayout<Double>.size
            if rows == 0 { width = count }
            rows += 1
            blob.withUnsafeBytes { bytes in
                for slot in 0..<width {
                    values.append(
                        slot < count
                            ? bytes.loadUnaligned(fromByteOffset: slot * MemoryLayout<Double>.size, as: Double.self) : 0
                    )
                }
            }
        }

        /// One score per candidate: a phrase held by fewer of the candidates weighs more (`ln(1 + rows / holders)`),
        /// as inverse document frequency does over a whole index.
        func scores() -> [Double] {
            var holders = [Int](repeating: 0, count: width)
            for row in 0..<rows {
                for slot in 0..<width where values[row * width + slot] > 0 { holders[slot] += 1 }
            }
            let factors = holders.map { $0 == 0 ? 0 : log(1 + Double(rows) / Double($0)) }
            return (0..<rows).map { row in
                var score = 0.0
                for slot in 0..<width { score += values[row * width + slot] * factors[slot] }
                return score
            }
        }
    }

    private static func rank(_ api: Fts5ExtensionApi, _ fts: OpaquePointer, _ context: OpaquePointer) {
        var rows: Int64 = 0
        var totals: (Int64, Int64) = (0, 0)
        var sizes: (Int32, Int32) = (0, 0)
        // Column 0 is the main text, column 1 the title (each holding its terms and their pairs).
        guard api.xRowCount(fts, &rows) == SQLITE_OK, api.xColumnTotalSize(fts, 1, &totals.0) == SQLITE_OK,
            api.xColumnTotalSize(fts, 0, &totals.1) == SQLITE_OK, api.xColumnSize(fts, 1, &sizes.0) == SQLITE_OK,
            api.xColumnSize(fts, 0, &sizes.1) == SQLITE_OK
        else {
            sqlite3_result_error(context, "mura_rank: the index's sizes could not be read", -1)
            return
        }
        let average = (max(1, Double(totals.0) / Double(max(1, rows))), max(1, Double(totals.1) / Double(max(1, rows))))
        let norms = (
            k1 * (1 - b + b * Double(sizes.0) / average.0), k1 * (1 - b + b * Double(sizes.1) / average.1)
        )
        let phrases = Int(api.xPhraseCount(fts))
        let count = max(1, min(phrases, slots))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { scores in
            scores.initialize(repeating: 0)
            for phrase in 0..<phrases {
                var iterator = Fts5PhraseIter()
                var column: Int32 = -1
                var offset: Int32 = 0
                var counts: (Int32, Int32) = (0, 0)
                guard api.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset) == SQLITE_OK else { continue }
                while column >= 0 {
                    if column == 1 {
                        counts.0 = min(counts.0 + 1, occurrenceCap)
                    } else {
                        counts.1 += 1
                        if counts.1 == occurrenceCap { break }
                    }
                    api.xPhraseNext(fts, &iterator, &column, &offset)
                }
                let title = Double(counts.0)
                let body = Double(counts.1)
                scores[min(phrase, count - 1)] +=
                    titleWeight * title * (k1 + 1) / (title + norms.0) + body * (k1 + 1) / (body + norms.1)
            }
            if count == 1 {
                sqlite3_result_double(context, scores[0])
            } else {
                sqlite3_result_blob(
                    context,
                    scores.baseAddress,
                    Int32(count * MemoryLayout<Double>.size),
                    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
                )
            }
        }
    }
}
