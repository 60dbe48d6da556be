import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A press office's site on 127.0.0.1 that records every request it is sent: robots.txt that disallows `/private`,
/// a release with an ETag and Last-Modified that answers 304 when unchanged and can be changed, redirects, a page
/// naming its canonical URL, an answer that fails once with 503 and Retry-After, a large body, a slow answer and a
/// missing page.
struct PressOffice: Sendable {
    /// One request as the site received it.
    struct Received: Sendable {
        var path: String
        var time: ContinuousClock.Instant
        var userAgent: String?
        var ifNoneMatch: String?
        var ifModifiedSince: String?
    }

    /// What the site serves and what it was asked.
    actor State {
        var release = "Budget 2025 approved. The parliament approved the budget on Monday."
        var revision = 1
        var received: [Received] = []
        var flakyAnswered = false
        /// The status the release answers while it is removed (404, 410).
        var removed: HTTPResponse.Status?
        /// The newsroom's releases by number (see ``PressOffice/addNewsroom(to:state:)``).
        var releases: [Int: Release] = [:]
        /// How long a release takes to answer.
        var releaseDelay: Duration = .zero

        func slowReleases(_ delay: Duration) { releaseDelay = delay }

        func remove(_ status: HTTPResponse.Status?) { removed = status }

        func change(_ text: String) {
            release = text
            revision += 1
        }

        func record(_ request: Received) { received.append(request) }

        func flakyOnce() -> Bool {
            defer { flakyAnswered = true }
            return !flakyAnswered
        }
    }

    let port: Int
    let state: State

    var base: String { "http://127.0.0.1:\(port)" }

    static let lastModified = "Mon, 03 Mar 2025 10:00:00 GMT"

    /// A PDF's first bytes and a few that are not text.
    static let report: [UInt8] =
        Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A, 0x00, 0xFF] + Array("\n%%EOF\n".utf8)

    static func page(title: String, body: String, canonical: String? = nil) -> String {
        """
        <!DOCTYPE html><html lang="en"><head><title>\(title)</title>\
        \(canonical.map { "<link rel=\"canonical\" href=\"\($0)\">" } ?? "")</head>\
        <body><article><h1>\(title)</h1><p>\(body)</p><p>Published by the press office.</p></article></body></html>
        """
    }

    /// Runs the site and `body` with it.
    static func run(_ body: @Sendable (PressOffice) async throws -> Void) async throws {
        let state = State()
        let router = Router()
        router.add(middleware: Recorder(state: state))
        router.get("/robots.txt") { _, _ in
            "# The press office\nUser-agent: *\nDisallow: /private\nAllow: /private/open$\n\nUser-agent: other\nDisallow: /\n"
        }
        router.get("/news/1") { request, _ -> Response in
            if let removed = await state.removed { return Response(status: removed) }
            let (text, revision) = await (state.release, state.revision)
            let etag = "\"r\(revision)\""
            var headers: HTTPFields = [
                .contentType: "text/html; charset=utf-8", .eTag: etag, .lastModified: lastModified,
                HTTPField.Name("X-Office")!: "press",
            ]
            if request.headers[.ifNoneMatch] == etag {
                headers[.contentType] = nil
                return Response(status: .notModified, headers: headers)
            }
            return Response(
                status: .ok,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: page(title: "Budget approved", body: text)))
            )
        }
        router.get("/old-news") { _, _ in
            Response(status: .movedPermanently, headers: [.location: "/news/1?utm_source=feed&utm_medium=rss#top"])
        }
        router.get("/to-private") { _, _ in Response(status: .found, headers: [.location: "/private/secret"]) }
        router.get("/private/secret") { _, _ in "secret" }
        router.get("/private/open") { _, _ in "open to all" }
        router.get("/story") { request, _ -> Response in
            let host = request.head.authority ?? "127.0.0.1"
            let html = page(
                title: "A story",
                body: "The story has one home.",
                canonical: "http://\(host)/news/story-home"
            )
            return Response(
                status: .ok,
                headers: [.contentType: "text/html"],
                body: .init(byteBuffer: ByteBuffer(string: html))
            )
        }
        router.get("/flaky") { _, _ -> Response in
            if await state.flakyOnce() {
                return Response(status: .serviceUnavailable, headers: [.retryAfter: "1"])
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "Service notice\n\nThe office is open again."))
            )
        }
        router.get("/big") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024))
            )
        }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(6))
            return "late"
        }
        // A body that comes a byte every half second: each byte restarts a read timeout, never the whole answer's.
        router.get("/drip") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain"],
                body: .init(contentLength: 40) { writer in
                    for _ in 0..<40 {
                        try await writer.write(ByteBuffer(string: "a"))
                        try await Task.sleep(for: .milliseconds(500))
                    }
                    try await writer.finish(nil)
                }
            )
        }
        router.get("/missing") { _, _ in Response(status: .notFound) }
        router.get("/reports/annual") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/pdf"],
                body: .init(byteBuffer: ByteBuffer(bytes: report))
            )
        }
        addNewsroom(to: router, state: state)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(PressOffice(port: client.port!, state: state))
        }
    }

    /// The paths the site was asked for, in order.
    func paths() async -> [String] {
        await state.received.map(\.path)
    }
}

/// Records each request before answering it.
struct Recorder<Context: RequestContext>: RouterMiddleware {
    let state: PressOffice.State

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        await state.record(
            PressOffice.Received(
                path: request.uri.path,
                time: ContinuousClock.now,
                userAgent: request.headers[.userAgent],
                ifNoneMatch: request.headers[.ifNoneMatch],
                ifModifiedSince: request.headers[.ifModifiedSince]
            )
        )
        return try await next(request, context)
    }
}
