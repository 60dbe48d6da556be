import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `mura serve --watch`: the watches run inside the service, which shows them on `GET /watches` and in its metrics.
@Suite struct ServeWatchTests {
    struct Watches: Decodable {
        struct Source: Decodable {
            struct Run: Decodable {
                var outcome: String
                var listed: Int?
                var listing: String?
            }

            var url: String
            var publications: Int
            var lastRun: Run?
            var captures: [String: Int]
        }

        var running: Bool
        var sources: [Source]
    }

    @Test func theServiceRunsItsWatchesAndShowsThem() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                let now = Date().addingTimeInterval(-60)
                for number in 1...3 {
                    await site.state.publish(number, "Release \(number)", "Text \(number).", at: now)
                }
                let store = FileWatchStore(archive: archive.root)
                try store.add(WatchSource(url: site.base + "/newsroom/sitemap-index.xml", added: now))
                let runner = WatchRunner(
                    archive: archive,
                    registry: .builtIn,
                    fetcher: PageFetcher(policy: CapturePolicy(delayPerHost: .milliseconds(10))),
                    store: store
                )
                let app = try buildApplication(
                    archive: archive,
                    registry: .builtIn,
                    configuration: ServiceConfiguration(port: 0),
                    logger: .silent,
                    watches: runner
                )
                // A second runner on the same archive is refused while the service holds the watches.
                #expect(throws: ArchiveError.self) { try store.lockRuns() }
                try await app.test(.live) { client in
                    var watches: Watches?
                    for _ in 0..<100 {
                        let response = try await client.execute(uri: "/watches", method: .get)
                        watches = try JSONDecoder().decode(Watches.self, from: Data(response.body.readableBytesView))
                        if watches?.sources.first?.captures["new"] == 3 { break }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    let source = try #require(watches?.sources.first)
                    #expect(watches?.running == true)
                    #expect(source.publications == 3 && source.captures == ["new": 3])
                    #expect(source.lastRun?.outcome == "ok" && source.lastRun?.listing == "sitemap-index")
                    let metrics = try await client.execute(uri: "/metrics", method: .get)
                    let text = String(buffer: metrics.body)
                    #expect(text.contains(#"mura_watch_captures_total{outcome="new"} 3"#), "\(text)")
                    #expect(text.contains(#"mura_watch_reads_total{outcome="ok"} 1"#))
                }
                #expect(try await archive.catalog.documents().count == 3)
            }
        }
    }
}
