public import Foundation

/// Where a watch takes the time from: the system's clock, or in tests one that plays days in seconds.
public protocol WatchClock: Sendable {
    func now() -> Date
    /// Returns at `date` (at once when it has passed), or throws when the task is cancelled.
    func sleep(until date: Date) async throws
}

/// The system's clock.
public struct SystemWatchClock: WatchClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until date: Date) async throws {
        let wait = date.timeIntervalSinceNow
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
    }
}
