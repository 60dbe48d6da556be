import GRDB
import Synchronization

/// The terms of the index that many versions hold (``SearchFrequency``), as `searchFrequent` records them with the
/// first index key whose pairs they are in; kept in memory by a catalog value and read again whenever the table
/// changed, in this process or another, so that every version indexed after a term became frequent holds its pairs.
final class FrequentSearchTerms: Sendable {
    let frequency: SearchFrequency
    private let known = Mutex<Known>(Known())

    private struct Known {
        /// The table's newest row and row count when `terms` was read.
        var mark: [Int64] = []
        var terms: Set<Substring> = []
    }

    init(_ frequency: SearchFrequency) {
        self.frequency = frequency
    }

    /// The frequent terms the catalog holds now (in the caller's transaction).
    func terms(_ db: Database) throws -> Set<Substring> {
        let mark =
            try GRDB.Row.fetchOne(
                db.cachedStatement(sql: "SELECT coalesce(max(rowid), 0), count(*) FROM searchFrequent")
            )
            .map { [$0[0] as Int64, $0[1] as Int64] } ?? []
        if let terms = known.withLock({ $0.mark == mark ? $0.terms : nil }) { return terms }
        let terms = Set(try String.fetchAll(db, sql: "SELECT term FROM searchFrequent").map { Substring($0) })
        known.withLock { $0 = Known(mark: mark, terms: terms) }
        return terms
    }

    /// Counts the terms of the version indexed under `key`, when it is one of the sampled ones, and records the terms
    /// that became frequent: their pairs are kept from the next key on.
    func count(_ distinctTerms: [String], key: Int64, _ db: Database) throws {
        guard key % frequency.sampleEvery == 0 else { return }
        // A function word's pairs are kept anyway.
        let counted = distinctTerms.filter { !CommonTerms.contains($0) }
        guard !counted.isEmpty else { return }
        let list = "[\"" + counted.joined(separator: "\",\"") + "\"]"
        try db.cachedStatement(
            sql: "UPDATE searchTerm SET holders = holders + 1 WHERE term IN (SELECT value FROM json_each(?))"
        )
        .execute(arguments: [list])
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO searchFrequent (term, since)
                SELECT term, ? FROM searchTerm WHERE term IN (SELECT value FROM json_each(?)) AND holders >= ?
                """
        )
        .execute(arguments: [key + 1, list, frequency.promotedAt])
    }

    func removeAll() {
        known.withLock { $0 = Known() }
    }
}
