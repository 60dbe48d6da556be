import ArchiveCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the command line writes for the user, such as a restored original: whole or not at all, through a staged
/// file in the same folder renamed over it.
///
/// It is not synced to disk, as `cp` does not sync: it is a copy, and the archive keeps the original.
enum OutputFile {
    /// Writes `data` to `path`, replacing a file there.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file and the reason.
    static func write(_ data: Data, to path: String) throws {
        let target = URL(filePath: path)
        // A name of its own each time: one left by a restore that was killed never stands in the way.
        let staged = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).\(UUID().uuidString.lowercased()).partial")
        let descriptor = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path) }
        let complete = data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    if count == 0 { errno = EIO }
                    return false
                }
                offset += count
            }
            return true
        }
        var failed = complete ? nil : failure(path)
        if close(descriptor) != 0, failed == nil { failed = failure(path) }
        if failed == nil, rename(staged.path, target.path) != 0 { failed = failure(path) }
        if let failed {
            unlink(staged.path)
            throw failed
        }
    }

    /// The error for the last system call that failed on `path`.
    private static func failure(_ path: String) -> ArchiveError {
        ArchiveError(
            .writeFailed,
            "Cannot write \(path): \(String(cString: strerror(errno))). Check the folder exists and is writable."
        )
    }
}
