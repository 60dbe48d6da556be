public import Foundation

/// When a watched publication is captured again: at fixed ages after it was first seen (publications change most
/// when new), whenever its source gives it a new date, and after a failed capture, once a backoff has passed. A page
/// that robots.txt disallows is passed over, and looked at again at the next age.
public struct WatchSchedule: Codable, Hashable, Sendable {
    /// Ages after first seen at which it is captured again, in seconds (by default 1, 7 and 30 days).
    public var ages: [Int]
    /// The wait after a failed capture, doubled with each failure in a row, in seconds.
    public var retry: Int
    /// The longest wait after failures, in seconds.
    public var longestRetry: Int

    public init(ages: [Int] = [86_400, 7 * 86_400, 30 * 86_400], retry: Int = 3600, longestRetry: Int = 86_400) {
        self.ages = ages.sorted()
        self.retry = retry
        self.longestRetry = longestRetry
    }

    /// When `item` is next due, or `nil` when it is not due again unless its source changes its date.
    public func nextCapture(of item: WatchItemState) -> Date? {
        guard let last = item.lastAttempt else { return item.firstSeen }
        if item.failures > 0 {
            let wait = min(Double(retry) * pow(2, Double(min(item.failures - 1, 20))), Double(longestRetry))
            return last.addingTimeInterval(wait)
        }
        if item.sourceDate != item.capturedSourceDate { return last }
        return ages.lazy.map { item.firstSeen.addingTimeInterval(Double($0)) }.first { $0 > last }
    }
}

/// What a watch knows of one publication of a source.
public struct WatchItemState: Codable, Hashable, Sendable {
    public var firstSeen: Date
    /// The date the source gives it now, and the one it gave at its last capture.
    public var sourceDate: Date?
    public var capturedSourceDate: Date?
    public var lastAttempt: Date?
    /// The last capture that succeeded (new, unchanged or gone).
    public var lastCapture: Date?
    public var captures = 0
    /// Failed captures in a row.
    public var failures = 0
    /// The outcome of the last attempt: `new`, `unchanged`, `gone`, `failed` or `disallowed`.
    public var lastOutcome: String?
    /// The document the page was archived as.
    public var documentID: String?
    /// Whether the source still lists it.
    public var listed = true

    public init(firstSeen: Date, sourceDate: Date?) {
        self.firstSeen = firstSeen
        self.sourceDate = sourceDate
    }
}
