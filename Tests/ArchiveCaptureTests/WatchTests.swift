import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// A clock that plays days in seconds: sleeping moves it on.
final class TestClock: WatchClock {
    private let time: Mutex<Date>

    init(_ start: Date) {
        time = Mutex(start)
    }

    func now() -> Date { time.withLock { $0 } }

    func sleep(until date: Date) async throws {
        try Task.checkCancellation()
        time.withLock { $0 = max($0, date) }
        await Task.yield()
    }

    func advance(_ seconds: TimeInterval) {
        time.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// Watches of a press office's newsroom over simulated days, against a real site on 127.0.0.1.
@Suite struct WatchTests {
    static let day: TimeInterval = 86_400

    /// What a run reported, by kind.
    final class Log: Sendable {
        let entries = Mutex<[String]>([])

        func take(_ progress: WatchProgress) {
            let line: String
            switch progress {
            case .read(let source, let kind, let listed, let new):
                line = "read \(source.url) \(kind.rawValue) \(listed) \(new)"
            case .unreadable(let source, let error): line = "unreadable \(source.url) \(error.message)"
            case .captured(_, let url, let results):
                let outcome = results.first?.outcome.name ?? "none"
                line = "\(outcome) \(url)"
            case .failed(_, let url, let error): line = "failed \(url) \(error.message)"
            case .disallowed(_, let url): line = "disallowed \(url)"
            }
            entries.withLock { $0.append(line) }
        }

        func drain() -> [String] {
            entries.withLock { entries in
                defer { entries = [] }
                return entries
            }
        }
    }

    /// Runs `body` with a runner of the archive's watches on `clock`, and shuts its fetcher down after.
    static func withRunner(
        _ archive: Archive,
        clock: TestClock,
        _ body: (WatchRunner) async throws -> Void
    ) async throws {
        let runner = WatchRunner(
            archive: archive,
            registry: .builtIn,
            fetcher: PageFetcher(policy: CapturePolicy(delayPerHost: .milliseconds(20), timeout: .seconds(5))),
            store: FileWatchStore(archive: archive.root),
            clock: clock
        )
        do {
            try await body(runner)
        } catch {
            try await runner.fetcher.shutdown()
            throw error
        }
        try await runner.fetcher.shutdown()
    }

    @Test func aNewsroomOverAMonth() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                // Forty days ago, so that every simulated day is in the past for the archive.
                let start = Date(
                    timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 - 40
                        * Self.day
                )
                let clock = TestClock(start)
                try await Self.withRunner(archive, clock: clock) { runner in
                    let store = FileWatchStore(archive: archive.root)
                    try store.add(WatchSource(url: site.base + "/newsroom/feed.xml", every: 3600, added: start))
                    try store.add(
                        WatchSource(url: site.base + "/newsroom/sitemap-index.xml", every: 6 * 3600, added: start)
                    )
                    let state = site.state
                    await state.publish(1, "Budget approved", "The parliament approved the budget.", at: start)
                    await state.publish(2, "Water tariffs", "Tariffs stay as they are.", at: start)
                    await state.publish(3, "Staff notice", "Internal.", at: start, path: "/private/releases/3")
                    await state.publish(4, "Annual report", "", at: start, path: "/reports/annual")
                    let log = Log()
                    let release = { (n: Int) in site.base + "/newsroom/releases/\(n)" }

                    // Day 0: both sources read; every allowed release captured once (the feed's tracking parameter is
                    // dropped, so feed and sitemap name one document), the PDF kept, the disallowed one never fetched.
                    try await runner.runOnce(report: log.take)
                    var lines = log.drain()
                    #expect(lines.contains("read \(site.base)/newsroom/feed.xml rss 4 4"), "\(lines)")
                    #expect(
                        lines.contains("read \(site.base)/newsroom/sitemap-index.xml sitemap-index 4 4"),
                        "\(lines)"
                    )
                    #expect(lines.filter { $0.hasPrefix("new ") }.count == 3, "\(lines)")
                    #expect(lines.filter { $0 == "disallowed \(site.base)/private/releases/3" }.count == 2)
                    // Both sources found release 1: captured as new, then unchanged at the same (simulated) instant,
                    // which is the same capture and not recorded twice.
                    #expect(lines.filter { $0 == "unchanged \(release(1))" }.count == 1)
                    #expect(try await archive.history(of: release(1)).entries.count == 1)
                    #expect(
                        try await archive.latestVersion(of: site.base + "/reports/annual").format.rawValue == "binary"
                    )

                    // Two hours on: the feed is read again (hourly), the sitemap is not; nothing is captured.
                    clock.advance(2 * 3600)
                    try await runner.runOnce(report: log.take)
                    lines = log.drain()
                    #expect(lines == ["read \(site.base)/newsroom/feed.xml rss 4 0"], "\(lines)")

                    // Day 1: release 5 appears and release 1 is corrected; the rest are due for their first recapture.
                    clock.advance(Self.day)
                    await state.publish(5, "Roads", "Three roads will be repaired.", at: clock.now())
                    await state.revise(1, "The parliament approved the budget, with amendments.", at: clock.now())
                    try await runner.runOnce(report: log.take)
                    lines = log.drain()
                    #expect(lines.contains("new \(release(5))"), "\(lines)")
                    #expect(lines.contains("new \(release(1))"), "\(lines)")
                    #expect(lines.contains("unchanged \(release(2))"), "\(lines)")
                    #expect(
                        try await archive.history(of: release(1)).entries.filter {
                            if case .version = $0 { true } else { false }
                        }.count == 2
                    )

                    // Day 2: release 2 is withdrawn (410) and leaves the feeds; its removal is found at day 7's recapture.
                    clock.advance(Self.day)
                    await state.withdraw(2, .gone)
                    try await runner.runOnce(report: log.take)
                    #expect(!log.drain().contains { $0.contains("releases/2") })
                    clock.advance(5 * Self.day)
                    try await runner.runOnce(report: log.take)
                    lines = log.drain()
                    #expect(lines.contains("gone \(release(2))"), "\(lines)")
                    let removal = try await archive.removal(of: release(2), at: clock.now())
                    #expect(removal?.removal.gone == 410)

                    // Day 40: the last scheduled recaptures; then nothing more is due for a release that never changes.
                    clock.advance(33 * Self.day)
                    try await runner.runOnce(report: log.take)
                    clock.advance(Self.day)
                    try await runner.runOnce(report: log.take)
                    lines = log.drain().filter { !$0.hasPrefix("read ") }
                    #expect(!lines.contains { $0.contains("releases/5") && $0.hasPrefix("new") })

                    // Never a request for a disallowed path; one request at a time, 20 ms apart at least (the
                    // fetcher's delay per host); no bundle beyond the new versions.
                    #expect(!(await site.paths()).contains { $0.hasPrefix("/private/") })
                    let times = await site.state.received.map(\.time)
                    let gaps = zip(times, times.dropFirst()).map { $1 - $0 }
                    #expect(gaps.allSatisfy { $0 >= .milliseconds(19) }, "\(gaps.min() ?? .zero)")
                    let versions = try await archive.catalog.documents().map(\.versionCount).reduce(0, +)
                    #expect(try await archive.bundleFiles().count == versions)
                    #expect(versions == 5)  // releases 1 (twice), 2, 5 and the report

                    // The watches and their journals survive a catalog rebuild.
                    _ = try await archive.rebuildCatalog()
                    #expect(try store.sources().count == 2)
                    #expect(
                        try WatchState(source: store.sources()[0], events: store.events(of: store.sources()[0].id))
                            .items.count == 5
                    )
                }
            }
        }
    }

    @Test(arguments: ["/newsroom/atom.xml", "/newsroom/feed.json", "/newsroom/"])
    func everyKindOfSourceListsTheReleases(path: String) async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                let start = ArchiveDate.roundedToMilliseconds(Date().addingTimeInterval(-Self.day))
                let clock = TestClock(start)
                await site.state.publish(1, "Budget approved", "The parliament approved the budget.", at: start)
                await site.state.publish(2, "Water tariffs", "Tariffs stay as they are.", at: start)
                try FileWatchStore(archive: archive.root).add(WatchSource(url: site.base + path, added: start))
                let log = Log()
                try await Self.withRunner(archive, clock: clock) { try await $0.runOnce(report: log.take) }
                let lines = log.drain()
                let captured = lines.filter { $0.hasPrefix("new ") }.map { $0.dropFirst(4) }.sorted()
                #expect(
                    captured == ["\(site.base)/newsroom/releases/1", "\(site.base)/newsroom/releases/2"],
                    "\(lines)"
                )
            }
        }
    }

    @Test func aSourceMayNameItsDocumentsAndLeaveRobotsUnread() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                let start = ArchiveDate.roundedToMilliseconds(Date().addingTimeInterval(-Self.day))
                await site.state.publish(1, "Budget approved", "The parliament approved the budget.", at: start)
                await site.state.publish(3, "Staff notice", "For staff.", at: start, path: "/private/releases/3")
                let source = WatchSource(
                    url: site.base + "/newsroom/feed.json",
                    idPrefix: "press/",
                    ignoresRobots: true,
                    added: start
                )
                try FileWatchStore(archive: archive.root).add(source)
                let log = Log()
                try await Self.withRunner(archive, clock: TestClock(start)) { try await $0.runOnce(report: log.take) }
                #expect(log.drain().filter { $0.hasPrefix("new ") }.count == 2)
                let ids = try await archive.catalog.documents().map(\.id)
                #expect(ids == ["press/newsroom/releases/1", "press/private/releases/3"])
                let paths = await site.paths()
                #expect(paths.contains("/private/releases/3") && !paths.contains("/robots.txt"), "\(paths)")
            }
        }
    }
}
