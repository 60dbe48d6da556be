import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Source URLs end up in WARC headers, Link headers and TimeMaps: only absolute http(s) URLs are taken, and every
/// byte that could end a header or a link is percent-encoded where they are written.
@Suite struct SourceURLTests {
    static func request(_ url: String?, capturedAt: Date? = nil, html: String? = nil) -> IngestRequest {
        IngestRequest(
            data: Data((html ?? "Note\n\nText.").utf8),
            name: "note.txt",
            format: DocumentFormat(html == nil ? "text" : "html"),
            documentID: "note",
            sourceURL: url,
            capturedAt: capturedAt
        )
    }

    @Test func onlyAbsoluteHTTPURLsWithoutControlsAreTaken() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: .silent)
            for bad in [
                "https://example.org/a\r\nWARC-Type: revisit", "https://example.org/a b", "javascript:alert(1)",
                "/relative/path", "example.org/a", "https://", "ftp://example.org/a", "https://example.org/\u{7}",
                "https://example.org/a\u{200B}b", "", "https://example.org:99999/a", "https://example.org:0/a",
            ] {
                let error = try await #require(throws: ArchiveError.self) {
                    try await archive.ingest(Self.request(bad), registry: .builtIn)
                }
                #expect(
                    error.code == .invalidArgument && error.message.contains("source URL"),
                    "\(bad.debugDescription)"
                )
            }
            #expect(try await archive.catalog.documents().isEmpty, "nothing was written")
            for good in ["https://example.org/a?b=1#c", "http://127.0.0.1:8080/x", "https://kk.example.kz/жаңалықтар"] {
                await #expect(throws: Never.self) { try await archive.ingest(Self.request(good), registry: .builtIn) }
            }
        }
    }

    /// The scheme and host are case-insensitive and a fragment is never sent: each is stored in one spelling, so
    /// that the page is found by any of them.
    @Test func sourceURLsAreStoredInOneSpelling() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: .silent)
            _ = try await archive.ingest(Self.request("HTTPS://Host.Example:8080/Path/A?Q=1#part"), registry: .builtIn)
            let stored = try await archive.catalog.document(id: "note")?.source
            #expect(stored == "https://host.example:8080/Path/A?Q=1")
        }
        // One spelling: default ports go, letters outside ASCII become their UTF-8 escapes, an escape's hex digits
        // stay as written.
        for (given, kept) in [
            ("https://norm.example:443/a", "https://norm.example/a"),
            ("http://norm.example:80/b", "http://norm.example/b"),
            ("https://NORM.example:0443/g", "https://norm.example/g"),
            ("https://norm.example:/h", "https://norm.example/h"),
            ("https://iri.example/ä", "https://iri.example/%C3%A4"),
            ("https://%D0%94.example/", "https://%D0%94.example/"),
            ("http://norm.example:8080/c", "http://norm.example:8080/c"),
        ] {
            #expect(try SourceURL.validate(given, field: "url") == kept, "\(given)")
        }
    }

    /// A document is found by its source in any spelling of it.
    @Test func aSourceIsFoundInAnySpelling() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: .silent)
            _ = try await archive.ingest(Self.request("https://iri.example/ä"), registry: .builtIn)
            for spelling in ["https://iri.example/%C3%A4", "HTTPS://IRI.example:443/ä#part", "https://iri.example/ä"] {
                let found = try await archive.catalog.documents(DocumentQuery(source: spelling)).map(\.id)
                #expect(found == ["note"], "\(spelling)")
            }
        }
    }

    @Test func aPagesOwnUnusableURLIsDropped() async throws {
        let page = """
            <html><head><title>Page</title><link rel="canonical" href="javascript:alert(1)"></head>
            <body><article><h1>Page</h1><p>Enough text to be the article of this page, twice over.</p></article></body>
            </html>
            """
        let documents = try Archive.inspect(Self.request(nil, html: page), registry: .builtIn)
        #expect(documents.first?.document.source == nil)
    }

    @Test func headersAndLinksCarryEncodedURLs() async throws {
        #expect(SourceURL.encoded("https://example.org/a>;rel=\"x\"") == "https://example.org/a%3E;rel=%22x%22")
        #expect(SourceURL.encoded("https://kk.example.kz/ә?q=%41%") == "https://kk.example.kz/%D3%99?q=%41%25")
        try await withTemporaryFolder { folder in
            let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: .silent)
            _ = try await archive.ingest(Self.request("https://example.org/a>x\"y"), registry: .builtIn)
            let warc = folder.appending(path: "export.warc.gz")
            _ = try await archive.exportWARC(ExportSelection(), to: warc, registry: .builtIn)
            let text = try ProcessRunner.run(URL(filePath: "/bin/gzip"), ["-dc", warc.path]).stdoutText
            #expect(text.contains("WARC-Target-URI: https://example.org/a%3Ex%22y\r\n"))
        }
    }

    @Test func captureTimesInTheFutureAreRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: .silent)
            let far = try ArchiveDate.parse("9999-01-01", field: "date")
            let error = try await #require(throws: ArchiveError.self) {
                try await archive.ingest(Self.request(nil, capturedAt: far), registry: .builtIn)
            }
            #expect(error.code == .invalidDate && error.message.contains("future"))
            let tomorrow = Date().addingTimeInterval(86_400)
            await #expect(throws: ArchiveError.self) {
                try await archive.ingest(Self.request(nil, capturedAt: tomorrow), registry: .builtIn)
            }
            // A clock a few minutes ahead is tolerated.
            let skewed = Date().addingTimeInterval(120)
            await #expect(throws: Never.self) {
                try await archive.ingest(Self.request(nil, capturedAt: skewed), registry: .builtIn)
            }
            #expect(try await archive.catalog.versions(of: "note").count == 1)
        }
    }
}
