public import Foundation

/// An ``ObservationJournal`` kept as JSON lines in `journal/observations.jsonl` inside the archive folder.
public struct FileObservationJournal: ObservationJournal {
    private let lines: JSONLinesFile<Observation>

    public var file: URL { lines.file }

    public init(root: URL) {
        lines = JSONLinesFile(root.appending(path: "journal/observations.jsonl", directoryHint: .notDirectory))
    }

    public func append(_ observation: Observation) throws { try lines.append(observation) }

    public func allObservations() throws -> [Observation] { try lines.all() }

    public func lastObservation() throws -> Observation? { try lines.last() }
}
