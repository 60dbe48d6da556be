import ArchiveBuiltins
import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// What a hostile or careless client can reach: server paths in answers, metric labels, links built from stored URLs.
@Suite struct HardeningTests {
    /// An archived page is someone else's markup: served from the archive's origin, it runs sandboxed, with no
    /// scripts; no original is taken for another type by a browser guessing from its bytes.
    @Test func anArchivedPageIsServedSandboxed() async throws {
        try await LiveServer.run { server, client in
            let page =
                "<html><head><title>Page</title></head><body><p>Text of the page.</p>"
                + "<script>fetch('/metrics')</script></body></html>"
            try await server.seed("page", page, format: "html")
            let html = try await client.execute(uri: "/documents/page", method: .get)
            #expect(html.text == page, "the original's bytes, as archived")
            #expect(html.headers[.contentSecurityPolicy] == "sandbox")
            #expect(html.headers[.xContentTypeOptions] == "nosniff")
            let text = try await client.execute(uri: "/documents/a/b", method: .get)
            #expect(text.headers[.contentSecurityPolicy] == nil && text.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    /// Every XML type may carry SVG or XHTML that a browser runs (a feed's `application/rss+xml` too): all are served
    /// sandboxed; text, JSON and images are not.
    @Test func everyTypeABrowserRunsScriptsInIsSandboxed() {
        for type in [
            "text/html; charset=utf-8", "application/rss+xml", "application/atom+xml", "application/mathml+xml",
            "image/svg+xml", "text/xsl", "Application/XML",
        ] {
            #expect(MementoResponse.isActive(type), "\(type)")
        }
        for type in ["text/plain; charset=utf-8", "application/json", "image/png", "application/pdf"] {
            #expect(!MementoResponse.isActive(type), "\(type)")
        }
    }

    @Test func serverFailuresDoNotRevealPaths() async throws {
        try await LiveServer.run { server, client in
            let version = try await server.archive.version(of: "a/b", ordinal: 1)
            try FileManager.default.removeItem(at: server.archive.root.appending(path: version.bundlePath))
            let answer = try await client.execute(uri: "/documents/a/b", method: .get)
            let body = String(buffer: answer.body)
            #expect(
                answer.status.code >= 500 && body.contains("corrupt-bundle") || body.contains("bundle-io"),
                "\(body)"
            )
            #expect(!body.contains(server.archive.root.path) && !body.contains(version.bundlePath), "\(body)")
        }
    }

    @Test func metricLabelsStayBounded() async throws {
        try await LiveServer.run { _, client in
            // Methods the HTTP parser knows beyond the standard ones (it closes the connection on names it does not).
            for name in ["PROPFIND", "PURGE", "MKCOL"] {
                let answer = try await client.execute(uri: "/documents", method: HTTPRequest.Method(name)!)
                #expect(answer.status.code >= 400)
            }
            _ = try await client.execute(uri: "/no/such/\(UUID())", method: .get)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(!metrics.contains("PROPFIND") && !metrics.contains("PURGE") && !metrics.contains("MKCOL"))
            #expect(metrics.contains("method=\"other\""))
            #expect(!metrics.contains("/no/such"))
        }
    }

    @Test func linksCarryEncodedSourceURLs() async throws {
        try await LiveServer.run { server, client in
            _ = try await server.archive.ingest(
                IngestRequest(
                    data: Data("Note\n\nText.".utf8),
                    name: "note",
                    format: DocumentFormat("text"),
                    documentID: "note",
                    sourceURL: "https://example.org/a>;rel=\"memento\"",
                    capturedAt: try ArchiveDate.parse("2024-03-01", field: "date")
                ),
                registry: .builtIn
            )
            let versionID = try await #require(try server.archive.catalog.versions(of: "note").first?.id)
            for uri in ["/timegate/note", "/documents/note/versions/\(versionID)", "/documents/note"] {
                let link = try #require(try await client.execute(uri: uri, method: .get).headers[.link])
                #expect(link.contains("<https://example.org/a%3E;rel=%22memento%22>; rel=\"original\""), "\(link)")
            }
            let map = String(buffer: try await client.execute(uri: "/timemap/note", method: .get).body)
            #expect(map.contains("<https://example.org/a%3E;rel=%22memento%22>; rel=\"original\""), "\(map)")
        }
    }
}
