public import Foundation
import GRDB

/// The embedded ``Catalog``: one SQLite file in WAL mode through GRDB.
///
/// ```swift
/// let catalog = try SQLiteCatalog(path: archive.appending(path: "catalog.sqlite").path)
/// let current = try await catalog.version(of: "press/42", at: .now)
/// ```
public struct SQLiteCatalog: Catalog {
    private let writer: any DatabaseWriter
    private let lookups: LookupConnection
    let knownTerms = KnownSearchTerms()
    let frequentTerms: FrequentSearchTerms

    /// Opens (or creates) the catalog file and applies pending migrations.
    ///
    /// - Parameter searchFrequency: when the search index counts a term as frequent; every catalog value writing one
    ///   file must use the same.
    /// - Throws: ``ArchiveError/Code-swift.struct/catalog`` naming the file.
    public init(path: String, searchFrequency: SearchFrequency = .standard) throws {
        frequentTerms = FrequentSearchTerms(searchFrequency)
        lookups = LookupConnection(path: path)
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in SearchRank.register(db) }
            writer = try DatabasePool(path: path, configuration: configuration)
            // GRDB turns WAL databases to `synchronous = NORMAL`, which syncs only at checkpoints: a commit that was
            // answered could vanish with a power cut. FULL syncs the WAL at every commit, so what the archive
            // acknowledged is on disk before the answer. The pool's one writing connection keeps the setting.
            try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(writer)
        } catch {
            throw Self.openFailure(path, error)
        }
    }

    /// Why the catalog could not be opened, with what to do: a full disk or missing permissions are not damage, and
    /// moving the file aside to rebuild it would not help.
    static func openFailure(_ path: String, _ error: any Error) -> ArchiveError {
        let advice =
            switch (error as? DatabaseError)?.resultCode {
            case .SQLITE_FULL?:
                "The disk that holds the archive is full: free some space, then try again."
            case .SQLITE_READONLY?, .SQLITE_PERM?, .SQLITE_CANTOPEN?, .SQLITE_AUTH?:
                "Check that this user may read and write the archive folder and its catalog files (SQLite writes "
                    + "its -wal and -shm files beside the catalog even to read it)."
            default:
                "If it is damaged, move it aside and run `mura catalog rebuild`."
            }
        return ArchiveError(.catalog, "Could not open the catalog \(path). \(advice)", underlying: error)
    }

    /// Opens the catalog file to read only, for a command that reads versions: no migration, no write, and nothing
    /// to write back when it closes (a pool's last connection checkpoints the WAL, with two syncs). SQLite still
    /// creates the empty `-wal` and `-shm` files it reads a WAL database through, when they are missing. `nil` when
    /// the file is missing or not migrated to this version of Mura: ``init(path:searchFrequency:)`` then creates or
    /// migrates it.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/catalog`` naming the file.
    public static func readingOnly(path: String) throws -> SQLiteCatalog? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let reader = try LookupConnection.open(path)
            guard try reader.read({ try migrator.hasCompletedMigrations($0) }) else { return nil }
            return SQLiteCatalog(reader: reader)
        } catch {
            throw Self.openFailure(path, error)
        }
    }

    /// A catalog on one read-only connection, which also serves the first lookup on the calling thread at a time (a
    /// queue's synchronous read waits only for work already on it, never for a suspended task); lookups at the same
    /// time open connections of their own.
    private init(reader: DatabaseQueue) {
        frequentTerms = FrequentSearchTerms(.standard)
        writer = reader
        lookups = LookupConnection(path: reader.path, queue: reader)
    }

    public func insert(_ versions: [NewVersion]) async throws {
        guard let first = versions.first?.version else { return }
        let what =
            versions.count == 1
            ? "record version \(first.id) of '\(first.documentID)'" : "record \(versions.count) new versions"
        try await write(what) { db in
            for entry in versions { try Self.insert(entry, db, knownTerms: knownTerms, frequentTerms: frequentTerms) }
        }
    }

    private static func insert(
        _ entry: NewVersion,
        _ db: Database,
        knownTerms: KnownSearchTerms,
        frequentTerms: FrequentSearchTerms
    ) throws {
        let version = entry.version
        // Statements prepared once per connection: a batch runs them for every version.
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO document (id, source, createdAt) VALUES (?, ?, ?)")
            .execute(arguments: [version.documentID, version.source, entry.event.time.milliseconds])
        if let source = version.source {
            try db.cachedStatement(sql: "UPDATE document SET source = ? WHERE id = ? AND source IS NULL")
                .execute(arguments: [source, version.documentID])
        }
        let clash = try Row<Version>.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM version WHERE documentID = ? AND capturedAt = ? LIMIT 1"),
            arguments: [version.documentID, version.capturedAt.milliseconds]
        )?
        .value
        if let clash { throw ArchiveError.captureConflict(version.documentID, existing: clash, at: version.capturedAt) }
        try Row(version).insert(db)
        if let text = entry.text {
            try index(version, text, db, knownTerms: knownTerms, frequentTerms: frequentTerms)
        } else {
            try markSearchIndexPending(db)
        }
        try Row(entry.event).insert(db)
    }

    public func insert(_ observation: Observation, event: ProvenanceEvent) async throws {
        try await write("record an observation of '\(observation.documentID)'") { db in
            try Row(observation).insert(db)
            try Row(event).insert(db)
        }
    }

    public func record(_ event: ProvenanceEvent) async throws {
        try await write("record an event (\(event.kind.rawValue))") { db in try Row(event).insert(db) }
    }

    public func documents(_ query: DocumentQuery) async throws -> [DocumentSummary] {
        // No id or source URL holds a control character; the catalog would read the value only up to a NUL.
        if [query.idPrefix, query.source].contains(where: { $0.map(DocumentID.holdsControl) == true }) { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let prefix = query.idPrefix, !prefix.isEmpty {
            let condition = DocumentID.prefixCondition("d.id", prefix)
            conditions.append(condition.sql)
            _ = arguments.append(contentsOf: StatementArguments(condition.arguments))
        }
        if let source = query.source {
            // As written (a source kept as given by an older archive), and in the spelling sources are stored in.
            let normalized = SourceURL.normalized(source)
            conditions.append(normalized == source ? "d.source = ?" : "d.source IN (?, ?)")
            _ = arguments.append(contentsOf: normalized == source ? [source] : [source, normalized])
        }
        if query.capturedSince != nil || query.capturedUntil != nil {
            conditions.append(
                "EXISTS (SELECT 1 FROM version v WHERE v.documentID = d.id AND v.capturedAt >= ? AND v.capturedAt <= ?)"
            )
            _ = arguments.append(contentsOf: [
                query.capturedSince?.milliseconds ?? Int64.min, query.capturedUntil?.milliseconds ?? Int64.max,
            ])
        }
        if let after = query.after {
            conditions.append("d.id > ?")
            _ = arguments.append(contentsOf: [after])
        }
        var sql = Self.summarySQL
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY d.id"
        if let limit = query.limit {
            sql += " LIMIT ?"
            _ = arguments.append(contentsOf: [max(0, limit)])
        }
        return try await read { [sql, arguments] db in
            try Row<DocumentSummary>.fetchAll(db, sql: sql, arguments: arguments).map(\.value)
        }
    }

    public func document(id: String) async throws -> DocumentSummary? {
        try await read { db in
            try Row<DocumentSummary>.fetchOne(db, sql: Self.summarySQL + " WHERE d.id = ?", arguments: [id])?.value
        }
    }

    public func versions(of documentID: String) async throws -> [Version] {
        try await read { db in try Self.versions(of: documentID, db) }
    }

    public func timeline(of documentID: String, at date: Date) async throws -> DocumentTimeline {
        try readInPlace { db in
            DocumentTimeline(
                versions: try Self.versions(of: documentID, db),
                source: try String.fetchOne(
                    db.cachedStatement(sql: "SELECT source FROM document WHERE id = ?"),
                    arguments: [documentID]
                ),
                observation: try Row<Observation>.fetchOne(
                    db.cachedStatement(sql: Self.observationAtSQL),
                    arguments: [documentID, date.milliseconds]
                )?
                .value
            )
        }
    }

    // The reads of dated requests use cached statements: compiled once per connection, not per request.
    private static func versions(of documentID: String, _ db: Database) throws -> [Version] {
        // Decoded column by column, by position, straight from the cursor's row: Codable decoding, looking columns up
        // by name, then copying each row, were the largest costs of a dated read.
        let rows = try GRDB.Row.fetchCursor(
            db.cachedStatement(sql: "SELECT \(versionColumns) FROM version WHERE documentID = ? ORDER BY capturedAt"),
            arguments: [documentID]
        )
        var versions: [Version] = []
        while let row = try rows.next() { versions.append(Self.version(row)) }
        return versions
    }

    /// The columns ``version(_:)`` reads, in its order.
    static let versionColumns = """
        id, documentID, capturedAt, sha256, size, bundlePath, format, importer, originalExtension, source, title, \
        published, updated, language, extraction, bundleSHA256
        """

    static func version(_ row: GRDB.Row) -> Version {
        let date = { (index: Int) -> Date? in (row[index] as Int64?).map { Date(milliseconds: $0) } }
        return Version(
            id: row[0],
            documentID: row[1],
            capturedAt: Date(milliseconds: row[2]),
            sha256: row[3],
            size: row[4],
            bundlePath: row[5],
            format: DocumentFormat(rawValue: row[6]),
            importer: row[7],
            originalExtension: row[8],
            source: row[9],
            title: row[10],
            published: date(11),
            updated: date(12),
            language: row[13],
            extraction: row[14],
            bundleSHA256: row[15]
        )
    }

    private static let observationAtSQL =
        "SELECT * FROM observation WHERE documentID = ? AND capturedAt <= ? ORDER BY capturedAt DESC LIMIT 1"

    public func observations(of documentID: String) async throws -> [Observation] {
        try await read { db in
            try Row<Observation>.filter(Column("documentID") == documentID).order(Column("capturedAt")).fetchAll(db)
                .map(\.value)
        }
    }

    public func version(of documentID: String, at date: Date) async throws -> Version? {
        try await read { db in
            try Row<Version>.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT * FROM version WHERE documentID = ? AND capturedAt <= ? ORDER BY capturedAt DESC LIMIT 1"
                ),
                arguments: [documentID, date.milliseconds]
            )?
            .value
        }
    }

    public func observation(of documentID: String, at date: Date) async throws -> Observation? {
        try await read { db in
            try Row<Observation>.fetchOne(
                db.cachedStatement(sql: Self.observationAtSQL),
                arguments: [documentID, date.milliseconds]
            )?
            .value
        }
    }

    public func version(id: String) async throws -> Version? {
        try await read { db in
            try Row<Version>.fetchOne(db.cachedStatement(sql: "SELECT * FROM version WHERE id = ?"), arguments: [id])?
                .value
        }
    }

    public func allVersions() async throws -> [Version] {
        try await read { db in
            try Row<Version>.order(Column("documentID"), Column("capturedAt")).fetchAll(db).map(\.value)
        }
    }

    public func events(documentID: String?) async throws -> [ProvenanceEvent] {
        try await read { db in
            var request = Row<ProvenanceEvent>.order(Column("id"))
            if let documentID { request = request.filter(Column("documentID") == documentID) }
            return try request.fetchAll(db).map(\.value)
        }
    }

    public func updateExtraction(of version: Version, text: IndexedText, event: ProvenanceEvent) async throws {
        try await write("record a re-extraction of version \(version.id)") { db in
            try db.execute(
                sql: """
                    UPDATE version SET title = ?, published = ?, updated = ?, language = ?, extraction = ?
                    WHERE id = ?
                    """,
                arguments: [
                    version.title, version.published?.milliseconds, version.updated?.milliseconds, version.language,
                    version.extraction, version.id,
                ]
            )
            guard db.changesCount == 1 else {
                throw ArchiveError(
                    .unknownVersion,
                    "Version \(version.id) of '\(version.documentID)' is not in the catalog; nothing was re-extracted."
                )
            }
            try Self.unindex(versionID: version.id, db)
            try Self.index(version, text, db, knownTerms: knownTerms, frequentTerms: frequentTerms)
            try Row(event).insert(db)
        }
    }

    public func replaceBundle(
        ofVersion versionID: String,
        previousKey: String,
        key: String,
        sha256: String
    ) async throws -> Bool {
        try await write("point version \(versionID) at bundle \(key)") { db in
            try db.execute(
                sql: "UPDATE version SET bundlePath = ?, bundleSHA256 = ? WHERE id = ? AND bundlePath = ?",
                arguments: [key, sha256, versionID, previousKey]
            )
            return db.changesCount == 1
        }
    }

    public func recordBundleDigests(_ digests: [String: String]) async throws {
        guard !digests.isEmpty else { return }
        try await write("record the SHA-256 of \(digests.count) bundles") { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE version SET bundleSHA256 = ? WHERE id = ? AND bundleSHA256 IS NULL"
            )
            for (versionID, sha256) in digests.sorted(by: { $0.key < $1.key }) {
                try statement.execute(arguments: [sha256, versionID])
            }
        }
    }

    public func replaceAll(versions: [Version], observations: [Observation], events: [ProvenanceEvent]) async throws {
        knownTerms.removeAll()
        frequentTerms.removeAll()
        try await write("rebuild the catalog") { db in
            try Self.clearSearchIndex(db)
            try Row<Observation>.deleteAll(db)
            try Row<Version>.deleteAll(db)
            try db.execute(sql: "DELETE FROM document")
            for version in versions.sorted(by: { $0.capturedAt < $1.capturedAt }) {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO document (id, source, createdAt) VALUES (?, ?, ?)",
                    arguments: [version.documentID, version.source, version.capturedAt.milliseconds]
                )
                try Row(version).insert(db)
            }
            for observation in observations {
                try Row(observation).insert(db)
            }
            for event in events { try Row(event).insert(db) }
        }
    }

    /// Runs `body` in a read transaction on GRDB's reader queue, suspending until it is done.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.catalog, "Catalog query failed in \(writer.path)", underlying: error)
        }
    }

    /// How many lookup connections are open and held by no lookup now; for tests.
    var idleLookupConnections: Int { lookups.idleCount }

    /// Runs a short read on the calling thread, for the point lookups of every dated request: the hop to GRDB's
    /// reader queue and back cost more than the query itself. A WAL reader never waits for the writer, and the
    /// lookups have connections of their own, one per lookup at a time (``LookupConnection``), so the thread is held
    /// only for the lookup.
    func readInPlace<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try lookups.read(body)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.catalog, "Catalog query failed in \(lookups.path)", underlying: error)
        }
    }

    /// The value of a pragma on the connection that writes (such as `synchronous`), for checks.
    func writerPragma(_ name: String) throws -> String? {
        try writer.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA \(name)") }
    }

    /// Runs `body` in a write transaction on GRDB's writer queue, suspending until it is committed.
    func write<T: Sendable>(_ what: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.catalog, "Could not \(what): the catalog \(writer.path) failed", underlying: error)
        }
    }
}

extension SQLiteCatalog {
    private static let summarySQL = """
        SELECT d.id AS id, d.source AS source,
            (SELECT title FROM version WHERE documentID = d.id ORDER BY capturedAt DESC LIMIT 1) AS title,
            (SELECT COUNT(*) FROM version WHERE documentID = d.id) AS versionCount,
            (SELECT COUNT(*) FROM observation WHERE documentID = d.id) AS observationCount,
            (SELECT MIN(capturedAt) FROM version WHERE documentID = d.id) AS firstCapturedAt,
            (SELECT MAX(capturedAt) FROM version WHERE documentID = d.id) AS lastCapturedAt
        FROM document d
        """

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "document") { table in
                table.primaryKey("id", .text)
                table.column("source", .text)
                table.column("createdAt", .integer).notNull()
            }
            try db.create(table: "version") { table in
                table.primaryKey("id", .text)
                table.column("documentID", .text).notNull().references("document", onDelete: .cascade)
                table.column("capturedAt", .integer).notNull()
                table.column("sha256", .text).notNull()
                table.column("size", .integer).notNull()
                table.column("bundlePath", .text).notNull().unique()
                table.column("format", .text).notNull()
                table.column("importer", .text).notNull()
                table.column("originalExtension", .text).notNull()
                table.column("source", .text)
                table.column("title", .text)
                table.column("published", .integer)
                table.column("updated", .integer)
                table.column("language", .text)
                table.uniqueKey(["documentID", "capturedAt"])
            }
            try db.create(table: "observation") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("documentID", .text).notNull().references("document", onDelete: .cascade)
                table.column("capturedAt", .integer).notNull()
                table.column("sha256", .text).notNull()
                table.column("versionID", .text).notNull()
            }
            try db.create(index: "observation_on_document", on: "observation", columns: ["documentID", "capturedAt"])
            try db.create(table: "event") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .integer).notNull()
                table.column("kind", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("documentID", .text)
                table.column("versionID", .text)
                table.column("detail", .text).notNull()
            }
            try db.create(index: "event_on_document", on: "event", columns: ["documentID"])
        }
        migrator.registerMigration("v2") { db in
            try db.create(index: "document_on_source", on: "document", columns: ["source"])
            try db.create(table: "accessToken") { table in
                table.primaryKey("id", .text)
                table.column("role", .text).notNull()
                table.column("name", .text)
                table.column("createdAt", .integer).notNull()
                table.column("secretSHA256", .text).notNull().unique()
            }
        }
        migrator.registerMigration("v3") { db in
            // The store key of a version's newest re-extracted document (`mura reextract`).
            try db.alter(table: "version") { table in table.add(column: "extraction", .text) }
        }
        migrator.registerMigration("v4") { db in
            // The SHA-256 of each bundle file as written; rows stored before stay NULL until verify records it.
            try db.alter(table: "version") { table in table.add(column: "bundleSHA256", .text) }
        }
        migrator.registerMigration("v5") { db in
            // The search index; an archive that has versions fills it when next opened (Archive.open).
            try searchIndexMigration(db)
        }
        migrator.registerMigration("v6") { db in
            // Every term of the index, where prefixes are expanded (filled from the index itself).
            try searchTermMigration(db)
        }
        migrator.registerMigration("v7") { db in
            // Neighbouring terms as pairs, where phrases are matched; an archive that has versions fills the index
            // again when next opened.
            try searchPairMigration(db)
        }
        migrator.registerMigration("v8") { db in
            // Which terms are frequent, so that the pairs of frequent terms are kept too.
            try searchFrequentMigration(db)
        }
        migrator.registerMigration("v9") { db in
            // Captures that found a page gone (the HTTP status), kept as observations.
            try db.alter(table: "observation") { table in table.add(column: "gone", .integer) }
        }
        return migrator
    }
}

/// A catalog row holding one of the public model values; keeps GRDB out of the public API.
private struct Row<Value: Codable & CatalogTable>: Codable, FetchableRecord, PersistableRecord {
    static var databaseTableName: String { Value.tableName }
    // Dates are whole milliseconds since 1970: exact, compact, and ordered as numbers.
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .millisecondsSince1970
    }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .millisecondsSince1970
    }
    var value: Value

    init(_ value: Value) { self.value = value }
    init(from decoder: any Decoder) throws { value = try Value(from: decoder) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

private protocol CatalogTable {
    static var tableName: String { get }
}

extension Version: CatalogTable {
    fileprivate static var tableName: String { "version" }
}

extension Observation: CatalogTable {
    fileprivate static var tableName: String { "observation" }
}

extension ProvenanceEvent: CatalogTable {
    fileprivate static var tableName: String { "event" }
}

extension DocumentSummary: CatalogTable {
    fileprivate static var tableName: String { "document" }
}
