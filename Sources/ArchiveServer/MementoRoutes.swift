import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat

/// Memento (RFC 7089): TimeGates by document id and by original URL, and TimeMaps in link-format or JSON. Every
/// address they give is absolute (``ResourceURLs``).
struct MementoRoutes: Sendable {
    let service: ArchiveService

    func register(on router: Router<BasicRequestContext>) {
        // Catalog queries block: they run on the service's own threads (BlockingPool).
        router.get("/timegate/**") { request, context in
            try await timegate(request, id: try documentID(request, context).id)
        }
        router.get("/timegate") { request, _ in
            try await timegate(request, id: try documentID(forURL: request))
        }
        router.get("/timemap/**") { request, context in
            try await timemap(request, context: context)
        }
    }

    /// `GET /timegate?url=ORIGINAL`: the document whose id or source URL is the original resource.
    private func documentID(forURL request: Request) async throws -> String {
        guard let url = request.uri.queryParameters.get("url").map({ String($0) }), !url.isEmpty else {
            throw ServiceError.badParameter(
                "url: give the original resource as ?url=, for example /timegate?url=https://example.org/a."
            )
        }
        if let id = try await documentID(original: url) { return id }
        throw ArchiveError(.unknownDocument, "No document in the archive has the original URL \(url).")
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let originalURL = /(?i)(https?):\/+(.+)/

    /// The document a `/timegate/**` or `/timemap/**` path names: a document id, or the original URL appended
    /// whole as Memento aggregators do (`/timegate/https://example.org/a?x=1`; the query belongs to the URL). The
    /// URL is read from the path as sent, its escapes and a trailing `/` kept (`https://example.org/%D0%B0`, a site's
    /// root `https://example.org/`), then with its escapes decoded. Mura's own `format` parameter may be mixed into
    /// that query: the URL with the whole query is tried first, then without the `format` items (never without the
    /// rest: `/a?x=1` is another page than `/a`).
    /// - Returns: The id, and whether the request's whole query is the original URL's: then a `format` in it is the
    ///   URL's own, not Mura's.
    private func documentID(
        _ request: Request,
        _ context: BasicRequestContext
    ) async throws -> (id: String, queryIsTheURLs: Bool) {
        let id = try await service.archive.storedDocumentID(ArchiveService.pathSegments(context).joined(separator: "/"))
        if try await service.archive.catalog.document(id: id) != nil { return (id, false) }
        // The path after `/timegate/` or `/timemap/`, as sent, then as the router decoded it.
        let path = request.uri.path
        let sent = path.dropFirst().firstIndex(of: "/").map { String(path[path.index(after: $0)...]) }
        var originals: [String] = []
        for written in [sent, id].compactMap({ $0 }) {
            guard let match = written.wholeMatch(of: Self.originalURL) else { continue }
            let original = "\(match.1.lowercased())://\(match.2)"
            if !originals.contains(original) { originals.append(original) }
        }
        for original in originals {
            for query in Self.queryCandidates(request.uri.query) {
                if let found = try await documentID(original: query.isEmpty ? original : "\(original)?\(query)") {
                    return (found, !query.isEmpty && query == request.uri.query)
                }
            }
        }
        return (id, false)
    }

    /// The queries an original URL may have had: `query` whole, and without its `format` items.
    static func queryCandidates(_ query: String?) -> [String] {
        guard let query, !query.isEmpty else { return [""] }
        let items = query.split(separator: "&", omittingEmptySubsequences: false)
        let withoutFormat = items.filter { !$0.hasPrefix("format=") && $0 != "format" }.joined(separator: "&")
        return withoutFormat == query ? [query] : [query, withoutFormat]
    }

    /// The document whose source URL is `original`, else the one whose id it is: the original resource is what a
    /// document was captured from. The URL is tried as written, then in the spelling sources are stored in.
    private func documentID(original: String) async throws -> String? {
        // The catalog's source filter tries the URL as written and in the stored spelling itself.
        if let found = try await service.archive.catalog.documents(DocumentQuery(source: original, limit: 1)).first {
            return found.id
        }
        for candidate in Self.spellings(of: original) {
            if let document = try await service.archive.document(id: candidate) { return document.id }
        }
        return nil
    }

    /// `url` as written (as an archive that kept sources as given holds them), and in the one spelling sources are
    /// stored in (``SourceURL/normalized(_:)``: scheme and host in lower case, no fragment or default port, escapes
    /// for letters outside ASCII) when that differs.
    static func spellings(of url: String) -> [String] {
        let normalized = SourceURL.normalized(url)
        return normalized == url ? [url] : [url, normalized]
    }

    /// `GET /timegate/{id}` with `Accept-Datetime`: 302 to the memento in force then. Without the header, or with a
    /// blank one, the latest memento; with a date before the first capture, the first (RFC 7089 section 4.1).
    private func timegate(_ request: Request, id: String) async throws -> Response {
        let urls = try service.urls(for: request)
        let memento: Memento
        if let date = try MementoResponse.acceptedDatetime(request) {
            memento = try await MementoResponse(service: service).orGone(id, at: date, request, vary: "accept-datetime")
            {
                try await service.archive.memento(of: id, nearest: date)
            }
        } else {
            memento = try await MementoResponse(service: service).orGone(
                id,
                at: .distantFuture,
                request,
                vary: "accept-datetime"
            ) {
                try await service.archive.memento(of: id)
            }
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
    private func timemap(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let (id, queryIsTheURLs) = try await documentID(request, context)
        let urls = try service.urls(for: request)
        let catalog = service.archive.catalog
        guard let summary = try await catalog.document(id: id) else {
            throw ArchiveError(.unknownDocument, "No document '\(id.prefix(200))' in the archive.")
        }
        let versions = try await catalog.versions(of: id)
        let body: ByteBuffer
        var headers: HTTPFields
        switch queryIsTheURLs ? nil : request.uri.queryParameters.get("format") {
        case nil, "link-format":
            body = ByteBuffer(string: MementoLinks.timemap(id, versions: versions, source: summary.source, urls: urls))
            headers = [.contentType: "application/link-format"]
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
            body = try JSONBody.bytes(map)
            headers = [.contentType: "application/json"]
        case let other?:
            throw ServiceError.badParameter("format: unknown TimeMap format '\(other)'; use link-format or json.")
        }
        // A new version, or another address the service is reached at, gives a new tag.
        headers[.eTag] = "\"\(Digest.sha256(Data(buffer: body)))\""
        return try ConditionalResponse.answer(request, headers: headers, body: body, what: "this TimeMap")
    }
}
