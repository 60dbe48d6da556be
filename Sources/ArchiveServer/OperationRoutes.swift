import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /exports` (a BagIt, OCFL or WARC package, streamed back) and `POST /verify`.
struct OperationRoutes: Sendable {
    let service: ArchiveService

    /// Orders and verify requests are small JSON documents.
    static let orderLimit = 1 << 20

    func register(on router: Router<BasicRequestContext>) {
        router.post("/exports") { request, _ in try await export(request) }
        router.post("/verify") { request, _ in try await verify(request) }
    }

    /// Builds the package in a temporary folder, then streams it back; the folder goes when the response is sent.
    private func export(_ request: Request) async throws -> Response {
        let body = try await Self.order(request)
        let order = try ExportOrder.decode(Data(body.readableBytesView))
        let registry = service.registry
        let exporters = try order.validated(registry: registry)
        let name = order.fileName
        let pass = try service.exports.enter()
        let archive = service.archive
        let limit = service.maximumScratchSize
        let versions = try await archive.versions(for: order.selection)
        // The originals, each rendering (never much larger than its original) and, for OCFL, the root that is
        // packed into the file sent: what the package needs on disk before it is sent.
        let copies = (1 + exporters.count) * (order.kind == .ocfl ? 2 : 1)
        let estimate = versions.reduce(0) { $0 + $1.version.size * copies + 8192 }
        let scratch = try await service.blocking.run { try ScratchFolder(reserving: estimate, limit: limit) }
        let target = scratch.url.appending(path: name)
        let file: URL
        let report: ExportReport
        if order.kind == .ocfl {
            // An OCFL storage root is a folder: it is written beside the file, then packed into it.
            let root = scratch.url.appending(path: "ocfl-root", directoryHint: .isDirectory)
            report = try await archive.export(order, to: root, registry: registry)
            try await service.blocking.run { try Self.pack(folder: root, into: target) }
        } else {
            report = try await archive.export(order, to: target, registry: registry)
        }
        file = target
        let size = try file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        var headers: HTTPFields = [
            .contentType: order.mediaType,
            .contentDisposition: "attachment; filename=\"\(name)\"",
        ]
        headers[.muraDocuments] = "\(report.documents)"
        headers[.muraVersions] = "\(report.versions)"
        return Response(
            status: .ok,
            headers: headers,
            body: ResponseBody(contentLength: size) { [blocking = service.blocking] writer in
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                // The staging goes at once (the open file stays readable), and the gate opens before the last bytes
                // are sent: a client that asks again as soon as it has the package is not told to wait.
                try? await blocking.run { scratch.remove() }
                try await Self.stream(handle, size: size, to: &writer) { pass.release() }
                pass.release()
                try await writer.finish(nil)
            }
        )
    }

    /// `POST /verify` with an optional `{"documents": [...]}`: re-hashes the bundles; 200 with the report, whose
    /// `clean` is false when something is damaged.
    private func verify(_ request: Request) async throws -> Response {
        let body = try await Self.order(request)
        struct Order: Decodable { var documents: [String]? }
        let ids: [String]
        do {
            ids =
                body.readableBytes == 0
                ? [] : try JSONDecoder().decode(Order.self, from: Data(body.readableBytesView)).documents ?? []
        } catch {
            throw ServiceError.badParameter(
                "The verify request must be JSON such as {\"documents\": [\"press/42\"]}, or empty for all."
            )
        }
        let archive = service.archive
        let pass = try service.verifications.enter()
        let report = try await archive.verify(documentIDs: ids)
        withExtendedLifetime(pass) {}
        return try JSONBody.response(VerifyResponse(report: report))
    }

    /// The body of an order or verify request, at most ``orderLimit`` bytes.
    ///
    /// - Throws: ``ServiceError`` 413 naming the limit and what to send instead.
    private static func order(_ request: Request) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: orderLimit)
        } catch is NIOTooManyBytesError {
            throw ServiceError(
                status: .contentTooLarge,
                code: "content-too-large",
                message: "The order is larger than \(orderLimit) bytes; name fewer documents in each request, or "
                    + "choose them with \"all\", \"since\" and \"until\" (verify takes an empty body for all)."
            )
        }
    }

    /// Packs a folder into a tar or zip file, its entries under the folder's name.
    private static func pack(folder: URL, into target: URL) throws {
        guard let format = LibArchiveFormat(fileName: target.lastPathComponent) else {
            throw ArchiveError(.invalidArgument, "Cannot pack into \(target.lastPathComponent).")
        }
        let writer = try LibArchiveWriter(url: target, format: format)
        let top = target.lastPathComponent.components(separatedBy: ".").first ?? "ocfl"
        let base = folder.standardizedFileURL.path
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = files?.nextObject() as? URL {
            guard try file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(file.standardizedFileURL.path.dropFirst(base.count + 1))
            try writer.add("\(top)/\(relative)", try Data(contentsOf: file))
        }
        try writer.close()
    }

    /// Sends the `size` bytes of `handle`, calling `beforeLast` before the chunk that ends them.
    private static func stream(
        _ handle: FileHandle,
        size: Int,
        to writer: inout any ResponseBodyWriter,
        beforeLast: () -> Void
    ) async throws {
        var sent = 0
        while let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
            sent += chunk.count
            if sent >= size { beforeLast() }
            try await writer.write(ByteBuffer(data: chunk))
        }
    }
}

/// The answer to `POST /verify`.
struct VerifyResponse: Encodable {
    var clean: Bool
    var checkedVersions: Int
    var recordedDigests: Int
    var notRecorded: String?
    var problems: [VerificationReport.Problem]

    init(report: VerificationReport) {
        clean = report.isClean
        checkedVersions = report.checkedVersions
        recordedDigests = report.recordedDigests
        notRecorded = report.notRecorded
        problems = report.problems
    }
}

extension HTTPField.Name {
    static let muraDocuments = HTTPField.Name("Mura-Documents")!
    static let muraVersions = HTTPField.Name("Mura-Versions")!
}
