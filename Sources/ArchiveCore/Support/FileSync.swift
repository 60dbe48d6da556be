public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flushing files and folders to stable storage.
public enum FileSync {
    /// Writes `data` into a new file at `url` and `fsync`s it.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file.
    public static func write(_ data: Data, to url: URL) throws {
        do {
            try data.write(to: url, options: .withoutOverwriting)
            try sync(fileAt: url)
        } catch {
            throw ArchiveError(
                .writeFailed,
                "Could not write \(url.path). Check the free space and the health of its volume.",
                underlying: error
            )
        }
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
