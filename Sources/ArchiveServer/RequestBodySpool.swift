import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request body written to a temporary file as it arrives, up to a size limit, then read back memory-mapped:
/// large uploads never sit whole in the server's heap.
///
/// The file has no name in the temporary folder (made nameless, or its name removed as soon as it is created): it
/// lives only as long as it is open or mapped, so a server that stops in the middle of an upload, even killed, leaves
/// nothing there.
struct RequestBodySpool: Sendable {
    /// The body's bytes, mapped from the file (unmapped when the last copy goes).
    let data: Data

    /// Writes `request`'s body to a new temporary file and maps it.
    ///
    /// - Throws: ``ServiceError/contentTooLarge(limit:)`` (413) once the body passes `limit` bytes, before more is
    ///   read; a ``ServiceError`` (500) when the temporary file cannot be written or read back.
    static func spool(_ request: Request, limit: Int) async throws -> RequestBodySpool {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServiceError.contentTooLarge(limit: limit)
        }
        let descriptor = try openNameless(in: FileManager.default.temporaryDirectory)
        // The mapping keeps the file once the descriptor is closed.
        defer { close(descriptor) }
        var size = 0
        for try await buffer in request.body {
            size += buffer.readableBytes
            guard size <= limit else { throw ServiceError.contentTooLarge(limit: limit) }
            if let code = buffer.withUnsafeReadableBytes({ FileSync.writeAll($0, to: descriptor) }) {
                throw failure("write the request body to its temporary file", code)
            }
        }
        guard size > 0 else { return RequestBodySpool(data: Data()) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw failure("read the request body back from its temporary file", errno)
        }
        return RequestBodySpool(
            data: Data(
                bytesNoCopy: mapped,
                count: size,
                deallocator: .custom { pointer, count in munmap(pointer, count) }
            )
        )
    }

    /// A new file in `folder`, readable by the service's user only (a publication may not be public yet), that has
    /// no name there.
    private static func openNameless(in folder: URL) throws -> Int32 {
        #if os(Linux)
        let nameless = open(folder.path, temporaryFile | O_RDWR | O_CLOEXEC, 0o600)
        if nameless >= 0 { return nameless }
        // Not every file system makes nameless files: then a named one, its name removed at once.
        #endif
        let url = folder.appending(path: "mura-upload-\(UUID().uuidString)")
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create a temporary file for the request body", errno) }
        guard unlink(url.path) == 0 else {
            let code = errno
            close(descriptor)
            throw failure("remove the name of the request body's temporary file \(url.path)", code)
        }
        return descriptor
    }

    #if os(Linux)
    /// Linux's `O_TMPFILE`, which Swift does not import (a macro of macros): `__O_TMPFILE | O_DIRECTORY`, as on x86_64
    /// and arm64. A kernel or file system without it refuses the open, and the named file is used.
    private static let temporaryFile: Int32 = 0o2000_0000 | O_DIRECTORY
    #endif

    private static func failure(_ action: String, _ code: Int32) -> ServiceError {
        ServiceError(
            status: .internalServerError,
            code: "write-failed",
            message: "Could not \(action): \(String(cString: strerror(code))). Check the free space and permissions "
                + "of the server's temporary folder (TMPDIR)."
        )
    }
}
