import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// A memento (RFC 7089): a version's original bytes or a rendering of it, with `Memento-Datetime` and `Link`
/// relations to the original, the TimeGate, the TimeMap and the first/last/prev/next mementos.
struct MementoResponse {
    let service: ArchiveService

    /// What `body` answers, unless the page was gone at `date` (the latest capture by then found it removed): then a
    /// 410 whose `Link` names the original, the TimeMap, the TimeGate and the last memento before the removal.
    /// - Parameter vary: the request header the answer depends on (a TimeGate's `Accept-Datetime`): a cache must
    ///   not give this 410 for another date.
    func orGone<T>(
        _ id: String,
        at date: Date,
        _ request: Request,
        vary: String? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as ArchiveError where error.code == .gone {
            let urls = try service.urls(for: request)
            let found = try await service.archive.removal(of: id, at: date)
            let source = try await service.archive.document(id: id)?.source
            var headers: HTTPFields = [
                .link: MementoLinks.forGone(last: found?.last, source: source, id: id, urls: urls)
            ]
            if let vary { headers[.vary] = vary }
            throw ServiceError(status: .gone, code: error.code.rawValue, message: error.message, headers: headers)
        }
    }

    /// The date a request's `Accept-Datetime` asks for, or `nil` when it has none or a blank one.
    ///
    /// An HTTP date is in whole seconds, as Memento-Datetime prints a capture's time: the memento whose
    /// Memento-Datetime it is is asked for, however many milliseconds past that second it was captured.
    ///
    /// - Throws: ``ServiceError`` 400 for a value that is no HTTP date.
    static func acceptedDatetime(_ request: Request) throws -> Date? {
        let header = request.headers[.acceptDatetime]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !header.isEmpty else { return nil }
        return Date(milliseconds: try HTTPDate.parse(header, field: "Accept-Datetime").milliseconds + 999)
    }

    /// The memento's answer. `selected` is set when the request named the document rather than the memento (the
    /// version in force now or at `?at=`): `Content-Location` then gives the memento's own address. `vary` names a
    /// request header the choice of memento depended on, beside `Accept`.
    func memento(
        _ memento: Memento,
        _ request: Request,
        selected: Bool = false,
        vary: String? = nil
    ) async throws -> Response {
        let version = memento.version
        let urls = try service.urls(for: request)
        let parameters = request.uri.queryParameters
        let rendition = try Rendition.choose(
            format: parameters.get("format").map { String($0) },
            accept: request.headers[.accept],
            original: service.registry.mediaType(of: version.format),
            registry: service.registry
        )
        let cached = try await service.content(of: version)
        let content = cached.content
        var headers: HTTPFields = [:]
        let body: ByteBuffer
        switch rendition {
        case .original:
            body = cached.original
            headers[.contentType] = service.registry.mediaType(
                of: version,
                document: content.document,
                response: content.response
            )
            headers[.eTag] = "\"\(version.sha256)\""
            // An archived page is someone else's markup: served from the archive's own origin, its scripts would run
            // with the archive's rights (reading its API, writing with a token a browser holds). A sandbox gives it an
            // origin of its own and no scripts, forms or pop-ups; a browser still shows it.
            if Self.isActive(headers[.contentType]) { headers[.contentSecurityPolicy] = "sandbox" }
            // Nor is a text or an image taken for a page by a browser guessing from its bytes.
            headers[.xContentTypeOptions] = "nosniff"
        case .rendering(let exporter):
            let rendered = try exporter.export(ExportRequest(document: content.document, version: version))
            body = ByteBuffer(data: rendered)
            let mediaType = exporter.descriptor.mediaTypes.first ?? "application/octet-stream"
            headers[.contentType] = mediaType.hasPrefix("text/") ? "\(mediaType); charset=utf-8" : mediaType
            // A rendering's tag is its own bytes' digest: a newer importer or exporter gives a new tag.
            headers[.eTag] = "\"\(Digest.sha256(rendered))\""
        }
        let varies = (parameters.get("format") == nil ? ["accept"] : []) + (vary.map { [$0] } ?? [])
        if !varies.isEmpty { headers[.vary] = varies.joined(separator: ", ") }
        if selected { headers[.contentLocation] = urls.memento(version) }
        headers[.mementoDatetime] = MementoLinks.httpDate(version.capturedAt)
        headers[.link] = MementoLinks.forMemento(
            version,
            all: memento.timeline.versions,
            source: memento.timeline.source,
            urls: urls
        )
        return try ConditionalResponse.answer(request, headers: headers, body: body, what: "this memento")
    }
}

extension MementoResponse {
    /// Whether a browser may run scripts in a document of this media type: HTML, and XML of any kind (a `+xml` type
    /// such as a feed's is shown as XML, whose SVG or XHTML elements run their scripts), XSL among it.
    static func isActive(_ mediaType: String?) -> Bool {
        guard let mediaType else { return false }
        let bare = mediaType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let bare else { return false }
        return ["text/html", "text/xml", "application/xml", "text/xsl"].contains(bare) || bare.hasSuffix("+xml")
    }
}

extension HTTPField.Name {
    static let mementoDatetime = HTTPField.Name("Memento-Datetime")!
    static let acceptDatetime = HTTPField.Name("Accept-Datetime")!
    static let link = HTTPField.Name("Link")!
}
