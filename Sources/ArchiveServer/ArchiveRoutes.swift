import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// The routes of the archive service: documents, versions, dated reads, ingest, and the Memento TimeGate and
/// TimeMap. Every route goes through ``Archive``; none touches the catalog or bundles directly.
struct ArchiveRoutes: Sendable {
    let archive: Archive
    let registry: PluginRegistry
    let maximumBodySize: Int

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in try JSONBody.response(["status": "ok"]) }
        router.get("/documents") { _, _ in try JSONBody.response(try archive.catalog.documents()) }
        router.post("/documents") { request, context in try await ingest(request, context: context) }
        router.get("/documents/**") { request, context in try document(request, context: context) }
        router.get("/timegate/**") { request, context in try timegate(request, context: context) }
        router.get("/timegate") { request, _ in try timegate(request, id: try documentID(forURL: request)) }
        router.get("/timemap/**") { request, context in try timemap(request, context: context) }
    }

    /// `POST /documents?id=&url=&captured_at=`: the body is the publication; Content-Type picks the importer.
    private func ingest(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: maximumBodySize)
        let query = request.uri.queryParameters
        let capturedAt = try query.get("captured_at").map { try ArchiveDate.parse(String($0), field: "captured_at") }
        let results = try archive.ingest(
            IngestRequest(
                data: Data(body.readableBytesView),
                name: "request body",
                mediaType: request.headers[.contentType],
                documentID: query.get("id").map { String($0) },
                sourceURL: query.get("url").map { String($0) },
                capturedAt: capturedAt
            ),
            registry: registry
        )
        let lines = results.map { result -> [String: String] in
            switch result.outcome {
            case .newVersion(let version):
                [
                    "documentID": result.documentID, "status": "new", "versionID": version.id,
                    "capturedAt": ArchiveDate.format(version.capturedAt),
                ]
            case .unchanged(let observation):
                [
                    "documentID": result.documentID, "status": "unchanged", "versionID": observation.versionID,
                    "capturedAt": ArchiveDate.format(observation.capturedAt),
                ]
            }
        }
        let payload: [String: [[String: String]]] = ["results": lines]
        return try JSONBody.response(payload, status: results.contains { $0.isNew } ? .created : .ok)
    }

    /// `GET /documents/{id}` (latest, or `?at=DATE`), `/documents/{id}/versions`, `/documents/{id}/versions/{n}`.
    private func document(_ request: Request, context: BasicRequestContext) throws -> Response {
        var parts = Self.pathSegments(context)
        if parts.count >= 2, parts[parts.count - 2] == "versions", let number = Int(parts[parts.count - 1]) {
            parts.removeLast(2)
            let id = parts.joined(separator: "/")
            return try memento(archive.version(of: id, ordinal: number), id: id)
        }
        if parts.last == "versions" {
            parts.removeLast()
            let id = parts.joined(separator: "/")
            _ = try archive.version(of: id, ordinal: 1)
            return try JSONBody.response(try archive.catalog.versions(of: id))
        }
        let id = parts.joined(separator: "/")
        if let at = request.uri.queryParameters.get("at") {
            return try memento(
                archive.version(of: id, at: try ArchiveDate.parse(String(at), field: "at", anchor: .endOfDay)),
                id: id
            )
        }
        return try memento(archive.latestVersion(of: id), id: id)
    }

    /// A memento: the original bytes, with Memento-Datetime and the Memento `Link` header.
    private func memento(_ version: Version, id: String) throws -> Response {
        let content = try archive.content(of: version)
        let all = try archive.catalog.versions(of: id)
        let ordinal = (all.firstIndex { $0.id == version.id } ?? 0) + 1
        let summary = try archive.catalog.document(id: id)
        var headers: HTTPFields = [:]
        headers[.contentType] = Self.mediaType(version)
        headers[HTTPField.Name("Memento-Datetime")!] = MementoLinks.httpDate(version.capturedAt)
        headers[HTTPField.Name("Link")!] = MementoLinks.forMemento(
            version,
            ordinal: ordinal,
            all: all,
            original: summary.map(MementoLinks.original) ?? "/documents/\(MementoLinks.path(id))"
        )
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: content.original)))
    }

    /// `GET /timegate/{id}` with `Accept-Datetime`: 302 to the memento in force then (the latest without it).
    private func timegate(_ request: Request, context: BasicRequestContext) throws -> Response {
        let id = Self.pathSegments(context).joined(separator: "/")
        return try timegate(request, id: id)
    }

    /// `GET /timegate?url=ORIGINAL`: the document whose id or source URL is the original resource.
    private func documentID(forURL request: Request) throws -> String {
        guard let url = request.uri.queryParameters.get("url").map({ String($0) }), !url.isEmpty else {
            throw ArchiveError(
                .invalidArgument,
                "Give the original resource as ?url=, for example /timegate?url=https://example.org/a."
            )
        }
        if let match = try archive.catalog.documents().first(where: { $0.id == url || $0.source == url }) {
            return match.id
        }
        throw ArchiveError(.unknownDocument, "No document in the archive has the original URL \(url).")
    }

    private func timegate(_ request: Request, id: String) throws -> Response {
        let version: Version
        if let header = request.headers[HTTPField.Name("Accept-Datetime")!] {
            guard let date = MementoLinks.parseHTTPDate(header) else {
                throw ArchiveError(
                    .invalidDate,
                    "Accept-Datetime: '\(header)' is not an HTTP date such as 'Tue, 01 Mar 2022 10:00:00 GMT'."
                )
            }
            version = try archive.version(of: id, at: date)
        } else {
            version = try archive.latestVersion(of: id)
        }
        let all = try archive.catalog.versions(of: id)
        let ordinal = (all.firstIndex { $0.id == version.id } ?? 0) + 1
        let summary = try archive.catalog.document(id: id)
        let path = MementoLinks.path(id)
        var headers: HTTPFields = [:]
        headers[.location] = "/documents/\(path)/versions/\(ordinal)"
        headers[.vary] = "accept-datetime"
        headers[HTTPField.Name("Link")!] = [
            "<\(summary.map(MementoLinks.original) ?? "/documents/\(path)")>; rel=\"original\"",
            "</timemap/\(path)>; rel=\"timemap\"; type=\"application/link-format\"",
        ].joined(separator: ", ")
        return Response(status: .found, headers: headers)
    }

    /// `GET /timemap/{id}`: every memento in `application/link-format`.
    private func timemap(_ request: Request, context: BasicRequestContext) throws -> Response {
        let id = Self.pathSegments(context).joined(separator: "/")
        guard let summary = try archive.catalog.document(id: id) else {
            throw ArchiveError(.unknownDocument, "No document '\(id)' in the archive.")
        }
        let path = MementoLinks.path(id)
        let versions = try archive.catalog.versions(of: id)
        var lines = [
            "<\(MementoLinks.original(summary))>; rel=\"original\"",
            "</timemap/\(path)>; rel=\"self\"; type=\"application/link-format\"",
            "</timegate/\(path)>; rel=\"timegate\"",
        ]
        for (index, version) in versions.enumerated() {
            var rel = "memento"
            if index == 0 { rel = "first " + rel }
            if index == versions.count - 1 { rel = "last " + rel }
            lines.append(
                "</documents/\(path)/versions/\(index + 1)>; rel=\"\(rel)\"; datetime=\"\(MementoLinks.httpDate(version.capturedAt))\""
            )
        }
        if request.uri.queryParameters.get("format") == "json" {
            let mementos = versions.enumerated().map { index, version in
                ["uri": "/documents/\(path)/versions/\(index + 1)", "datetime": ArchiveDate.format(version.capturedAt)]
            }
            let map: [String: [[String: String]]] = [
                "original": [["uri": MementoLinks.original(summary)]], "timegate": [["uri": "/timegate/\(path)"]],
                "mementos": mementos,
            ]
            return try JSONBody.response(map)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "application/link-format"],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: ",\n") + "\n"))
        )
    }

    /// The decoded path segments a `**` route captured: a document id may itself contain `/`.
    private static func pathSegments(_ context: BasicRequestContext) -> [String] {
        context.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }
    }

    static func mediaType(_ version: Version) -> String {
        switch version.format.rawValue {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json"
        case "text": "text/plain"
        default: "application/octet-stream"
        }
    }
}
