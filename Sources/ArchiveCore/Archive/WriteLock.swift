import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The archive's writer lock: one writer at a time, across threads and processes (`flock` on a file in the
/// archive folder). Readers never take it; SQLite's WAL mode lets them read while a writer works.
///
/// Parsing happens before the lock is taken, so concurrent ingests only queue for the short store step.
struct WriteLock: Sendable {
    /// The lock file; it holds nothing and may be deleted while no writer runs.
    let url: URL

    init(archive root: URL) {
        url = root.appending(path: ".write-lock")
    }

    func withLock<T>(_ body: () throws -> T) throws -> T {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveError(
                .writeFailed,
                "Could not open the archive's write lock \(url.path) (errno \(errno)); check that the archive "
                    + "folder is writable."
            )
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw ArchiveError(.writeFailed, "Could not lock \(url.path) (errno \(errno)).")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
