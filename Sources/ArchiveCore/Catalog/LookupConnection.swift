import GRDB
import Synchronization

/// The catalog's connections for the lookups that run on the calling thread (``SQLiteCatalog/readInPlace(_:)``):
/// read only, opened on first use, and never used by an asynchronous read.
///
/// A synchronous read from the pool could deadlock: it waits for a free reader, and an asynchronous read gives its
/// reader back only when its task runs again, which needs one of the few Swift concurrency threads that waiting
/// synchronous reads may all hold. A lookup takes a connection no other lookup holds, or opens one, so it waits for
/// nothing; since a lookup never suspends, there are never more connections than threads that look up at once.
final class LookupConnection: Sendable {
    let path: String
    /// The connections no lookup holds now.
    private let idle: Mutex<[DatabaseQueue]>

    /// - Parameter queue: a read-only queue to use, when the catalog has one (``SQLiteCatalog/readingOnly(path:)``).
    init(path: String, queue: DatabaseQueue? = nil) {
        self.path = path
        self.idle = Mutex(queue.map { [$0] } ?? [])
    }

    /// Runs `body` in a read-only transaction on the calling thread.
    ///
    /// The transaction's `BEGIN` and `COMMIT` are statements prepared once per connection: GRDB's `read` prepares
    /// them again for every lookup, which cost as much as the lookup's own queries.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? Self.open(path)
        defer { idle.withLock { $0.append(connection) } }
        return try connection.inDatabase { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            // A transaction left open would hold its snapshot: later lookups would miss new versions, and the WAL
            // could not be checkpointed.
            defer { if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() } }
            let result = try body(db)
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        }
    }

    /// A read-only connection to the catalog at `path`.
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in SearchRank.register(db) }
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
