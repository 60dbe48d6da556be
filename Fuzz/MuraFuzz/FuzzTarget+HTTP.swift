import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension FuzzTarget {
    /// The request parts the archive service parses itself: `Accept`, `Accept-Datetime`, `Content-Type`,
    /// `Authorization`, query dates, the path of a document and the body of `POST /exports`.
    static let http: [FuzzTarget] = [
        FuzzTarget(
            name: "accept",
            maximumLength: 1024,
            summary: "Accept: MediaRange.parse and Rendition.choose against the built-in exporters",
            run: { data in
                _ = try? Rendition.choose(format: nil, accept: text(data), original: "text/html", registry: registry)
            }
        ),
        FuzzTarget(
            name: "accept-datetime",
            maximumLength: 256,
            summary: "Accept-Datetime: HTTPDate.parse (the three forms of RFC 9110 dates)",
            run: { data in
                _ = try? HTTPDate.parse(text(data), field: "Accept-Datetime")
            }
        ),
        FuzzTarget(
            name: "request-head",
            maximumLength: 1024,
            summary: "framing and precondition headers: RequestFramingMiddleware.check, ConditionalRequest.evaluate",
            run: { data in
                let value = text(data)
                for name in [HTTPField.Name.transferEncoding, .contentEncoding, .expect, .ifNoneMatch, .ifMatch] {
                    let head = request(path: "/documents/a", headers: [name: value]).head
                    _ = try? RequestFramingMiddleware<FuzzContext>.check(head)
                    _ = ConditionalRequest.evaluate(head, entityTag: "\"a\"")
                }
            }
        ),
        FuzzTarget(
            name: "date",
            maximumLength: 256,
            summary: "query and option dates: ArchiveDate.parse at both day anchors, ArchiveDate.parseStored",
            run: { data in
                let text = text(data)
                for anchor in [ArchiveDate.DayAnchor.startOfDay, .endOfDay] {
                    if let date = try? ArchiveDate.parse(text, field: "at", anchor: anchor) {
                        _ = ArchiveDate.formatPrecise(date)
                    }
                }
                _ = ArchiveDate.parseStored(text)
            }
        ),
        FuzzTarget(
            name: "content-type",
            maximumLength: 512,
            summary: "Content-Type of POST /documents: DocumentRoutes.importFormat, PluginRegistry media types, "
                + "its charset read by the text and HTML importers",
            run: { data in
                let value = text(data)
                let request = request(path: "/documents", headers: [.contentType: value])
                _ = try? DocumentRoutes.importFormat(request, registry: registry)
                _ = try? registry.importer(for: .init(mediaType: value, prefix: Data("x".utf8)))
                if let label = Charset.parameter(ofMediaType: value) { _ = Charset(label: label) }
                let bytes = Data("Title\n\nText with caf\u{E9} and \u{43F}\u{440}\u{438}\u{432}\u{435}\u{442}.".utf8)
                for importer in registry.importers
                where ["text", "html"].contains(importer.descriptor.format.description) {
                    _ = try? importer.importDocuments(ImportRequest(data: bytes, name: "fuzz", mediaType: value))
                }
            }
        ),
        FuzzTarget(
            name: "path",
            maximumLength: 2048,
            summary: "request targets: URI and query parsing, document ids from the path, query dates, Memento paths",
            run: path
        ),
        FuzzTarget(
            name: "token",
            maximumLength: 512,
            summary: "Authorization: AccessMiddleware.bearerSecret, then the token lookup by secret in a catalog",
            run: { data in
                let request = request(path: "/exports", headers: [.authorization: text(data)])
                guard let secret = AccessMiddleware<FuzzContext>.bearerSecret(request) else { return }
                let (archive, known) = FuzzScratch.archive
                let token = try? FuzzScratch.waitFor { try await archive.accessToken(forSecret: secret) }
                precondition((token != nil) == (secret == known), "token lookup by secret found the wrong token")
            }
        ),
        FuzzTarget(
            name: "origin",
            maximumLength: 1024,
            summary: "Origin and Host: OriginPolicy.check, --public-url, --allow-origin, ResourceURLs from the Host",
            run: origin
        ),
        FuzzTarget(
            name: "source-url",
            maximumLength: 4096,
            summary:
                "source URLs: SourceURL.validate, then SourceURL.encoded as Link headers, TimeMaps and WARC write it",
            run: sourceURL
        ),
        FuzzTarget(
            name: "search",
            maximumLength: 1024,
            summary:
                "GET /search: SearchQuery parsing, compiling and running on a catalog; SearchWords and Snippet on raw bytes",
            run: search
        ),
        FuzzTarget(
            name: "export-order",
            maximumLength: 2048,
            summary: "the JSON body of POST /exports: ExportOrder.decode, its dates, PackageOrder.validated",
            run: { data in
                guard let order = try? ExportOrder.decode(data) else { return }
                _ = try? order.validated(registry: registry)
                _ = order.selection
            }
        ),
    ]

    private static let registry = PluginRegistry.builtIn

    /// Header values and request targets reach the service as text; bytes that are not UTF-8 become U+FFFD.
    private static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    private static func request(path: String, headers: HTTPFields = [:]) -> Request {
        Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer())
        )
    }

    /// A request target as `GET /documents/**` sees it: the router's catch-all, decoded into a document id, then
    /// checked and written back as a Memento path; and the dates of its query.
    private static func path(_ data: Data) {
        // An HTTP request line holds no white space or control characters; the HTTP parser refuses them.
        let target = text(data).filter { !$0.isWhitespace && !$0.unicodeScalars.contains { $0.value < 0x20 } }
        let request = request(path: "/documents/" + target)
        var context = FuzzContext(source: FuzzContext.Source())
        context.coreContext.parameters.setCatchAll(Substring(request.uri.path.dropFirst("/documents/".count)))
        let id = ArchiveService.pathSegments(context).joined(separator: "/")
        if let valid = try? DocumentID.validate(id, source: "the path") { _ = MementoLinks.path(valid) }
        for name in ["at", "since", "until", "captured_at"] {
            _ = try? ArchiveService.date(request, name, anchor: .endOfDay)
        }
        _ = request.uri.queryParameters.get("limit").flatMap { Int($0) }
    }
}

extension FuzzTarget {
    /// An archive with a few documents in English, Russian and Kazakh, made on first use.
    private static let searchArchive: Archive = {
        try! FuzzScratch.waitFor {
            let archive = try await Archive.create(
                at: FuzzScratch.shared.url("search-archive"),
                logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            let texts = [
                "Parliament approves the budget\n\nThe lower chamber approved the state budget after two readings.",
                "Публичные слушания\n\nДепутаты обсудили реформы налоговой системы и новогоднюю ёлку.",
                "Мектептердегі жаңа оқу жылы\n\nМектептеріміздегі оқушылар саны артты. Қала әкімдігі хабарлады.",
            ]
            for (index, text) in texts.enumerated() {
                _ = try await archive.ingest(
                    IngestRequest(data: Data(text.utf8), name: "\(index).txt", documentID: "doc/\(index)"),
                    registry: registry
                )
            }
            return archive
        }
    }()

    /// The bytes as a query (parsed, then searched: a query that parses never reaches SQLite as anything but
    /// quoted terms, so the only errors are the query's own); and as a text, cut into words and snipped.
    private static func search(_ data: Data) {
        let text = text(data)
        if let query = try? SearchQuery(text) {
            let archive = searchArchive
            do {
                _ = try FuzzScratch.waitFor { try await archive.search(SearchRequest(query: query, limit: 5)) }
            } catch let error as ArchiveError {
                precondition(error.code != .catalog, "a parsed query failed in the catalog: \(error)")
            } catch {
                preconditionFailure("search threw \(error)")
            }
        }
        let words = SearchWords()
        data.withUnsafeBytes { raw in
            words.forEachTerm(in: raw.bindMemory(to: UInt8.self), stemming: true) { term, _, range in
                precondition(!term.isEmpty && range.upperBound <= data.count, "a word out of its text")
                return true
            }
        }
        _ = Snippet(text: text, terms: MatchedTerms(exact: ["budget", "бюджет"], prefixes: ["мектеп"]))
    }
}

/// A request context made without a server/// A request context made without a server, for the functions that read the router's parameters.
struct FuzzContext: RequestContext {
    struct Source: RequestContextSource {
        var logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    var coreContext: CoreRequestContextStorage

    init(source: Source) {
        coreContext = .init(source: source)
    }
}

extension FuzzTarget {
    /// The bytes are an `Origin` value, then (after the first line break) a `Host` value. The service checks them
    /// with no public URL set, with one set and with the origin allowed; the same text is also tried as the
    /// settings themselves.
    private static func origin(_ data: Data) {
        let parts = text(data).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let origin = String(parts[0])
        let host = parts.count > 1 ? String(parts[1]) : "127.0.0.1:8080"
        let request = Request(
            head: HTTPRequest(
                method: .post,
                scheme: "http",
                authority: host,
                path: "/documents",
                headerFields: [.origin: origin]
            ),
            body: RequestBody(buffer: ByteBuffer())
        )
        for (publicURL, allowed) in [(nil, []), ("https://archive.example.org", []), (nil, [origin])] {
            guard let policy = try? OriginPolicy(publicURL: publicURL, allowedOrigins: allowed) else { continue }
            let accepted = (try? policy.check(request)) != nil
            // The header value is the text itself unless HTTP's rules for field values changed it.
            if allowed == [origin], request.headers[.origin] == origin {
                precondition(accepted, "an allowed origin was refused")
            }
        }
        _ = try? OriginPolicy(publicURL: origin, allowedOrigins: [host])
        // The Host also becomes the base of every address the service writes into Location and Link headers.
        if let urls = try? ResourceURLs(publicURL: nil, request: request) {
            precondition(
                urls.base.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>\",".utf8.contains($0) },
                "a Host the service took could end a header or a link"
            )
        }
    }

    /// A URL the service accepted must come out of `SourceURL.encoded` as one token of printable ASCII that
    /// cannot end a header line or a `<...>` link, and encoding it again must not change it. (Found by fuzzing: the
    /// target first also required the written form to pass the 8 KiB limit on taken URLs, which encoding can
    /// exceed; the URL written is still safe.)
    private static func sourceURL(_ data: Data) {
        guard let url = try? SourceURL.validate(text(data), field: "url") else { return }
        let written = SourceURL.encoded(url)
        precondition(
            written.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") },
            "an encoded source URL holds a byte that could end a header or a link"
        )
        precondition(SourceURL.encoded(written) == written, "encoding an encoded source URL changed it")
        // Encoding may lengthen a URL past the 8 KiB a URL may have when it is taken (a replaced byte becomes
        // %EF%BF%BD); within that length, the written form must be a valid URL itself.
        precondition(
            written.utf8.count > 8192 || SourceURL.isValid(written),
            "an encoded source URL is no longer valid"
        )
    }
}
