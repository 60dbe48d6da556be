package import ArchiveCore
import Foundation
import HTTPTypes
package import Hummingbird

/// `/documents`: ingest, the paged list, and each document's versions and dated reads.
package struct DocumentRoutes: Sendable {
    let service: ArchiveService

    func register(on router: Router<BasicRequestContext>) {
        // Reads (catalog queries, bundle decompression, hashing) block: they run on the service's own threads, so a few large
        // ones never hold the Swift concurrency threads that every other request, /health included, needs.
        router.get("/documents") { request, _ in try await list(request) }
        router.post("/documents") { request, _ in try await ingest(request) }
        router.get("/documents/**") { request, context in
            try await document(request, context: context)
        }
    }

    /// `GET /documents?prefix=&source=&since=&until=&after=&limit=`: a page of documents sorted by id, with the
    /// next page's address in `next` and in `Link: <…>; rel="next"`.
    private func list(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        var limit = 100
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw ServiceError.badParameter("limit: '\(text)' is not a number from 1 to 1000.")
            }
            limit = value
        }
        var documents = try await service.archive.catalog.documents(
            DocumentQuery(
                idPrefix: parameters.get("prefix").map { String($0) },
                source: parameters.get("source").map { String($0) },
                capturedSince: try ArchiveService.date(request, "since", anchor: .startOfDay),
                capturedUntil: try ArchiveService.date(request, "until", anchor: .endOfDay),
                after: parameters.get("after").map { String($0) },
                limit: limit + 1  // one more than asked: whether there is a next page
            )
        )
        var page = DocumentPage(documents: documents, next: nil)
        var headers: HTTPFields = [:]
        if documents.count > limit {
            documents.removeLast()
            var components = URLComponents()
            components.queryItems =
                parameters.filter { $0.key != "after" }.map {
                    URLQueryItem(name: String($0.key), value: String($0.value))
                }
                + [URLQueryItem(name: "after", value: documents.last?.id)]
            // A literal + would read back as a space.
            let urls = try service.urls(for: request)
            let next = components.percentEncodedQuery.map {
                urls.documents(query: $0.replacingOccurrences(of: "+", with: "%2B"))
            }
            page = DocumentPage(documents: documents, next: next)
            headers[.link] = next.map { "<\($0)>; rel=\"next\"" }
        }
        return try JSONBody.response(page, headers: headers)
    }

    /// `POST /documents?id=&url=&captured_at=`: the body is the publication, streamed to a temporary file;
    /// Content-Type picks the importer, else the content does.
    private func ingest(_ request: Request) async throws -> Response {
        // Before anything is written: the answer names the new versions' addresses.
        let urls = try service.urls(for: request)
        let format = try Self.importFormat(request, registry: service.registry)
        let capturedAt = try ArchiveService.date(request, "captured_at", anchor: .startOfDay)
        if let capturedAt { try ArchiveDate.checkCaptureTime(capturedAt, field: "captured_at") }
        // Checked before the body is read, each message naming its parameter.
        let documentID = try ArchiveService.text(request, "id").map { try DocumentID.validate($0, source: "id") }
        let sourceURL = try ArchiveService.text(request, "url").map { try SourceURL.validate($0, field: "url") }
        let spool = try await RequestBodySpool.spool(request, limit: service.maximumBodySize)
        let ingestRequest = IngestRequest(
            data: spool.data,
            name: "the request body",
            mediaType: format == nil ? nil : request.headers[.contentType],
            format: format,
            documentID: documentID,
            sourceURL: sourceURL,
            capturedAt: capturedAt
        )
        let archive = service.archive
        let registry = service.registry
        let results: [IngestResult]
        do {
            // Parsing runs beside other requests; only storing waits for the write queue.
            let bundles = archive.settings.compression
            let prepared = try await service.blocking.run {
                try Archive.prepare(ingestRequest, registry: registry, bundles: bundles)
            }
            results = try await service.writes.run { try await archive.store(prepared) }
        } catch {
            service.metrics.recordIngest(outcome: .failed)
            throw error
        }
        var lines: [IngestResponse.Line] = []
        for result in results {
            switch result.outcome {
            case .newVersion(let version):
                let bundleBytes = (try? await archive.store.size(of: version.bundlePath)) ?? 0
                service.metrics.recordIngest(outcome: .new, originalBytes: version.size, bundleBytes: bundleBytes)
                lines.append(.init(result.documentID, "new", version.id, version.capturedAt, urls))
            case .unchanged(let observation), .gone(let observation):
                service.metrics.recordIngest(outcome: .unchanged)
                lines.append(
                    .init(result.documentID, "unchanged", observation.versionID, observation.capturedAt, urls)
                )
            }
        }
        // A new version's memento is the resource the request created.
        let created = lines.first { $0.status == "new" }
        return try JSONBody.response(
            IngestResponse(results: lines),
            status: created == nil ? .ok : .created,
            headers: created.map { [.location: $0.uri] } ?? [:]
        )
    }

    /// The importer a request's `format` parameter names (400 for one no importer reads), else its Content-Type;
    /// `nil` lets the content decide (no Content-Type, or a generic one). Any other Content-Type is 415.
    package static func importFormat(_ request: Request, registry: PluginRegistry) throws -> DocumentFormat? {
        if let named = request.uri.queryParameters.get("format") {
            let formats = registry.importers.map(\.descriptor.format)
            guard let format = formats.first(where: { $0 == DocumentFormat(String(named)) }) else {
                throw ServiceError.badParameter(
                    "format: '\(named.prefix(80))' is no format this archive imports; give one of "
                        + formats.map(\.description).joined(separator: ", ")
                        + ", or leave it out to go by Content-Type."
                )
            }
            return format
        }
        guard let header = request.headers[.contentType] else { return nil }
        let bare = header.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let bare, !bare.isEmpty, !["application/octet-stream", "*/*"].contains(bare) else { return nil }
        if let importer = registry.importer(forMediaType: bare) { return importer.descriptor.format }
        let accepted = registry.importedMediaTypes.joined(separator: ", ")
        throw ArchiveError(
            .unknownFormat,
            "Content-Type '\(header)' names no format this archive imports; send one of \(accepted), or "
                + "application/octet-stream to let the content decide."
        )
    }

    /// `GET /documents/{id}` (in force now, or `?at=DATE`), `/documents/{id}/versions` (the list),
    /// `/documents/{id}/versions/{version id}` (a memento) and `/documents/{id}/versions/{n}` (a redirect to the
    /// n-th memento's own address, which a backfill does not change).
    private func document(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var parts = ArchiveService.pathSegments(context)
        let archive = service.archive
        if parts.count >= 2, parts[parts.count - 2] == "versions" {
            let last = parts[parts.count - 1]
            let id = parts.dropLast(2).joined(separator: "/")
            // A number as `versions` numbers them: digits only, without a sign or a leading zero (`+1`, `01`).
            if last.utf8.allSatisfy({ (0x30...0x39).contains($0) }), last == "0" || !last.hasPrefix("0"),
                let number = Int(last)
            {
                let memento = try await archive.memento(of: id, ordinal: number)
                // The rendition asked for (`?format=json`) is asked of the memento too.
                let query = request.uri.query.map { $0.isEmpty ? "" : "?\($0)" } ?? ""
                return Response(
                    status: .found,
                    headers: [.location: try service.urls(for: request).memento(memento.version) + query]
                )
            }
            // A document whose own id ends in /versions/NAME is read as such when the shorter id is no document.
            if let memento = try await archive.memento(of: id, versionID: last) {
                return try await MementoResponse(service: service).memento(memento, request)
            }
        }
        if parts.count >= 2, parts.last == "versions" {
            parts.removeLast()
            let id = parts.joined(separator: "/")
            let history = try await archive.history(of: id)
            let shares = try await archive.changedShares(of: id)
            return try JSONBody.response(
                VersionList(history: history, wordsChanged: shares, urls: try service.urls(for: request))
            )
        }
        // A document whose own id ends in /diff is read as such when the shorter id is no document.
        if parts.count >= 2, parts.last == "diff" {
            let id = parts.dropLast().joined(separator: "/")
            if try await archive.document(id: id) != nil {
                return try await diff(id, request)
            }
        }
        let id = parts.joined(separator: "/")
        // Read first, so that a value that is no HTTP date is a 400 whether or not `at` decides.
        let accepted = try MementoResponse.acceptedDatetime(request)
        if let date = try ArchiveService.date(request, "at", anchor: .endOfDay) {
            return try await MementoResponse(service: service).orGone(id, at: date, request) {
                try await MementoResponse(service: service).memento(
                    archive.memento(of: id, at: date),
                    request,
                    selected: true
                )
            }
        }
        // Without `at`, the document is its own TimeGate (RFC 7089 section 4.1.2, 200-style): `Accept-Datetime`
        // selects the memento in force then (the first for a date before it), as `/timegate/{id}` does; without the
        // header, or with a blank one, the latest.
        let date = accepted ?? .distantFuture
        let vary = "accept-datetime"
        return try await MementoResponse(service: service).orGone(id, at: date, request, vary: vary) {
            try await MementoResponse(service: service).memento(
                date == .distantFuture ? archive.memento(of: id, at: date) : archive.memento(of: id, nearest: date),
                request,
                selected: true,
                vary: vary
            )
        }
    }
}

extension DocumentRoutes {
    /// `GET /documents/{id}/diff?from=&to=&format=unified|json|html`: what changed between two versions (each a
    /// date, a version number or a version id; `to` defaults to the latest).
    private func diff(_ id: String, _ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let from = parameters.get("from") else {
            throw ServiceError.badParameter(
                "from: the older version is required: a date (2024-05-01), a version number or a version id."
            )
        }
        let old = try VersionSelector(parsing: String(from), field: .from)
        let new =
            try parameters.get("to").map { try VersionSelector(parsing: String($0), field: .to) }
            ?? .date(.distantFuture)
        let format =
            try parameters.get("format").map { text in
                guard let format = DocumentDiff.Format(rawValue: String(text)) else {
                    throw ServiceError.badParameter("format: '\(text)' is not unified, json or html.")
                }
                return format
            } ?? .json
        let diff = try await service.archive.diff(id, from: old, to: new)
        switch format {
        case .json:
            return try JSONBody.response(diff)
        case .unified:
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: diff.unified()))
            )
        case .html:
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: diff.html()))
            )
        }
    }
}

/// A page of `GET /documents`.
struct DocumentPage: Encodable {
    var documents: [DocumentSummary]
    var next: String?
}

/// The answer to `POST /documents`: one line per document the body held.
struct IngestResponse: Encodable {
    struct Line: Encodable {
        var documentID: String
        var status: String
        var versionID: String
        var capturedAt: Date
        /// The memento of the version (URI-M).
        var uri: String

        init(_ documentID: String, _ status: String, _ versionID: String, _ capturedAt: Date, _ urls: ResourceURLs) {
            self.documentID = documentID
            self.status = status
            self.versionID = versionID
            self.capturedAt = capturedAt
            uri = urls.memento(documentID: documentID, versionID: versionID)
        }
    }

    var results: [Line]
}

/// `GET /documents/{id}/versions`: the document, its versions with their memento addresses, and its captures.
struct VersionList: Encodable {
    struct Entry: Encodable {
        var ordinal: Int
        var uri: String
        var version: Version
        /// The share of words changed against the version before (0 to 1); absent for the first.
        var wordsChanged: Double?
    }

    struct Capture: Encodable {
        var capturedAt: Date
        var ordinal: Int
        var changed: Bool
        /// The HTTP status of a capture that found the page removed.
        var gone: Int?
    }

    var document: DocumentSummary
    var versions: [Entry]
    var captures: [Capture]

    init(history: DocumentHistory, wordsChanged: [String: Double], urls: ResourceURLs) {
        document = history.document
        var versions: [Entry] = []
        var captures: [Capture] = []
        for entry in history.entries {
            switch entry {
            case .version(let ordinal, let version):
                versions.append(
                    Entry(
                        ordinal: ordinal,
                        uri: urls.memento(version),
                        version: version,
                        wordsChanged: wordsChanged[version.id]
                    )
                )
                captures.append(Capture(capturedAt: version.capturedAt, ordinal: ordinal, changed: true))
            case .observation(let ordinal, let observation):
                captures.append(
                    Capture(
                        capturedAt: observation.capturedAt,
                        ordinal: ordinal,
                        changed: false,
                        gone: observation.gone
                    )
                )
            }
        }
        self.versions = versions
        self.captures = captures
    }
}
