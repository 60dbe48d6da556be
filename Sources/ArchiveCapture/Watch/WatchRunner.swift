public import ArchiveCore
public import Foundation

/// What a watch run did, as it happens.
public enum WatchProgress: Sendable {
    /// A source was read: its kind, how many publications it listed (a sitemap index: its sitemaps together), and
    /// how many were new to the watch.
    case read(WatchSource, kind: SourceListing.Kind, listed: Int, new: Int)
    /// A source could not be read.
    case unreadable(WatchSource, ArchiveError)
    /// A publication was captured: a new version, unchanged, or gone.
    case captured(WatchSource, url: String, [IngestResult])
    /// A publication that robots.txt does not let Mura fetch: passed over, and looked at again at its next age.
    case disallowed(WatchSource, url: String)
    /// A publication could not be captured; it is tried again after a backoff.
    case failed(WatchSource, url: String, ArchiveError)
}

/// Runs the watches of an archive: reads each source when it is due, captures the publications it lists when they
/// appear, and captures them again on the ``WatchSchedule`` (and when the source gives them a new date). Every
/// capture is written to the source's journal before it is reported, so a run stopped at any point (even by
/// `kill -9`) loses nothing it reported, and the next run goes on from there.
public struct WatchRunner: Sendable {
    public let archive: Archive
    public let registry: PluginRegistry
    public let fetcher: PageFetcher
    public let store: any WatchStore
    public let clock: any WatchClock
    public let schedule: WatchSchedule

    /// The most sitemaps of one sitemap index read in a run.
    static let maximumSitemaps = 1000

    public init(
        archive: Archive,
        registry: PluginRegistry,
        fetcher: PageFetcher,
        store: any WatchStore,
        clock: any WatchClock = SystemWatchClock(),
        schedule: WatchSchedule = WatchSchedule()
    ) {
        self.archive = archive
        self.registry = registry
        self.fetcher = fetcher
        self.store = store
        self.clock = clock
        self.schedule = schedule
    }

    /// Runs passes until the task is cancelled, sleeping until the next work is due (a minute at most, so that
    /// sources added meanwhile are seen). A pass that fails goes to `failed` when given (the service logs it and
    /// tries again a minute later); otherwise it ends the run.
    public func run(
        report: @escaping @Sendable (WatchProgress) -> Void,
        failed: (@Sendable (any Error) -> Void)? = nil
    ) async throws {
        while !Task.isCancelled {
            var next: Date?
            do {
                next = try await runOnce(report: report)
            } catch {
                guard let failed else { throw error }
                failed(error)
            }
            let soon = clock.now().addingTimeInterval(60)
            try await clock.sleep(until: min(next ?? soon, soon))
        }
    }

    /// One pass: reads every source that is due and captures every publication that is due.
    ///
    /// - Returns: When the next work is due, or `nil` when nothing is watched.
    @discardableResult
    public func runOnce(report: @escaping @Sendable (WatchProgress) -> Void) async throws -> Date? {
        var next: Date?
        for source in try store.sources() {
            var state = WatchState(source: source, events: try store.events(of: source.id))
            if state.nextRun <= clock.now() { try await read(&state, report: report) }
            for url in state.order {
                guard let item = state.items[url], let due = schedule.nextCapture(of: item), due <= clock.now() else {
                    continue
                }
                try await capture(url, of: &state, report: report)
            }
            let dues = state.order.compactMap { state.items[$0].flatMap(schedule.nextCapture) } + [state.nextRun]
            next = ([next].compactMap { $0 } + dues).min()
        }
        return next
    }

    /// Reads a source and records the publications new to it, or given a new date.
    ///
    /// A sitemap index's sitemaps are read one at a time, what each lists recorded before the next is fetched: an
    /// index may list a thousand sitemaps of 50,000 addresses each. An index lists sitemaps, not other indexes (the
    /// sitemap protocol): a sitemap that is an index, or the index itself, is not read again.
    private func read(_ state: inout WatchState, report: @Sendable (WatchProgress) -> Void) async throws {
        let source = state.source
        let now = clock.now()
        do {
            let listing = try await listing(of: source.url, source: source)
            var listed = 0
            var new = 0
            if listing.kind == .sitemapIndex {
                var fetched: Set<String> = [source.url]
                for sitemap in listing.items.prefix(Self.maximumSitemaps) where fetched.insert(sitemap.url).inserted {
                    let part = try await self.listing(of: sitemap.url, source: source)
                    guard part.kind != .sitemapIndex else { continue }
                    new += try record(part.items, of: &state, at: now)
                    listed += part.items.count
                }
            } else {
                new = try record(listing.items, of: &state, at: now)
                listed = listing.items.count
            }
            let event = WatchEvent(
                .run,
                at: now,
                sourceID: source.id,
                outcome: "ok",
                items: listed,
                listing: listing.kind
            )
            try store.append([event], to: source.id)
            state.apply(event)
            report(.read(source, kind: listing.kind, listed: listed, new: new))
        } catch let error as ArchiveError {
            let event = WatchEvent(.run, at: now, sourceID: source.id, outcome: "failed", error: error.message)
            try store.append([event], to: source.id)
            state.apply(event)
            report(.unreadable(source, error))
        }
    }

    /// Records the items a listing names that are new to the watch, or that it gives a new date; returns how many
    /// were new.
    private func record(_ items: [SourceListing.Item], of state: inout WatchState, at now: Date) throws -> Int {
        var events: [WatchEvent] = []
        var new = 0
        for item in items {
            if let known = state.items[item.url] {
                guard let date = item.date, date != known.sourceDate else { continue }
            } else {
                new += 1
            }
            events.append(WatchEvent(.seen, at: now, sourceID: state.source.id, url: item.url, date: item.date))
        }
        try store.append(events, to: state.source.id)
        for event in events { state.apply(event) }
        return new
    }

    private func listing(of url: String, source: WatchSource) async throws -> SourceListing {
        let page: FetchedPage
        do {
            page = try await fetcher.fetch(url, honouringRobots: !source.ignoresRobots)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.fetchFailed, "\(url) could not be read.", underlying: error)
        }
        guard (200..<300).contains(page.response.status) else {
            throw ArchiveError(
                .fetchFailed,
                "\(url): the server answered \(page.response.status) \(page.response.reason); the source is read "
                    + "again at its next run."
            )
        }
        return try SourceListing.read(Data(page.body), url: page.response.url, prefix: source.prefix)
    }

    /// Captures one publication and journals the outcome before reporting it.
    private func capture(
        _ url: String,
        of state: inout WatchState,
        report: @Sendable (WatchProgress) -> Void
    )
        async throws
    {
        let source = state.source
        let event: WatchEvent
        let progress: WatchProgress
        do {
            guard try await fetcher.allows(url, honouringRobots: !source.ignoresRobots) else {
                let event = WatchEvent(.captured, at: clock.now(), sourceID: source.id, url: url, outcome: "disallowed")
                try store.append([event], to: source.id)
                state.apply(event)
                return report(.disallowed(source, url: url))
            }
            let captured = try await archive.capture(
                url,
                documentID: source.documentID(for: url),
                registry: registry,
                fetcher: fetcher,
                honouringRobots: !source.ignoresRobots,
                at: clock is SystemWatchClock ? nil : clock.now()
            )
            let outcome = captured.results.first?.outcome.name ?? "unchanged"
            event = WatchEvent(
                .captured,
                at: clock.now(),
                sourceID: source.id,
                url: url,
                outcome: outcome,
                documentID: captured.results.first?.documentID
            )
            progress = .captured(source, url: url, captured.results)
        } catch {
            let failure =
                error as? ArchiveError ?? ArchiveError(.fetchFailed, "\(url) could not be captured.", underlying: error)
            event = WatchEvent(
                .captured,
                at: clock.now(),
                sourceID: source.id,
                url: url,
                outcome: "failed",
                error: failure.message
            )
            progress = .failed(source, url: url, failure)
        }
        try store.append([event], to: source.id)
        state.apply(event)
        report(progress)
    }
}
