import ArchiveBinary
public import ArchiveCore
public import Foundation

/// What capturing one URL did.
public struct CaptureResult: Sendable {
    /// The URL asked for.
    public var url: String
    /// The response archived or seen: final URL, status, header fields.
    public var response: CapturedResponse
    /// The outcome for the page's document: a new version, or unchanged (a 304, or the same bytes).
    public var results: [IngestResult]
}

extension Archive {
    /// Fetches `url` and archives the response: the body bit-exact as the original, and the status, header fields
    /// and final URL in the bundle. The document id is `documentID`, else the page's canonical URL when it is on the
    /// same site, else its final URL (``PageIdentity``). A page the archive holds is asked for with the validators of
    /// its version in force (`If-None-Match`, `If-Modified-Since`): a 304, like the same bytes, is an unchanged
    /// capture. A 404 or 410 for a page the archive holds records its removal (``recordRemoval(of:status:capturedAt:)``)
    /// instead of failing. Content that no importer reads (a PDF, an image) is kept as it is, without text (``BinaryImporter``),
    /// when `registry` has that importer. `honouringRobots` overrides the fetcher's robots.txt setting (a watched
    /// source may turn it off); `time` dates the capture (a watch's clock), now by default.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/fetchFailed`` naming the URL (network, robots.txt, an HTTP status
    ///   other than 2xx and 304), or what ``ingest(_:registry:)`` throws for the body.
    public func capture(
        _ url: String,
        documentID: String? = nil,
        registry: PluginRegistry,
        fetcher: PageFetcher,
        honouringRobots: Bool? = nil,
        at time: Date? = nil
    ) async throws -> CaptureResult {
        let now = time ?? Date()
        if let components = URLComponents(string: url), components.user != nil || components.password != nil {
            throw ArchiveError(
                .fetchFailed,
                "The URL of \(components.host ?? "the page") carries a user name or password, which Mura does not send "
                    + "or store (an archived URL is kept with every capture); give the address without them."
            )
        }
        guard let asked = PageIdentity.id(of: url) else {
            throw ArchiveError(
                .fetchFailed,
                "\(url.prefix(200)) is not an absolute http or https URL; give one such as https://example.org/news/42."
            )
        }
        let id = try documentID.map { try DocumentID.validate($0, source: url) }
        // The version in force of the document the URL names (none when it is unknown, not captured yet, or gone),
        // read once: its validators make the request conditional, and a 304 sees its bytes again.
        var inForce: VersionContent?
        do {
            inForce = try await content(of: try await version(of: id ?? asked, at: now))
        } catch let error as ArchiveError where [.unknownDocument, .beforeFirstCapture, .gone].contains(error.code) {
            inForce = nil
        }
        var conditional: [CapturedResponse.Header] = []
        if let etag = inForce?.response?.value("ETag") { conditional.append(.init("If-None-Match", etag)) }
        if let modified = inForce?.response?.value("Last-Modified") {
            conditional.append(.init("If-Modified-Since", modified))
        }
        let page = try await fetcher.fetch(url, conditional: conditional, honouringRobots: honouringRobots)
        let response = page.response
        if response.status == 304, let content = inForce {
            // Unchanged: the version in force seen again.
            let inForce = content.version
            let results = try await ingest(
                IngestRequest(
                    data: content.original,
                    name: url,
                    format: inForce.format,
                    documentID: inForce.documentID,
                    sourceURL: inForce.source,
                    capturedAt: time
                ),
                registry: registry
            )
            return CaptureResult(url: url, response: response, results: results)
        }
        if [404, 410].contains(response.status) {
            // A page the archive holds (or found gone before) that the site removed: its removal is recorded, not
            // a failure.
            var known = inForce?.version.documentID
            if known == nil, try await removal(of: id ?? asked, at: now) != nil { known = id ?? asked }
            if let known {
                let removed = try await recordRemoval(of: known, status: response.status, capturedAt: time)
                return CaptureResult(url: url, response: response, results: [removed])
            }
        }
        guard (200..<300).contains(response.status) else {
            throw ArchiveError(
                .fetchFailed,
                "\(url): the server answered \(response.status) \(response.reason)"
                    + (response.url == url ? "" : " at \(response.url)") + "; nothing was archived."
            )
        }
        var request = IngestRequest(
            data: Data(page.body),
            name: url,
            fileName: URL(string: response.url)?.lastPathComponent.nonEmpty,
            mediaType: page.mediaType,
            documentID: id,
            capturedAt: time,
            response: response,
            pageURL: PageIdentity.id(of: response.url) ?? asked
        )
        let results: [IngestResult]
        do {
            results = try await ingest(request, registry: registry)
        } catch let error as ArchiveError where error.code == .unknownFormat {
            // Content no importer reads (a PDF, an image) is kept as it is, without text.
            guard (try? registry.importer(for: .binary)) != nil else { throw error }
            request.format = .binary
            results = try await ingest(request, registry: registry)
        }
        return CaptureResult(url: url, response: response, results: results)
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty || self == "/" ? nil : self }
}
