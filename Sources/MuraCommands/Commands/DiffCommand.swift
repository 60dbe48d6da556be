import ArchiveCore
import ArgumentParser
import Foundation

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed in a document between two versions: its fields, paragraphs and words.",
        discussion: """
            --from and --to each name a version: a date (the version in force then; a day means its end), the \
            version's number in `mura history` (1 is the first), or its id. The comparison is of the normalized \
            text: paragraphs removed, added or changed, and within a changed paragraph the words ([-removed-], \
            {+added+}); then the title, dates, language, authors and source when they differ.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "The document id.")
    var id: String

    @Option(help: "The older version: a date, a version number or a version id.")
    var from: String

    @Option(help: "The newer version: a date, a version number or a version id (default: the latest).")
    var to: String?

    @Option(help: "unified (default), json or html.")
    var format: DocumentDiff.Format = .unified

    func run() async throws {
        try await reportingAsyncErrors {
            let old = try VersionSelector(parsing: from, field: .from)
            let new = try to.map { try VersionSelector(parsing: $0, field: .to) } ?? .date(.distantFuture)
            let diff = try await archive.open().diff(id, from: old, to: new)
            switch format {
            case .unified: Console.write(Data(diff.unified().utf8))
            case .json: try Console.printJSON(diff)
            case .html: Console.write(Data(diff.html().utf8))
            }
        }
    }
}
