import ArchiveCore
public import Foundation

/// One line of a watch journal: a source added or removed (`watches/sources.jsonl`), or a source's run, a
/// publication first seen or given a new date, and a capture (`watches/<source>.jsonl`). Journals are appended,
/// synced, and replayed into ``WatchState``; they live beside the bundles, so `catalog rebuild` leaves them be.
public struct WatchEvent: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case added, removed, run, seen, captured
    }

    public var kind: Kind
    public var at: Date
    public var sourceID: String
    /// The source, when added.
    public var source: WatchSource?
    /// The publication seen or captured.
    public var url: String?
    /// The date the source gives the publication (seen).
    public var date: Date?
    /// A run: `ok` or `failed`; a capture: `new`, `unchanged`, `gone`, `failed`, or `disallowed` (by robots.txt:
    /// not fetched).
    public var outcome: String?
    /// A run: how many publications the source listed, and what it was read as.
    public var items: Int?
    public var listing: SourceListing.Kind?
    public var documentID: String?
    public var error: String?

    public init(
        _ kind: Kind,
        at: Date,
        sourceID: String,
        source: WatchSource? = nil,
        url: String? = nil,
        date: Date? = nil,
        outcome: String? = nil,
        items: Int? = nil,
        listing: SourceListing.Kind? = nil,
        documentID: String? = nil,
        error: String? = nil
    ) {
        self.kind = kind
        // As the journal keeps it, so that a state replayed and one kept in memory agree.
        self.at = ArchiveDate.roundedToMilliseconds(at)
        self.sourceID = sourceID
        self.source = source
        self.url = url
        self.date = date
        self.outcome = outcome
        self.items = items
        self.listing = listing
        self.documentID = documentID
        self.error = error
    }
}

/// A source with what its journal says: its publications and its last run.
public struct WatchState: Sendable {
    public var source: WatchSource
    /// The publications by URL, and their URLs in the order first seen.
    public var items: [String: WatchItemState] = [:]
    public var order: [String] = []
    /// The last run, if any.
    public var lastRun: WatchEvent?
    /// Captures by outcome (`new`, `unchanged`, `gone`, `failed`, `disallowed`), since the source was added.
    public var outcomes: [String: Int] = [:]

    public init(source: WatchSource, events: [WatchEvent] = []) {
        self.source = source
        for event in events { apply(event) }
    }

    /// Takes in one event of the source's journal.
    public mutating func apply(_ event: WatchEvent) {
        switch event.kind {
        case .run: lastRun = event
        case .seen:
            guard let url = event.url else { return }
            if items[url] == nil {
                items[url] = WatchItemState(firstSeen: event.at, sourceDate: event.date)
                order.append(url)
            } else {
                items[url]?.sourceDate = event.date
            }
        case .captured:
            guard let url = event.url, var item = items[url] else { return }
            outcomes[event.outcome ?? "", default: 0] += 1
            item.lastAttempt = event.at
            item.lastOutcome = event.outcome
            if event.outcome == "failed" {
                item.failures += 1
            } else if event.outcome == "disallowed" {
                item.failures = 0
                item.capturedSourceDate = item.sourceDate
            } else {
                item.failures = 0
                item.captures += 1
                item.lastCapture = event.at
                item.capturedSourceDate = item.sourceDate
                item.documentID = event.documentID ?? item.documentID
            }
            items[url] = item
        case .added, .removed: break
        }
    }

    /// When the source is next read.
    public var nextRun: Date {
        lastRun.map { $0.at.addingTimeInterval(Double(source.every)) } ?? source.added
    }
}
