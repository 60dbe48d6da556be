import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// Memento (RFC 7089): TimeGates by document id and by original URL, and TimeMaps in link-format or JSON.
struct MementoRoutes: Sendable {
    let service: ArchiveService

    func register(on router: Router<BasicRequestContext>) {
        // Catalog queries block: they run on the service's own threads (BlockingPool).
        router.get("/timegate/**") { request, context in
            try await service.blocking.run {
                try timegate(request, id: ArchiveService.pathSegments(context).joined(separator: "/"))
            }
        }
        router.get("/timegate") { request, _ in
            try await service.blocking.run { try timegate(request, id: try documentID(forURL: request)) }
        }
        router.get("/timemap/**") { request, context in
            try await service.blocking.run { try timemap(request, context: context) }
        }
    }

    /// `GET /timegate?url=ORIGINAL`: the document whose id or source URL is the original resource.
    private func documentID(forURL request: Request) throws -> String {
        guard let url = request.uri.queryParameters.get("url").map { String($0) }, !url.isEmpty else {
            throw ServiceError.badParameter(
                "url: give the original resource as ?url=, for example /timegate?url=https://example.org/a."
            )
        }
        let catalog = service.archive.catalog
        if let match = try catalog.document(id: url) ?? catalog.documents(DocumentQuery(source: url, limit: 1)).first {
            return match.id
        }
        throw ArchiveError(.unknownDocument, "No document in the archive has the original URL \(url).")
    }

    /// `GET /timegate/{id}` with `Accept-Datetime`: 302 to the memento in force then (the current one without it).
    private func timegate(_ request: Request, id: String) throws -> Response {
        let memento: Memento
        if let header = request.headers[.acceptDatetime] {
            guard let date = MementoLinks.parseHTTPDate(header) else {
                throw ArchiveError(
                    .invalidDate,
                    "Accept-Datetime: '\(header)' is not an HTTP date such as 'Tue, 01 Mar 2022 10:00:00 GMT'."
                )
            }
            memento = try service.archive.memento(of: id, at: date)
        } else {
            memento = try service.archive.memento(of: id)
        }
        let path = MementoLinks.path(id)
        var headers: HTTPFields = [:]
        headers[.location] = "/documents/\(path)/versions/\(memento.ordinal)"
        headers[.vary] = "accept-datetime"
        headers[.link] = [
            "<\(memento.timeline.source.map(SourceURL.encoded) ?? "/documents/\(path)")>; rel=\"original\"",
            "</timemap/\(path)>; rel=\"timemap\"; type=\"application/link-format\"",
        ].joined(separator: ", ")
        return Response(status: .found, headers: headers)
    }

    /// `GET /timemap/{id}`: every memento in `application/link-format` (or JSON with `?format=json`).
    private func timemap(_ request: Request, context: BasicRequestContext) throws -> Response {
        let id = ArchiveService.pathSegments(context).joined(separator: "/")
        let catalog = service.archive.catalog
        guard let summary = try catalog.document(id: id) else {
            throw ArchiveError(.unknownDocument, "No document '\(id)' in the archive.")
        }
        let path = MementoLinks.path(id)
        let versions = try catalog.versions(of: id)
        switch request.uri.queryParameters.get("format") {
        case nil, "link-format":
            break
        case "json":
            let mementos = versions.enumerated().map { index, version in
                ["uri": "/documents/\(path)/versions/\(index + 1)", "datetime": ArchiveDate.format(version.capturedAt)]
            }
            let map: [String: [[String: String]]] = [
                "original": [["uri": MementoLinks.original(summary)]], "timegate": [["uri": "/timegate/\(path)"]],
                "self": [["uri": "/timemap/\(path)?format=json"]], "mementos": mementos,
            ]
            return try JSONBody.response(map)
        case let other?:
            throw ServiceError.badParameter("format: unknown TimeMap format '\(other)'; use link-format or json.")
        }
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
        return Response(
            status: .ok,
            headers: [.contentType: "application/link-format"],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: ",\n") + "\n"))
        )
    }
}
