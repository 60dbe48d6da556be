import ArchiveCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file the command line writes for the user, such as a restored original: whole or not at all, through a staged
/// file in the same folder renamed over it; a device or a pipe is written into.
///
/// It is not synced to disk, as `cp` does not sync: it is a copy, and the archive keeps the original.
public enum OutputFile {
    /// Writes `data` to `path`, replacing a file there.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file and the reason.
    static func write(_ data: Data, to path: String) throws {
        if isStream(path) {
            // A device or a pipe (/dev/null, a FIFO another program reads) is written into, not replaced.
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw failure(path) }
            var failed = writeAll(data, to: descriptor) ? nil : failure(path)
            if close(descriptor) != 0, failed == nil { failed = failure(path) }
            if let failed { throw failed }
            return
        }
        let target = URL(filePath: path)
        // A name of its own each time: one left by a restore that was killed never stands in the way.
        let staged = target.deletingLastPathComponent()
            .appending(path: ".\(target.lastPathComponent).\(UUID().uuidString.lowercased()).partial")
        let descriptor = open(staged.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure(path) }
        let complete = writeAll(data, to: descriptor)
        var failed = complete ? nil : failure(path)
        if close(descriptor) != 0, failed == nil { failed = failure(path) }
        if failed == nil, rename(staged.path, target.path) != 0 { failed = failure(path) }
        if let failed {
            unlink(staged.path)
            throw failed
        }
    }

    /// Whether `path` names a character device or a pipe (following links): what is written there is read or
    /// dropped as it comes, and there is no file to replace.
    public static func isStream(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind == S_IFCHR || kind == S_IFIFO
    }

    /// Writes all of `data` to `descriptor`; `false` with `errno` set when a write fails.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { bytes in
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
    }

    /// The error for the last system call that failed on `path`.
    private static func failure(_ path: String) -> ArchiveError {
        ArchiveError(
            .writeFailed,
            "Cannot write \(path): \(String(cString: strerror(errno))). Check the folder exists and is writable."
        )
    }
}
