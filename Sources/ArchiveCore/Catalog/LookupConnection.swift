import Foundation
import GRDB
import Synchronization

/// The catalog's connections for the lookups that run on the calling thread (``SQLiteCatalog/readInPlace(_:)``):
/// read only and opened on first use; none is used by an asynchronous read, except a read-only catalog's own.
///
/// A synchronous read from the pool could deadlock: it waits for a free reader, and an asynchronous read gives its
/// reader back only when its task runs again, which needs one of the few Swift concurrency threads that waiting
/// synchronous reads may all hold. A lookup takes a connection no other lookup holds, or opens one, so it never waits
/// for another lookup, nor for a suspended task (a read-only catalog's own connection, which lookups share with its
/// asynchronous reads, may make it wait for a read already running). Since a lookup never suspends, there are never
/// more connections than threads that looked up at once; those left idle beyond ``idleLimit`` are closed.
final class LookupConnection: Sendable {
    let path: String
    /// The connections no lookup holds now.
    private let idle: Mutex<[DatabaseQueue]>

    /// The most idle connections kept open: about as many threads as may look up at once (the Swift concurrency
    /// threads, the service's blocking threads and its event loops).
    static var idleLimit: Int { 4 * ProcessInfo.processInfo.activeProcessorCount }

    /// - Parameter queue: a read-only queue to use, when the catalog has one (``SQLiteCatalog/readingOnly(path:)``).
    init(path: String, queue: DatabaseQueue? = nil) {
        self.path = path
        self.idle = Mutex(queue.map { [$0] } ?? [])
    }

    /// How many connections are open and held by no lookup now; for tests.
    var idleCount: Int { idle.withLock { $0.count } }

    /// Runs `body` in a read-only transaction on the calling thread.
    ///
    /// The transaction's `BEGIN` and `COMMIT` are statements prepared once per connection: GRDB's `read` prepares
    /// them again for every lookup, which cost as much as the lookup's own queries.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? Self.open(path)
        // A connection past the limit is closed when the last reference to it goes.
        defer { idle.withLock { if $0.count < Self.idleLimit { $0.append(connection) } } }
        return try connection.inDatabase { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            // A lookup that fails ends its transaction too: GRDB stops the process when a transaction is left open at
            // the end of a database access (it would hold its snapshot, and later lookups would miss new versions).
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
