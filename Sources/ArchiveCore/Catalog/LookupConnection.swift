import GRDB
import Synchronization

/// The catalog's connection for the lookups that run on the calling thread (``SQLiteCatalog/readInPlace(_:)``): read
/// only, opened on first use, and never used by an asynchronous read.
///
/// A synchronous read from the pool could deadlock: it waits for a free reader, and an asynchronous read gives its
/// reader back only when its task runs again, which needs one of the few Swift concurrency threads that waiting
/// synchronous reads may all hold. This connection waits only for other lookups, and none of them suspends.
final class LookupConnection: Sendable {
    let path: String
    private let queue: Mutex<DatabaseQueue?>

    /// - Parameter queue: a read-only queue to use, when the catalog has one (``SQLiteCatalog/readingOnly(path:)``).
    init(path: String, queue: DatabaseQueue? = nil) {
        self.path = path
        self.queue = Mutex(queue)
    }

    /// Runs `body` in a read-only transaction on the calling thread.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try queue.withLock { queue in
            if let queue { return queue }
            let opened = try Self.open(path)
            queue = opened
            return opened
        }
        return try connection.read(body)
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
