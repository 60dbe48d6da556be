import Foundation
import HTTPTypes
import Hummingbird

/// A request body written to a temporary file as it arrives, up to a size limit, then read back memory-mapped:
/// large uploads never sit whole in the server's heap. The file is deleted when the spool is.
final class RequestBodySpool: Sendable {
    let url: URL
    let size: Int

    private init(url: URL, size: Int) {
        self.url = url
        self.size = size
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
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
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = try? FileHandle(forWritingTo: url)
        else {
            throw ServiceError(
                status: .internalServerError,
                code: "write-failed",
                message: "Could not store the request body in a temporary file."
            )
        }
        var size = 0
        do {
            defer { try? handle.close() }
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= limit else { throw ServiceError.contentTooLarge(limit: limit) }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return RequestBodySpool(url: url, size: size)
    }

    /// The body's bytes, mapped from the file.
    func data() throws -> Data {
        size == 0 ? Data() : try Data(contentsOf: url, options: .alwaysMapped)
    }
}
