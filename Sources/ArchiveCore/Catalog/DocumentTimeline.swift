public import Foundation

/// What a dated read of one document needs, read in one transaction: its versions, its source URL, and its
/// latest capture at or before the date of the read.
public struct DocumentTimeline: Sendable {
    /// The versions, oldest capture first; empty when the document does not exist.
    public var versions: [Version]
    /// The document's source URL.
    public var source: String?
    /// The latest observation (unchanged capture) at or before the date the timeline was read for.
    public var observation: Observation?

    public init(versions: [Version], source: String?, observation: Observation?) {
        self.versions = versions
        self.source = source
        self.observation = observation
    }

    /// The version in force at `date` (the date the timeline was read for), or `nil` before the first capture and
    /// while the page is gone (``removal(at:)``).
    public func versionInForce(at date: Date) -> Version? {
        Self.inForce(version: latestVersion(at: date), observation: observation) { id in
            versions.first { $0.id == id }
        }
    }

    /// The capture that found the page gone, when it is the latest capture at or before `date`.
    public func removal(at date: Date) -> Observation? {
        guard let observation, observation.gone != nil,
            observation.capturedAt > (latestVersion(at: date)?.capturedAt ?? .distantPast)
        else { return nil }
        return observation
    }

    /// The content of the latest capture at or before `date` that had content: the version in force, or the one in
    /// force before the page was gone. What a new capture is compared with, so that a page that comes back as it
    /// was makes no new version.
    public func lastContent(at date: Date) -> Version? {
        var seen = observation
        seen?.gone = nil
        return Self.inForce(version: latestVersion(at: date), observation: seen) { id in versions.first { $0.id == id }
        }
    }

    /// The latest version captured at or before `date`, or `nil` before the first.
    public func latestVersion(at date: Date) -> Version? {
        let index = versions.partitioningIndex { $0.capturedAt > date }
        return index > 0 ? versions[index - 1] : nil
    }

    /// The content of the latest capture at or before a date: the latest version then, unless a later unchanged
    /// capture saw another version's content (a backfill placed between a version and a later unchanged capture
    /// does not change what that capture saw), or a later capture found the page gone (`nil`).
    static func inForce(
        version: Version?,
        observation: Observation?,
        lookup: (String) throws -> Version?
    ) rethrows -> Version? {
        guard let observation, observation.capturedAt > (version?.capturedAt ?? .distantPast) else { return version }
        guard observation.gone == nil else { return nil }
        return try lookup(observation.versionID) ?? version
    }
}

extension Array {
    /// The first index whose element satisfies `belongsInSecondPart`, for an array already partitioned by it.
    func partitioningIndex(where belongsInSecondPart: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsInSecondPart(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
