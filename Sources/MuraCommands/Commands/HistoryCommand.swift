import ArchiveCore
import ArgumentParser
import Foundation

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a document's versions and unchanged captures, in captured-at order."
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The document id.")
    var id: String

    struct Entry: Encodable {
        var kind: String
        var ordinal: Int
        var capturedAt: Date
        var versionID: String
        var sha256: String
        var size: Int?
        var title: String?
        var published: Date?
        var updated: Date?
        var language: String?
        /// The share of words changed against the version before (0 to 1); versions only, from the second.
        var wordsChanged: Double?
        /// For a capture that found the page gone, the HTTP status the site answered.
        var status: Int?
    }

    struct Report: Encodable {
        var document: DocumentSummary
        var entries: [Entry]
    }

    func run() async throws {
        let (history, shares) = try await reportingAsyncErrors {
            let archive = try await archive.open()
            let history = try await archive.history(of: id)
            return (history, try await archive.changedShares(of: id))
        }
        let entries = history.entries.map { entry -> Entry in
            switch entry {
            case .version(let ordinal, let version):
                Entry(
                    kind: "version",
                    ordinal: ordinal,
                    capturedAt: version.capturedAt,
                    versionID: version.id,
                    sha256: version.sha256,
                    size: version.size,
                    title: version.title,
                    published: version.published,
                    updated: version.updated,
                    language: version.language,
                    wordsChanged: shares[version.id]
                )
            case .observation(let ordinal, let observation):
                Entry(
                    kind: observation.gone == nil ? "unchanged" : "gone",
                    ordinal: ordinal,
                    capturedAt: observation.capturedAt,
                    versionID: observation.versionID,
                    sha256: observation.sha256,
                    status: observation.gone
                )
            }
        }
        if output.json { return try Console.printJSON(Report(document: history.document, entries: entries)) }
        Console.print("\(history.document.id)" + (history.document.source.map { "  <\($0)>" } ?? ""))
        for entry in entries {
            let time = ArchiveDate.format(entry.capturedAt)
            if entry.kind == "version" {
                let title = entry.title.map { "  \($0)" } ?? ""
                // A version whose words are all the same changed elsewhere (its title, dates, or only its original).
                let changed =
                    entry.wordsChanged.map {
                        $0 == 0 ? "  same text" : String(format: "  %.1f%% of words changed", $0 * 100)
                    } ?? ""
                Console.print(
                    "  #\(entry.ordinal)  \(time)  \(entry.versionID)  \(entry.size ?? 0) bytes\(changed)\(title)"
                )
            } else if let status = entry.status {
                Console.print("      \(time)  gone (the site answered \(status); last version #\(entry.ordinal))")
            } else {
                Console.print("      \(time)  unchanged (same as #\(entry.ordinal))")
            }
        }
    }
}
