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

    /// Runs `body` holding the lock, waiting for it without blocking a thread: while another writer holds it, the
    /// task suspends and tries again (after 1 ms at first, then up to 20 ms). A thread blocked in `flock` could be one that
    /// the writer holding the lock needs for its own blocking work.
    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        let descriptor = try openLockFile()
        defer { close(descriptor) }
        var pause = 1
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            switch errno {
            case EINTR: continue
            case EWOULDBLOCK:
                // Not Task.sleep: a writer waits for its turn even when its task is cancelled, as one blocked in
                // flock did.
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(pause)) { continuation.resume() }
                }
                pause = min(20, pause * 2)
            default: throw ArchiveError(.writeFailed, "Could not lock \(url.path) (errno \(errno)).")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }

    private func openLockFile() throws -> CInt {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveError(
                .writeFailed,
                "Could not open the archive's write lock \(url.path) (errno \(errno)); check that the archive "
                    + "folder is writable."
            )
        }
        return descriptor
    }
}
