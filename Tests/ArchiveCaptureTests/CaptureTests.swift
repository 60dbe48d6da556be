import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Testing

/// `Archive.capture` against a real site on 127.0.0.1 (``PressOffice``): what is archived, what the site is asked,
/// and every failure named.
@Suite struct CaptureTests {
    static func policy(
        delay: Duration = .milliseconds(50),
        timeout: Duration = .seconds(5),
        maximumSize: Int = 1024 * 1024,
        robots: Bool = true
    ) -> CapturePolicy {
        CapturePolicy(
            contact: "archive@example.org",
            honoursRobots: robots,
            delayPerHost: delay,
            timeout: timeout,
            maximumSize: maximumSize
        )
    }

    static func withFetcher(
        _ policy: CapturePolicy = policy(),
        _ body: (PageFetcher) async throws -> Void
    ) async throws {
        let fetcher = PageFetcher(policy: policy)
        do {
            try await body(fetcher)
        } catch {
            try await fetcher.shutdown()
            throw error
        }
        try await fetcher.shutdown()
    }

    @Test func aPageIsArchivedWithItsResponseAndAskedForConditionallyAfterwards() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                try await Self.withFetcher { fetcher in
                    // Reached through a redirect, with tracking parameters and a fragment.
                    let first = try await archive.capture(
                        site.base + "/old-news",
                        registry: .builtIn,
                        fetcher: fetcher
                    )
                    let id = site.base + "/news/1"
                    #expect(first.results.map(\.documentID) == [id])
                    #expect(first.results.first?.isNew == true)
                    let version = try await archive.latestVersion(of: id)
                    #expect(version.source == id)
                    let content = try await archive.content(of: version)
                    let served = PressOffice.page(title: "Budget approved", body: await site.state.release)
                    #expect(content.original == Data(served.utf8))
                    #expect(content.document.title == "Budget approved")
                    let response = try #require(content.response)
                    #expect(response.status == 200)
                    #expect(response.url == site.base + "/news/1?utm_source=feed&utm_medium=rss")
                    #expect(response.value("etag") == "\"r1\"")
                    #expect(response.value("X-Office") == "press")
                    #expect(response.value("Last-Modified") == PressOffice.lastModified)

                    // Unchanged: asked with its validators, answered 304.
                    let second = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    #expect(second.response.status == 304)
                    #expect(second.results.first?.isNew == false)
                    let asked = await site.state.received.last
                    #expect(asked?.ifNoneMatch == "\"r1\"")
                    #expect(asked?.ifModifiedSince == PressOffice.lastModified)

                    // Changed: a new version.
                    await site.state.change("Budget 2025 approved. The parliament approved the amended budget.")
                    let third = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    #expect(third.results.first?.isNew == true)
                    let kinds = try await archive.history(of: id).entries.map { entry in
                        if case .version = entry { "version" } else { "unchanged" }
                    }
                    #expect(kinds == ["version", "unchanged", "version"])

                    // Every request named Mura and the archive's contact.
                    let agents = Set(await site.state.received.compactMap(\.userAgent))
                    #expect(agents.count == 1)
                    #expect(agents.first?.hasPrefix("Mura/") == true)
                    #expect(agents.first?.contains("archive@example.org") == true)
                }
            }
        }
    }

    /// A 404 or 410 for a page the archive holds records its removal: reads after it say the page was gone, naming
    /// its last version; a dated search leaves it out; a page that comes back as it was is seen unchanged.
    @Test func aPageTheSiteRemovedIsRecordedGoneUntilItComesBack() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                let id = site.base + "/news/1"
                try await Self.withFetcher { fetcher in
                    _ = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    let published = Date()
                    try await Task.sleep(for: .milliseconds(20))
                    await site.state.remove(.gone)
                    let removed = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    guard case .gone(let observation) = removed.results.first?.outcome else {
                        Issue.record("not recorded as gone: \(removed.results)")
                        return
                    }
                    #expect(observation.gone == 410)
                    let error = await #expect(throws: ArchiveError.self) {
                        try await archive.version(of: id, at: Date())
                    }
                    #expect(error?.code == .gone)
                    #expect(error?.message.contains("410") == true && error?.message.contains("#1") == true)
                    #expect(try await archive.version(of: id, at: published).documentID == id)
                    let search = { (at: Date) in
                        try await archive.search(SearchRequest(query: SearchQuery("parliament"), at: at)).hits.count
                    }
                    #expect(try await search(published) == 1)
                    #expect(try await search(Date()) == 0)
                    // An export as the archive stood then has nothing of it; of every version, it has its version.
                    let warc = folder.appending(path: "gone.warc.gz")
                    let exported = await #expect(throws: ArchiveError.self) {
                        try await archive.exportWARC(
                            ExportSelection(documentIDs: [id], at: Date()),
                            to: warc,
                            registry: .builtIn
                        )
                    }
                    #expect(exported?.code == .nothingSelected)
                    #expect(
                        try await archive.exportWARC(ExportSelection(documentIDs: [id]), to: warc, registry: .builtIn)
                            .versions == 1
                    )
                    // Without a date, search still finds what the archive kept.
                    #expect(try await archive.search(SearchRequest(query: SearchQuery("parliament"))).hits.count == 1)
                    // Another 404 while it is gone is recorded too.
                    await site.state.remove(.notFound)
                    let again = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    #expect(again.results.first.map { if case .gone = $0.outcome { true } else { false } } == true)

                    // Back, as it was: unchanged, in force again.
                    await site.state.remove(nil)
                    let back = try await archive.capture(id, registry: .builtIn, fetcher: fetcher)
                    #expect(back.results.first.map { if case .unchanged = $0.outcome { true } else { false } } == true)
                    #expect(try await archive.version(of: id, at: Date()).documentID == id)
                    #expect(try await search(Date()) == 1)
                }
                let kinds = try await archive.history(of: id).entries.map { entry -> String in
                    switch entry {
                    case .version: "version"
                    case .observation(_, let observation): observation.gone.map { "gone \($0)" } ?? "unchanged"
                    }
                }
                #expect(kinds == ["version", "gone 410", "gone 404", "unchanged"])
                // The removals survive a rebuild of the catalog (they are in the journal).
                _ = try await archive.rebuildCatalog()
                #expect(try await archive.history(of: id).entries.count == 4)
                let rebuilt = try await archive.catalog.timeline(of: id, at: Date()).observation
                #expect(rebuilt?.gone == nil)
            }
        }
    }

    @Test func robotsTxtIsHonouredOnEveryRedirect() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                try await Self.withFetcher { fetcher in
                    for path in ["/private/secret", "/to-private"] {
                        let error = await #expect(throws: ArchiveError.self) {
                            try await archive.capture(site.base + path, registry: .builtIn, fetcher: fetcher)
                        }
                        #expect(error?.code == .fetchFailed)
                        #expect(error?.message.contains("robots.txt") == true)
                        #expect(error?.message.contains("/private/secret") == true)
                    }
                    // Allowed by a longer Allow rule.
                    let open = try await archive.capture(
                        site.base + "/private/open",
                        registry: .builtIn,
                        fetcher: fetcher
                    )
                    #expect(open.results.first?.isNew == true)
                }
                let asked = await site.paths()
                #expect(asked.filter { $0 == "/robots.txt" }.count == 1)
                #expect(!asked.contains("/private/secret"))
                #expect(try await archive.catalog.documents().map(\.id) == [site.base + "/private/open"])
                // Unless robots.txt is turned off.
                try await Self.withFetcher(Self.policy(robots: false)) { fetcher in
                    _ = try await archive.capture(site.base + "/private/secret", registry: .builtIn, fetcher: fetcher)
                }
                #expect(await site.paths().contains("/private/secret"))
            }
        }
    }

    @Test func requestsToOneHostKeepTheirDistanceAndA503IsTriedAgainAfterRetryAfter() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                try await Self.withFetcher(Self.policy(delay: .milliseconds(400))) { fetcher in
                    for path in ["/news/1", "/story", "/flaky"] {
                        _ = try await archive.capture(site.base + path, registry: .builtIn, fetcher: fetcher)
                    }
                }
                let received = await site.state.received
                #expect(received.map(\.path) == ["/robots.txt", "/news/1", "/story", "/flaky", "/flaky"])
                for (earlier, later) in zip(received, received.dropFirst()) {
                    #expect(later.time - earlier.time >= .milliseconds(390), "\(earlier.path) → \(later.path)")
                }
                // The 503 asked for a second.
                #expect(received[4].time - received[3].time >= .milliseconds(990))
                #expect(try await archive.catalog.documents().count == 3)
            }
        }
    }

    @Test func contentNoImporterReadsIsKeptWithItsMediaTypeAndNoText() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                try await Self.withFetcher { fetcher in
                    let url = site.base + "/reports/annual"
                    let captured = try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                    #expect(captured.results.map(\.documentID) == [url])
                    let version = try await archive.latestVersion(of: url)
                    #expect(version.format.rawValue == "binary")
                    #expect(version.originalPath == "data/original.pdf")
                    let content = try await archive.content(of: version)
                    #expect(content.original == Data(PressOffice.report))
                    #expect(content.document.text.isEmpty)
                    #expect(content.document.metadata["mediaType"] == "application/pdf")
                    let registry = PluginRegistry.builtIn
                    #expect(
                        registry.mediaType(of: version, document: content.document, response: content.response)
                            == "application/pdf"
                    )
                    // The same bytes again: unchanged.
                    let again = try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                    #expect(again.results.first?.isNew == false)
                }
            }
        }
    }

    @Test func aCanonicalURLOnTheSameSiteNamesTheDocument() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                try await Self.withFetcher { fetcher in
                    let story = try await archive.capture(
                        site.base + "/story?fbclid=abc&page=2",
                        registry: .builtIn,
                        fetcher: fetcher
                    )
                    #expect(story.results.map(\.documentID) == [site.base + "/news/story-home"])
                    let named = try await archive.capture(
                        site.base + "/story",
                        documentID: "press/story",
                        registry: .builtIn,
                        fetcher: fetcher
                    )
                    #expect(named.results.map(\.documentID) == ["press/story"])
                }
            }
        }
    }

    @Test func failuresNameTheURLAndWhatHappenedAndArchiveNothing() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                // A port nothing listens on: bind one, then close it.
                let closed = try Self.closedPort()
                // Each with a timeout: shorter than the slow answers (6 s, 20 s) for them, and for the others long enough for a
                // machine loaded by the whole test run to answer (a TLS handshake with a plain HTTP server took more
                // than 3 s there).
                let cases: [(String, String, Duration)] = [
                    (site.base + "/missing", "404", .seconds(30)),
                    (site.base + "/big", "over the limit", .seconds(30)),
                    (site.base + "/slow", "timed out", .seconds(3)),
                    (site.base + "/drip", "timed out", .seconds(3)),
                    ("http://127.0.0.1:\(closed)/news", "refused", .seconds(30)),
                    ("https://127.0.0.1:\(site.port)/news/1", "TLS", .seconds(30)),
                    ("ftp://127.0.0.1/file", "not an absolute http or https URL", .seconds(30)),
                ]
                for (url, problem, timeout) in cases {
                    try await Self.withFetcher(Self.policy(timeout: timeout)) { fetcher in
                        let error = await #expect(throws: ArchiveError.self, "\(url)") {
                            try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                        }
                        #expect(error?.code == .fetchFailed, "\(url)")
                        #expect(error?.message.contains(problem) == true, "\(url): \(error?.message ?? "")")
                        #expect(error?.message.contains(url.prefix(30)) == true, "\(url): \(error?.message ?? "")")
                    }
                }
                // Credentials in a URL are neither sent nor stored, nor echoed back.
                try await Self.withFetcher(Self.policy(timeout: .seconds(30))) { fetcher in
                    let error = await #expect(throws: ArchiveError.self) {
                        try await archive.capture(
                            "http://editor:secret@127.0.0.1:\(site.port)/news/1",
                            registry: .builtIn,
                            fetcher: fetcher
                        )
                    }
                    let message = error?.message ?? ""
                    #expect(message.contains("user name or password") && !message.contains("secret"), "\(message)")
                }
                #expect(try await archive.catalog.documents().isEmpty)
            }
        }
    }

    static func closedPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
