import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArgumentParser
import Foundation
import MuraCommandLine

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show how inputs would be archived, as one JSON line per document, without writing anything."
    )

    @OptionGroup var input: InputOptions

    struct Line: Encodable {
        var input: String
        var id: String
        var source: String?
        var format: String
        var title: String?
        var published: Date?
        var updated: Date?
        var language: String?
        var authors: [String]
        var text: String
    }

    func validate() throws {
        try input.validate()
    }

    func run() async throws {
        let registry = PluginRegistry.builtIn
        let items = try reportingErrors { try input.collect() }
        let options = input
        var failed = 0
        // Inputs are read on every core; results are printed in input order.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let reading = BlockingPool(threadCount: cores)
        try await forEachInOrder(items, width: cores) { item in
            await reading.result { try Archive.inspect(try item.request(options), registry: registry) }
        } consume: { item, result in
            switch result {
            case .success(let documents):
                for inspected in documents {
                    let document = inspected.document
                    try Console.printJSON(
                        Line(
                            input: item.name,
                            id: document.id,
                            source: document.source,
                            format: inspected.format.rawValue,
                            title: document.title,
                            published: document.published,
                            updated: document.updated,
                            language: document.language,
                            authors: document.authors,
                            text: document.text
                        ),
                        pretty: false
                    )
                }
            case .failure(let error as ArchiveError):
                failed += 1
                Console.error(error.commandLineMessage)
            case .failure(let error):
                failed += 1
                Console.error("\(item.name) could not be read: \(error)")
            }
        }
        try await reading.shutdown()
        if failed > 0 { throw items.count == 1 ? ExitCode(65) : ExitCode(2) }
    }
}
