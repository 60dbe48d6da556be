import Foundation
import GRDB

/// The search index: an FTS5 table (`searchText`, contentless) over the terms of the title and main text of every
/// version and their pairs of neighbouring terms (where phrases are matched: a pair of common words is far rarer
/// than either word, so a phrase costs what its rarest pair costs rather than reading every version that holds all
/// its words), a table that ties each of its rows to its version (`searchEntry`), every term it holds with how many
/// sampled versions hold it (`searchTerm`, where prefixes are expanded), the terms that became frequent
/// (`searchFrequent`, ``SearchFrequency``: pairs of two of them are kept from then on) and the unstemmed words beyond
/// ASCII (`searchWord`, where substrings are looked up).
///
/// The terms come already folded and stemmed (``IndexedText``, ``SearchWords``), separated by spaces, and queries are
/// compiled into the same terms (``SearchCompiler``); FTS5's own `ascii` tokenizer then only splits them (a term
/// holds no ASCII punctuation). So words are read where the document is read, on any core, rather than inside the
/// write transaction, and any SQLite tool can open the catalog, index included, without a tokenizer of Mura's.
///
/// An index row's key is the next number (never reused), so the index stores small gaps between the rows that hold a
/// term; the index is filled oldest capture first (``Archive/completeSearchIndex(progress:)``) and new captures come
/// last, so keys follow capture time and a search reads the newest matches first. A dated search starts at the
/// newest key of a version captured by its date (`searchUntil`: the newest key of each capture time no later
/// capture's key exceeds) and a search since a date at the first key of a version captured from then on
/// (`searchSince`): bounds that stay right when an older capture is added later, only less tight. FTS5 reads an `OR` of terms row by
/// row, newest first, but merges the whole history of every term a prefix (`word*`) matches before the first row;
/// so prefixes are expanded into their terms from `searchTerm` and only a prefix of very many terms is left to FTS5.
/// Ranking is ``SearchRank``'s, over a bounded window of the newest matches.
extension SQLiteCatalog {
    /// How many of the newest matching versions a search ranks: the best of these are its answer. Bounding them keeps
    /// a search of a common word as fast as one of a rare word; a query that matches fewer is ranked whole.
    static let rankedVersions = 1_000
    /// The most ranges of keys a search reads apart (``SearchCompiler``).
    static let keyRanges = 8

    static func searchIndexMigration(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE searchEntry (
                    key INTEGER PRIMARY KEY,
                    versionID TEXT NOT NULL UNIQUE REFERENCES version(id) ON DELETE CASCADE,
                    documentID TEXT NOT NULL,
                    capturedAt INTEGER NOT NULL,
                    published INTEGER
                );
                CREATE INDEX searchEntry_on_document ON searchEntry(documentID, capturedAt);
                CREATE VIRTUAL TABLE searchText USING fts5(title, body, content='', tokenize='ascii');
                CREATE TABLE searchWord (word TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE searchIndexState (id INTEGER PRIMARY KEY CHECK (id = 1), pending INTEGER NOT NULL);
                INSERT INTO searchIndexState (id, pending) VALUES (1, EXISTS (SELECT 1 FROM version));
                """
        )
    }

    /// The index as it is now: the terms of the title and main text and their pairs (``IndexedText``), under dense
    /// keys, and the two bounds of capture time (`searchUntil`, `searchSince`).
    static func searchPairMigration(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TABLE searchText;
                CREATE VIRTUAL TABLE searchText USING fts5(body, title, content='', tokenize='ascii');
                DROP TABLE searchEntry;
                CREATE TABLE searchEntry (
                    key INTEGER PRIMARY KEY AUTOINCREMENT,
                    versionID TEXT NOT NULL UNIQUE REFERENCES version(id) ON DELETE CASCADE,
                    documentID TEXT NOT NULL,
                    capturedAt INTEGER NOT NULL,
                    published INTEGER
                );
                CREATE INDEX searchEntry_on_document ON searchEntry(documentID, capturedAt);
                CREATE TABLE searchUntil (capturedAt INTEGER PRIMARY KEY, key INTEGER NOT NULL);
                CREATE TABLE searchSince (capturedAt INTEGER PRIMARY KEY, key INTEGER NOT NULL);
                CREATE INDEX version_on_capture ON version(capturedAt, id);
                UPDATE searchIndexState SET pending = EXISTS (SELECT 1 FROM version);
                """
        )
    }

    /// How many versions of the index hold each term, counted on a sample (`searchTerm.holders`), and the terms that
    /// became frequent with the first key whose pairs they are in (`searchFrequent`, ``SearchFrequency``). An existing
    /// index starts counting now; its older versions keep the pairs they have.
    static func searchFrequentMigration(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE searchTerm ADD COLUMN holders INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE searchFrequent (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    term TEXT NOT NULL UNIQUE,
                    since INTEGER NOT NULL
                );
                """
        )
    }

    static func searchTermMigration(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE searchTerm (term TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE VIRTUAL TABLE temp.searchTextTerms USING fts5vocab(main, searchText, 'row');
                INSERT INTO searchTerm (term) SELECT term FROM temp.searchTextTerms;
                DROP TABLE temp.searchTextTerms;
                """
        )
    }

    // MARK: Writing

    /// Adds a version's title and text to the index (in the caller's transaction).
    static func index(
        _ version: Version,
        _ text: IndexedText,
        _ db: Database,
        knownTerms: KnownSearchTerms,
        frequentTerms: FrequentSearchTerms
    ) throws {
        let captured = version.capturedAt.milliseconds
        try db.cachedStatement(
            sql: "INSERT INTO searchEntry (versionID, documentID, capturedAt, published) VALUES (?, ?, ?, ?)"
        )
        .execute(arguments: [version.id, version.documentID, captured, version.published?.milliseconds])
        let key = db.lastInsertedRowID
        // Each column holds its terms, then their pairs: those with a function word, then those of frequent terms.
        // The main text is the first column, which FTS5 stores without a column number.
        let frequent = text.frequentPairs(try frequentTerms.terms(db))
        try db.cachedStatement(
            sql: """
                INSERT INTO searchText (rowid, body, title)
                VALUES (?1, ?2 || ' ' || ?3 || ' ' || ?4, ?5 || ' ' || ?6 || ' ' || ?7)
                """
        )
        .execute(arguments: [
            key, text.bodyTerms, text.bodyPairs, frequent.body, text.titleTerms, text.titlePairs, frequent.title,
        ])
        // The newest key bounds every version captured at or after this one; the first key of a capture later than
        // all before it bounds every version captured from then on.
        try db.cachedStatement(sql: "DELETE FROM searchUntil WHERE capturedAt >= ?").execute(arguments: [captured])
        try db.cachedStatement(sql: "INSERT INTO searchUntil (capturedAt, key) VALUES (?, ?)")
            .execute(arguments: [captured, key])
        try db.cachedStatement(
            sql: """
                INSERT INTO searchSince (capturedAt, key) SELECT ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM searchSince WHERE capturedAt >= ?)
                """
        )
        .execute(arguments: [captured, key, captured])
        let fresh = knownTerms.unknown(text.distinctTerms)
        if try insert(fresh, into: "searchTerm", column: "term", db) {
            db.afterNextTransaction { _ in knownTerms.insert(fresh) }
        }
        _ = try insert(text.vocabulary, into: "searchWord", column: "word", db)
        try frequentTerms.count(text.distinctTerms, key: key, db)
    }

    /// Adds words to a word table, as one JSON array (terms are letters, marks and digits only, so they need no
    /// escaping); whether there were any.
    private static func insert(_ words: [String], into table: String, column: String, _ db: Database) throws -> Bool {
        guard !words.isEmpty else { return false }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO \(table) (\(column)) SELECT value FROM json_each(?)")
            .execute(arguments: ["[\"" + words.joined(separator: "\",\"") + "\"]"])
        return true
    }

    /// Removes a version from the index (its FTS row is left without an entry, which no search returns; a rebuild
    /// drops such rows).
    static func unindex(versionID: String, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM searchEntry WHERE versionID = ?", arguments: [versionID])
    }

    /// Empties the index and marks it for filling (a catalog rebuild).
    static func clearSearchIndex(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM searchEntry;
                DELETE FROM searchUntil;
                DELETE FROM searchSince;
                INSERT INTO searchText (searchText) VALUES ('delete-all');
                DELETE FROM searchWord;
                DELETE FROM searchTerm;
                DELETE FROM searchFrequent;
                UPDATE searchIndexState SET pending = 1;
                """
        )
    }

    static func markSearchIndexPending(_ db: Database) throws {
        try db.execute(sql: "UPDATE searchIndexState SET pending = 1")
    }

    public func searchIndexIsPending() async throws -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT pending FROM searchIndexState") ?? false }
    }

    public func unindexedVersions(after last: Version?, limit: Int) async throws -> [Version] {
        try await read { db in
            let captured = last?.capturedAt.milliseconds ?? Int64.min
            return try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.versionColumns) FROM version
                    WHERE (capturedAt, id) > (?, ?)
                        AND NOT EXISTS (SELECT 1 FROM searchEntry e WHERE e.versionID = version.id)
                    ORDER BY capturedAt, id LIMIT ?
                    """,
                arguments: [captured, last?.id ?? "", limit]
            )
            .map(Self.version)
        }
    }

    public func index(_ entries: [(Version, IndexedText)], complete: Bool) async throws {
        try await write("index \(entries.count) versions for search") { db in
            for (version, text) in entries {
                guard
                    try Bool.fetchOne(
                        db,
                        sql: "SELECT EXISTS (SELECT 1 FROM searchEntry WHERE versionID = ?)",
                        arguments: [version.id]
                    ) == false,
                    try Bool.fetchOne(
                        db,
                        sql: "SELECT EXISTS (SELECT 1 FROM version WHERE id = ?)",
                        arguments: [version.id]
                    )
                        == true
                else { continue }
                try Self.index(version, text, db, knownTerms: knownTerms, frequentTerms: frequentTerms)
            }
            if complete { try db.execute(sql: "UPDATE searchIndexState SET pending = 0") }
        }
    }

    // MARK: Searching

    public func search(_ request: SearchRequest) async throws -> CatalogSearchResult {
        try await read { db in try Self.search(request, db) }
    }

    private static func search(_ request: SearchRequest, _ db: Database) throws -> CatalogSearchResult {
        var compiler = SearchCompiler(
            lookUp: { substring, limit in
                try String.fetchAll(
                    db,
                    sql: "SELECT word FROM searchWord WHERE instr(word, ?) > 0 LIMIT ?",
                    arguments: [substring, limit]
                )
            },
            expand: { prefix, limit in
                // Terms compare as UTF-8 bytes; every term that begins with the prefix sorts below this bound.
                try String.fetchAll(
                    db,
                    sql: "SELECT term FROM searchTerm WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
                    arguments: [prefix, prefix + "\u{10FFFF}", limit]
                )
            },
            frequentSince: { term in
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT since FROM searchFrequent WHERE term = ?"),
                    arguments: [term]
                )
            }
        )
        guard try compiler.compile(request.query.root) != nil else {
            return CatalogSearchResult(hits: [], more: false, terms: compiler.terms)
        }
        var keys = (lowest: Int64.min, highest: Int64.max)
        var conditions: [String] = []
        var arguments: StatementArguments = []
        // Capture bounds: every version captured by the upper date has a key up to the newest key `searchUntil`
        // gives for it, and every version captured from the lower date on a key from the one `searchSince` gives.
        let bounds = [
            ([request.at, request.capturedUntil].compactMap(\.self).min(), "searchUntil", "<=", "DESC"),
            (request.capturedSince, "searchSince", ">=", ""),
        ]
        for case (let date?, let table, let comparison, let order) in bounds {
            guard
                let key = try Int64.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT key FROM \(table) WHERE capturedAt \(comparison) ? ORDER BY capturedAt \(order) LIMIT 1
                            """
                    ),
                    arguments: [date.milliseconds]
                )
            else { return CatalogSearchResult(hits: [], more: false, terms: compiler.terms) }
            if comparison == "<=" { keys.highest = key } else { keys.lowest = key }
            conditions.append("e.capturedAt \(comparison) ?")
            _ = arguments.append(contentsOf: [date.milliseconds])
        }
        if let documentID = request.documentID {
            conditions.append("e.documentID = ?")
            _ = arguments.append(contentsOf: [documentID])
        }
        if let prefix = request.idPrefix, !prefix.isEmpty {
            let condition = DocumentID.prefixCondition("e.documentID", prefix)
            conditions.append(condition.sql)
            _ = arguments.append(contentsOf: StatementArguments(condition.arguments))
        }
        if let since = request.publishedSince {
            conditions.append("e.published >= ?")
            _ = arguments.append(contentsOf: [since.milliseconds])
        }
        if let until = request.publishedUntil {
            conditions.append("e.published <= ?")
            _ = arguments.append(contentsOf: [until.milliseconds])
        }
        if let at = request.at {
            // In force at the date: no later version of its document was captured by then, and no capture since
            // found the page gone unless a later one found it again.
            conditions.append(
                """
                NOT EXISTS (SELECT 1 FROM version v WHERE v.documentID = e.documentID AND v.capturedAt > e.capturedAt \
                AND v.capturedAt <= ?) \
                AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.documentID = e.documentID AND o.gone IS NOT NULL \
                AND o.capturedAt > e.capturedAt AND o.capturedAt <= ? AND NOT EXISTS (SELECT 1 FROM observation s \
                WHERE s.documentID = o.documentID AND s.gone IS NULL AND s.capturedAt > o.capturedAt \
                AND s.capturedAt <= ?))
                """
            )
            _ = arguments.append(contentsOf: [at.milliseconds, at.milliseconds, at.milliseconds])
        }
        let wanted = max(0, request.offset) + max(1, request.limit)
        let window = max(rankedVersions, wanted * 8)
        // Read in place (no row copied): the versions, their documents and their weights, one blob of the same
        // width per row; newest first, a range of keys at a time, each reading the pairs of frequent terms its rows
        // hold (``SearchCompiler``).
        let sql = """
            SELECT e.versionID, e.documentID, \(SearchRank.functionName)(searchText)
            FROM searchText JOIN searchEntry e ON e.key = searchText.rowid
            WHERE searchText MATCH ? AND searchText.rowid >= ? AND searchText.rowid <= ?
            \(conditions.map { "AND " + $0 }.joined(separator: " "))
            ORDER BY searchText.rowid DESC LIMIT ?
            """
        var versionIDs: [String] = []
        var documentIDs: [String] = []
        var weights = SearchRank.Weights()
        versionIDs.reserveCapacity(window)
        documentIDs.reserveCapacity(window)
        var highest = keys.highest
        // Any keys may bound the ranges (a range reads as pairs only those held from its first key on); a prefix that
        // expands to many pairs is read in a few ranges rather than one per pair.
        let starts = compiler.pairKeys.sorted(by: >)
        let step = (starts.count + Self.keyRanges - 2) / (Self.keyRanges - 1)
        let boundaries = stride(from: 0, to: starts.count, by: max(1, step)).map { starts[$0] } + [Int64.min]
        for from in boundaries where highest >= keys.lowest {
            guard from <= highest, versionIDs.count < window else { continue }
            compiler.rowsFrom = from
            guard let expression = try compiler.compile(request.query.root) else { break }
            var range: StatementArguments = [expression, max(from, keys.lowest), highest]
            _ = range.append(contentsOf: arguments)
            _ = range.append(contentsOf: [window - versionIDs.count])
            let cursor = try GRDB.Row.fetchCursor(db, sql: sql, arguments: range)
            while let row = try cursor.next() {
                versionIDs.append(row[0])
                documentIDs.append(row[1])
                switch (row[2] as DatabaseValue).storage {
                case .double(let weight): weights.append(weight)
                case .blob(let blob): weights.append(blob)
                default: weights.append(Data())
                }
            }
            highest = from == Int64.min ? from : from - 1
        }
        // The best version of each document; documents by their best score, then the newest first.
        let scores = weights.scores()
        var best: [String: BestVersion] = [:]
        best.reserveCapacity(versionIDs.count)
        for index in versionIDs.indices {
            if let current = best[documentIDs[index]] {
                if scores[index] > scores[current.index] { best[documentIDs[index]]?.index = index }
            } else {
                best[documentIDs[index]] = BestVersion(index: index, newest: index)
            }
        }
        let ranked = best.values.sorted {
            scores[$0.index] != scores[$1.index] ? scores[$0.index] > scores[$1.index] : $0.newest < $1.newest
        }
        .map(\.index)
        let page = ranked.dropFirst(max(0, request.offset)).prefix(max(1, request.limit))
        let statement = try db.cachedStatement(sql: "SELECT \(versionColumns) FROM version WHERE id = ?")
        let hits = try page.compactMap { index -> CatalogSearchResult.Hit? in
            guard let row = try GRDB.Row.fetchOne(statement, arguments: [versionIDs[index]]) else { return nil }
            return CatalogSearchResult.Hit(version: version(row), score: scores[index])
        }
        let more = ranked.count > wanted || versionIDs.count == window
        return CatalogSearchResult(hits: hits, more: more, terms: compiler.terms)
    }
}

/// A document's best candidate of a search, and its newest (both as positions among the candidates, newest first).
private struct BestVersion {
    var index: Int
    var newest: Int
}
