public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flushing files and folders to stable storage.
public enum FileSync {
    /// Writes `data` into a new file at `url` (never over an existing one) and `fsync`s it, through one descriptor.
    /// A file that could not be written whole is removed.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file and the system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw writeFailed(url, errno) }
        var failure = data.withUnsafeBytes { writeAll($0, to: descriptor) }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil, errno != EINTR { failure = errno }
        if let failure {
            unlink(url.path)
            throw writeFailed(url, failure)
        }
    }

    /// Writes all of `bytes` at a descriptor's current offset, again where a write stops short or is interrupted.
    ///
    /// - Returns: `nil` when every byte was written, else the `errno` of the write that failed.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    private static func writeFailed(_ url: URL, _ code: Int32) -> ArchiveError {
        let advice =
            switch code {
            case EEXIST: "A file of that name is already there; it was left as it is."
            case ENOENT, ENOTDIR: "Check that its folder exists."
            case EACCES, EPERM, EROFS: "Check that the folder is writable by this user."
            default: "Check the free space and the health of its volume."
            }
        return ArchiveError(
            .writeFailed,
            "Could not write \(url.path): \(String(cString: strerror(code))). \(advice)",
            underlying: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        )
    }

    /// `fsync`s the file or folder at `url`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/bundleIO`` naming the path.
    public static func sync(fileAt url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ArchiveError(.bundleIO, "Could not open \(url.path) to flush it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw ArchiveError(.bundleIO, "Could not flush \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// The system's `write(2)` (``FileSync`` has a `write` of its own).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
