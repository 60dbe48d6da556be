import ArchiveCore
import Foundation
import MuraCommandLine

/// What `mura ingest` did, printed as a summary or as JSON.
///
/// Without `--json` and without a progress bar, each line is printed as soon as its input is stored, so the
/// report takes no memory however many inputs there are.
struct IngestReport: Encodable {
    struct Item: Encodable {
        var input: String
        var status: String
        var documentID: String?
        var versionID: String?
        var capturedAt: Date?
        var error: String?
    }

    var items: [Item] = []
    var new = 0
    var unchanged = 0
    var gone = 0
    var failed = 0
    /// The error of the first input that failed: a command given one input exits with its code.
    var firstError: ArchiveError?
    /// WARC records with nothing to archive (requests, metadata, redirects...), by reason.
    var skipped: [String: Int] = [:]
    /// Print lines as they come instead of keeping them for ``print(json:)``.
    var streaming = false

    private enum CodingKeys: String, CodingKey {
        case items, new, unchanged, gone, failed, skipped
    }

    private mutating func record(_ item: Item) {
        if streaming { Self.printLine(item) } else { items.append(item) }
    }

    private static func printLine(_ item: Item) {
        guard item.status != "failed" else { return }
        let time = item.capturedAt.map(ArchiveDate.format) ?? ""
        Console.print(
            "\(item.status.padding(toLength: 9, withPad: " ", startingAt: 0)) \(item.documentID ?? "")  \(time)  \(item.input)"
        )
    }

    mutating func add(_ result: IngestResult, input: String) {
        let (status, versionID, capturedAt): (String, String, Date)
        switch result.outcome {
        case .newVersion(let version):
            new += 1
            (status, versionID, capturedAt) = ("new", version.id, version.capturedAt)
        case .unchanged(let observation):
            unchanged += 1
            (status, versionID, capturedAt) = ("unchanged", observation.versionID, observation.capturedAt)
        case .gone(let observation):
            gone += 1
            (status, versionID, capturedAt) = ("gone", observation.versionID, observation.capturedAt)
        }
        record(
            Item(
                input: input,
                status: status,
                documentID: result.documentID,
                versionID: versionID,
                capturedAt: capturedAt
            )
        )
    }

    /// Counts a WARC record with nothing to archive.
    mutating func skip(_ reason: String) {
        skipped[reason, default: 0] += 1
    }

    mutating func fail(_ input: String, _ error: ArchiveError) {
        failed += 1
        if firstError == nil { firstError = error }
        let message = error.commandLineMessage
        record(Item(input: input, status: "failed", error: message))
        // Each failure names its input, when its message does not (a full disk names only the archive's file).
        Console.error(message.contains(input) ? message : "\(input): \(message)")
    }

    func print(json: Bool) throws {
        if json { return try Console.printJSON(self) }
        items.forEach(Self.printLine)
        let skippedCount = skipped.values.reduce(0, +)
        let skips = skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        Console.print(
            "\(new) new, \(unchanged) unchanged, \(failed) failed" + (gone > 0 ? ", \(gone) gone" : "")
                + (skips.isEmpty
                    ? ""
                    : ", \(skippedCount) record\(skippedCount == 1 ? "" : "s") skipped (\(skips.joined(separator: ", ")))")
        )
    }
}
