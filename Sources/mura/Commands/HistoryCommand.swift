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
    }

    struct Report: Encodable {
        var document: DocumentSummary
        var entries: [Entry]
    }

    func run() async throws {
        let history = try await reportingAsyncErrors { try await archive.open().history(of: id) }
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
                    language: version.language
                )
            case .observation(let ordinal, let observation):
                Entry(
                    kind: "unchanged",
                    ordinal: ordinal,
                    capturedAt: observation.capturedAt,
                    versionID: observation.versionID,
                    sha256: observation.sha256
                )
            }
        }
        if output.json { return try Console.printJSON(Report(document: history.document, entries: entries)) }
        Console.print("\(history.document.id)" + (history.document.source.map { "  <\($0)>" } ?? ""))
        for entry in entries {
            let time = ArchiveDate.format(entry.capturedAt)
            if entry.kind == "version" {
                let title = entry.title.map { "  \($0)" } ?? ""
                Console.print("  #\(entry.ordinal)  \(time)  \(entry.versionID)  \(entry.size ?? 0) bytes\(title)")
            } else {
                Console.print("      \(time)  unchanged (same as #\(entry.ordinal))")
            }
        }
    }
}
