public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Flushing files and folders to stable storage.
public enum FileSync {
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

extension Locale {
    /// libarchive converts entry names through the C locale and crashes on non-ASCII names under "C";
    /// switch `LC_CTYPE` to UTF-8 once before the first archive is opened.
    static func enableUTF8ForLibarchive() {
        _ = libarchiveLocale
    }

    private static let libarchiveLocale: Bool = {
        setlocale(LC_CTYPE, "C.UTF-8") != nil
    }()
}
