import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The press office's newsroom: releases that appear, change and disappear, listed by an RSS feed, an Atom feed, a
/// JSON Feed, a gzipped sitemap behind a sitemap index, and a listing page.
extension PressOffice {
    struct Release: Sendable {
        var title: String
        var text: String
        /// When the release last changed, as the feeds and sitemap say.
        var updated: Date
        /// The status it answers once removed (404, 410); removed releases are not listed.
        var removed: HTTPResponse.Status?
        /// Where it lives, if not at /newsroom/releases/N (a disallowed path, a PDF).
        var path: String?
    }

    static func releasePath(_ number: Int, _ release: Release) -> String {
        release.path ?? "/newsroom/releases/\(number)"
    }

    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static func w3c(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func text(_ body: String, _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func addNewsroom(to router: Router<BasicRequestContext>, state: State) {
        router.get("/newsroom/feed.xml") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            let items = await state.listed().map { number, release in
                "<item><title>\(release.title)</title><link>\(base)\(releasePath(number, release))?utm_source=rss</link>"
                    + "<pubDate>\(rfc822(release.updated))</pubDate></item>"
            }
            return text(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Newsroom</title>\(items.joined())</channel></rss>",
                "application/rss+xml"
            )
        }
        router.get("/newsroom/atom.xml") { _, _ -> Response in
            let entries = await state.listed().map { number, release in
                "<entry><title>\(release.title)</title><link rel=\"alternate\" href=\"\(releasePath(number, release))\"/>"
                    + "<id>urn:release:\(number)</id><updated>\(w3c(release.updated))</updated></entry>"
            }
            return text(
                "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Newsroom</title>\(entries.joined())</feed>",
                "application/atom+xml"
            )
        }
        router.get("/newsroom/feed.json") { _, _ -> Response in
            let items = await state.listed().map { number, release in
                "{\"id\": \"\(number)\", \"url\": \"\(releasePath(number, release))\", \"date_modified\": \"\(w3c(release.updated))\"}"
            }
            return text(
                "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Newsroom\", \"items\": [\(items.joined(separator: ", "))]}",
                "application/feed+json"
            )
        }
        // The index lists itself and another index too, as sitemap generators do by mistake: neither is a sitemap.
        router.get("/newsroom/sitemap-index.xml") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            return text(
                "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    + "<sitemap><loc>\(base)/newsroom/sitemap.xml.gz</loc></sitemap>"
                    + "<sitemap><loc>\(base)/newsroom/sitemap-index.xml</loc></sitemap>"
                    + "<sitemap><loc>\(base)/newsroom/archive-index.xml</loc></sitemap></sitemapindex>",
                "application/xml"
            )
        }
        router.get("/newsroom/archive-index.xml") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            return text(
                "<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    + "<sitemap><loc>\(base)/newsroom/archive-2019.xml</loc></sitemap></sitemapindex>",
                "application/xml"
            )
        }
        router.get("/newsroom/sitemap.xml.gz") { request, _ -> Response in
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            let urls = await state.listed().map { number, release in
                "<url><loc>\(base)\(releasePath(number, release))</loc><lastmod>\(w3c(release.updated))</lastmod></url>"
            }
            let xml =
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\(urls.joined())</urlset>"
            return Response(
                status: .ok,
                headers: [.contentType: "application/gzip"],
                body: .init(byteBuffer: ByteBuffer(bytes: try gzip(Data(xml.utf8))))
            )
        }
        router.get("/newsroom/") { _, _ -> Response in
            let links = await state.listed().map { number, release in
                "<li><a href=\"releases/\(number)\">\(release.title)</a></li>"
            }
            return text(
                "<html><body><nav><a href=\"/about\">About</a> <a href=\"/newsroom/\">Newsroom</a></nav>"
                    + "<ul>\(links.joined())</ul><footer><a href=\"https://elsewhere.example/\">Partner</a></footer></body></html>",
                "text/html"
            )
        }
        router.get("/newsroom/releases/{number}") { _, context -> Response in
            guard let number = context.parameters.get("number", as: Int.self),
                let release = await state.releases[number]
            else { return Response(status: .notFound) }
            if let removed = release.removed { return Response(status: removed) }
            try await Task.sleep(for: await state.releaseDelay)
            return text(page(title: release.title, body: release.text), "text/html; charset=utf-8")
        }
        router.get("/private/releases/{number}") { _, _ in "never to be fetched" }
    }

    /// gzip, as a sitemap server sends it: one member, written by libarchive.
    static func gzip(_ data: Data) throws -> Data {
        try LibArchiveWriter.data([BagFile(path: "x", data: data)], name: "x.gz", format: .gzipMember, modified: Date())
    }
}

extension PressOffice.State {
    func publish(_ number: Int, _ title: String, _ text: String, at date: Date, path: String? = nil) {
        releases[number] = PressOffice.Release(title: title, text: text, updated: date, path: path)
    }

    func revise(_ number: Int, _ text: String, at date: Date) {
        releases[number]?.text = text
        releases[number]?.updated = date
    }

    func withdraw(_ number: Int, _ status: HTTPResponse.Status) {
        releases[number]?.removed = status
    }

    /// The releases the feeds list: not removed, by number.
    func listed() -> [(Int, PressOffice.Release)] {
        releases.filter { $0.value.removed == nil }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
