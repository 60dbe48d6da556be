import ArchiveCore
import ArgumentParser
import Foundation

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find documents by the words of their title and text, in every version.",
        discussion: """
            Words match their inflected forms in English and Russian (reform, reforms; реформа, реформы); Kazakh \
            words match as prefixes (мектеп finds мектептер). "a phrase" matches words in order, budg* words that \
            begin so, *ағдарлама Kazakh words (and words of other unstemmed alphabets) that hold it, English and \
            Russian words from their start; AND, OR, NOT (in capitals) and parentheses combine them.
            Each document appears once, with its best-matching version; with --at, only the versions in force at \
            that date are searched. Dates are days (YYYY-MM-DD) or times; a day in --at, --until and \
            --published-until means its end (UTC).
            A search that matches more than a few thousand versions ranks the most recently captured of them.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "The query (several arguments are joined by spaces).")
    var query: [String]

    @Option(help: "Search the archive as it stood at this date: only the versions in force then.")
    var at: String?

    @Option(help: "Only this document.")
    var document: String?

    @Option(help: "Only documents whose id begins with this.")
    var prefix: String?

    @Option(help: "Only versions captured at or after this date.")
    var since: String?

    @Option(help: "Only versions captured at or before this date.")
    var until: String?

    @Option(name: .customLong("published-since"), help: "Only versions published at or after this date.")
    var publishedSince: String?

    @Option(name: .customLong("published-until"), help: "Only versions published at or before this date.")
    var publishedUntil: String?

    @Option(help: "How many documents to show (1 to \(SearchRequest.maximumLimit)).")
    var limit = 20

    @Option(help: "Skip this many of the best documents (the next page; 0 to \(SearchRequest.maximumOffset)).")
    var offset = 0

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await reportingAsyncErrors {
            let request = SearchRequest(
                query: try SearchQuery(query.joined(separator: " ")),
                at: try at.map { try parseDate($0, option: "--at", anchor: .endOfDay) },
                documentID: document,
                idPrefix: prefix,
                capturedSince: try since.map { try parseDate($0, option: "--since", anchor: .startOfDay) },
                capturedUntil: try until.map { try parseDate($0, option: "--until", anchor: .endOfDay) },
                publishedSince: try publishedSince.map {
                    try parseDate($0, option: "--published-since", anchor: .startOfDay)
                },
                publishedUntil: try publishedUntil.map {
                    try parseDate($0, option: "--published-until", anchor: .endOfDay)
                },
                limit: limit,
                offset: offset
            )
            let results = try await archive.open().search(request)
            if output.json { return try Console.printJSON(results) }
            if results.hits.isEmpty {
                Console.print(offset == 0 ? "No document matches." : "No more documents match.")
                return
            }
            let bold = Console.stdoutIsTerminal
            for (index, hit) in results.hits.enumerated() {
                let title = hit.title.map { "  \($0)" } ?? ""
                Console.print("\(offset + index + 1). \(hit.documentID)\(title)")
                Console.print("   version \(hit.versionID), captured \(ArchiveDate.format(hit.capturedAt))")
                if let snippet = hit.snippet, !snippet.parts.isEmpty {
                    let text = snippet.parts.map { part in
                        guard part.match else { return part.text }
                        return bold ? "\u{1B}[1m\(part.text)\u{1B}[22m" : "[\(part.text)]"
                    }
                    Console.print("   " + text.joined())
                }
            }
            if let next = results.nextOffset {
                Console.print("More documents match: add --offset \(next).")
            }
        }
    }
}
