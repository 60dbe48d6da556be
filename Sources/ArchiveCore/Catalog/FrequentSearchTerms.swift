import GRDB
import Synchronization

/// The terms of the index that many versions hold (``SearchFrequency``), as `searchFrequent` records them with the
/// first index key whose pairs they are in; kept in memory by a catalog value and read again whenever the table
/// gained a term, in this process or another, so that every version indexed after a term became frequent holds its
/// pairs. Its ids are never reused (AUTOINCREMENT), so the newest id alone tells a new term. After another process
/// empties the table (a rebuild), the terms kept here may be more than it holds until it gains one: their extra pairs
/// cost space, never a match, since a search reads a pair only from the key the table gives.
final class FrequentSearchTerms: Sendable {
    let frequency: SearchFrequency
    private let known = Mutex<Known>(Known())

    private struct Known {
        /// The table's newest id when `terms` was read.
        var newest: Int64 = -1
        var terms: Set<Substring> = []
    }

    init(_ frequency: SearchFrequency) {
        self.frequency = frequency
    }

    /// The frequent terms the catalog holds now (in the caller's transaction).
    func terms(_ db: Database) throws -> Set<Substring> {
        let newest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM searchFrequent")) ?? 0
        if let terms = known.withLock({ $0.newest == newest ? $0.terms : nil }) { return terms }
        let terms = Set(try String.fetchAll(db, sql: "SELECT term FROM searchFrequent").map { Substring($0) })
        known.withLock { $0 = Known(newest: newest, terms: terms) }
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
