import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /search`: full-text search over every version, paged.
struct SearchRoutes: Sendable {
    let service: ArchiveService

    func register(on router: Router<BasicRequestContext>) {
        router.get("/search") { request, _ in try await search(request) }
    }

    /// The `q` parameter read as HTML forms write it: `+` is a space (`q=budget+news`), `%2B` a plus.
    static func words(of request: Request) -> String? {
        struct Form: Decodable { var q: String? }
        if let form = try? URLEncodedFormDecoder().decode(Form.self, from: request.uri.query ?? "") { return form.q }
        return request.uri.queryParameters.get("q").map { String($0) }
    }

    /// `GET /search?q=&at=&document=&prefix=&since=&until=&published_since=&published_until=&limit=&offset=`:
    /// documents best first, each with its matching version's permanent URL and a snippet; the next page's address
    /// in `next` and in `Link: <…>; rel="next"`.
    private func search(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let query = Self.words(of: request) else {
            throw ServiceError.badParameter("q: the query is required, as in /search?q=budget.")
        }
        let limit = try Self.integer(parameters.get("limit"), "limit", default: 20, in: 1...SearchRequest.maximumLimit)
        let offset = try Self.integer(
            parameters.get("offset"),
            "offset",
            default: 0,
            in: 0...SearchRequest.maximumOffset
        )
        let searchRequest = SearchRequest(
            query: try SearchQuery(String(query)),
            at: try ArchiveService.date(request, "at", anchor: .endOfDay),
            documentID: parameters.get("document").map { String($0) },
            idPrefix: parameters.get("prefix").map { String($0) },
            capturedSince: try ArchiveService.date(request, "since", anchor: .startOfDay),
            capturedUntil: try ArchiveService.date(request, "until", anchor: .endOfDay),
            publishedSince: try ArchiveService.date(request, "published_since", anchor: .startOfDay),
            publishedUntil: try ArchiveService.date(request, "published_until", anchor: .endOfDay),
            limit: limit,
            offset: offset
        )
        let results = try await service.archive.search(searchRequest)
        let urls = try service.urls(for: request)
        var headers: HTTPFields = [:]
        var next: String?
        if let nextOffset = results.nextOffset {
            var components = URLComponents()
            components.queryItems =
                parameters.filter { $0.key != "offset" }.map {
                    URLQueryItem(name: String($0.key), value: $0.key == "q" ? query : String($0.value))
                } + [URLQueryItem(name: "offset", value: String(nextOffset))]
            // A literal + would read back as a space.
            next = components.percentEncodedQuery.map {
                urls.search(query: $0.replacingOccurrences(of: "+", with: "%2B"))
            }
            headers[.link] = next.map { "<\($0)>; rel=\"next\"" }
        }
        let page = SearchPage(
            hits: results.hits.map { hit in
                SearchPage.Hit(
                    hit: hit,
                    memento: urls.memento(documentID: hit.documentID, versionID: hit.versionID),
                    document: urls.document(hit.documentID)
                )
            },
            next: next
        )
        return try JSONBody.response(page, headers: headers)
    }

    private static func integer(
        _ text: String?,
        _ name: String,
        default value: Int,
        in range: ClosedRange<Int>
    ) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ServiceError.badParameter(
                "\(name): '\(text)' is not a number from \(range.lowerBound) to \(range.upperBound)."
            )
        }
        return number
    }
}

/// The answer to `GET /search`.
struct SearchPage: Encodable {
    struct Hit: Encodable {
        var documentID: String
        var versionID: String
        var capturedAt: Date
        var title: String?
        var published: Date?
        var score: Double
        var snippet: Snippet?
        /// The version's permanent URL (URI-M).
        var memento: String
        /// The document (the version in force now).
        var document: String

        init(hit: SearchHit, memento: String, document: String) {
            documentID = hit.documentID
            versionID = hit.versionID
            capturedAt = hit.capturedAt
            title = hit.title
            published = hit.published
            score = hit.score
            snippet = hit.snippet
            self.memento = memento
            self.document = document
        }
    }

    var hits: [Hit]
    var next: String?
}
