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
/// The file's name is removed as soon as it is created: the file lives only as long as the spool holds it open, so a
/// server that stops in the middle of an upload, even killed, leaves nothing in the temporary folder.
final class RequestBodySpool: Sendable {
    let size: Int
    private let descriptor: Int32

    private init(descriptor: Int32, size: Int) {
        self.descriptor = descriptor
        self.size = size
    }

    deinit {
        close(descriptor)
    }

    /// Writes `request`'s body to a new temporary file.
    ///
    /// - Throws: ``ServiceError/contentTooLarge(limit:)`` (413) once the body passes `limit` bytes, before more is read.
    static func spool(_ request: Request, limit: Int) async throws -> RequestBodySpool {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServiceError.contentTooLarge(limit: limit)
        }
        let url = FileManager.default.temporaryDirectory.appending(path: "mura-upload-\(UUID().uuidString)")
        // Readable by the service's user only: a publication may not be public yet.
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServiceError(
                status: .internalServerError,
                code: "write-failed",
                message: "Could not store the request body in a temporary file: \(String(cString: strerror(errno)))."
            )
        }
        unlink(url.path)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        var size = 0
        do {
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= limit else { throw ServiceError.contentTooLarge(limit: limit) }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
        } catch {
            close(descriptor)
            throw error
        }
        return RequestBodySpool(descriptor: descriptor, size: size)
    }

    /// The body's bytes, mapped from the file.
    ///
    /// - Throws: ``ServiceError`` (500) when the file cannot be mapped.
    func data() throws -> Data {
        guard size > 0 else { return Data() }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw ServiceError(
                status: .internalServerError,
                code: "read-failed",
                message: "Could not read the request body back: \(String(cString: strerror(errno)))."
            )
        }
        return Data(bytesNoCopy: mapped, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }
}
