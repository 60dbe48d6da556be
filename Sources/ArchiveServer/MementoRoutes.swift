import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// Memento (RFC 7089): TimeGates by document id and by original URL, and TimeMaps in link-format or JSON. Every
/// address they give is absolute (``ResourceURLs``).
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
        guard let url = request.uri.queryParameters.get("url").map({ String($0) }), !url.isEmpty else {
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

    /// `GET /timegate/{id}` with `Accept-Datetime`: 302 to the memento in force then. Without the header, or with a
    /// blank one, the latest memento; with a date before the first capture, the first (RFC 7089 section 4.1).
    private func timegate(_ request: Request, id: String) throws -> Response {
        let urls = try service.urls(for: request)
        let header = request.headers[.acceptDatetime]?.trimmingCharacters(in: .whitespaces) ?? ""
        let memento: Memento
        if header.isEmpty {
            memento = try service.archive.memento(of: id)
        } else {
            guard let date = MementoLinks.parseHTTPDate(header) else {
                throw ArchiveError(
                    .invalidDate,
                    "Accept-Datetime: '\(header.prefix(200))' is not an HTTP date such as "
                        + "'Tue, 01 Mar 2022 10:00:00 GMT'."
                )
            }
            memento = try service.archive.memento(of: id, nearest: date)
        }
        var headers: HTTPFields = [:]
        headers[.location] = urls.memento(memento.version)
        headers[.vary] = "accept-datetime"
        headers[.link] = MementoLinks.forTimeGate(
            selected: memento.version,
            all: memento.timeline.versions,
            source: memento.timeline.source,
            urls: urls
        )
        return Response(status: .found, headers: headers)
    }

    /// `GET /timemap/{id}`: every memento in `application/link-format` (or JSON with `?format=json`).
    private func timemap(_ request: Request, context: BasicRequestContext) throws -> Response {
        let id = ArchiveService.pathSegments(context).joined(separator: "/")
        let urls = try service.urls(for: request)
        let catalog = service.archive.catalog
        guard let summary = try catalog.document(id: id) else {
            throw ArchiveError(.unknownDocument, "No document '\(id)' in the archive.")
        }
        let versions = try catalog.versions(of: id)
        switch request.uri.queryParameters.get("format") {
        case nil, "link-format":
            return Response(
                status: .ok,
                headers: [.contentType: "application/link-format"],
                body: .init(
                    byteBuffer: ByteBuffer(
                        string: MementoLinks.timemap(id, versions: versions, source: summary.source, urls: urls)
                    )
                )
            )
        case "json":
            let mementos = versions.map { version in
                ["uri": urls.memento(version), "datetime": ArchiveDate.format(version.capturedAt)]
            }
            let map: [String: [[String: String]]] = [
                "original": [["uri": urls.original(id, source: summary.source)]],
                "timegate": [["uri": urls.timegate(id)]],
                "self": [["uri": urls.timemap(id, json: true)]],
                "mementos": mementos,
            ]
            return try JSONBody.response(map)
        case let other?:
            throw ServiceError.badParameter("format: unknown TimeMap format '\(other)'; use link-format or json.")
        }
    }
}
