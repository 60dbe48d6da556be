import ArchiveBuiltins
import ArchiveCore
import ArgumentParser
import Foundation

struct InspectCommand: ParsableCommand {
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
        var text: String
    }

    func validate() throws {
        try input.validate()
    }

    func run() throws {
        let registry = PluginRegistry.builtIn
        let items = try reportingErrors { try input.collect() }
        var failed = 0
        for item in items {
            do {
                for inspected in try Archive.inspect(try item.request(input), registry: registry) {
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
                            text: document.text
                        ),
                        pretty: false
                    )
                }
            } catch let error as ArchiveError {
                failed += 1
                Console.error(error.message)
            } catch {
                failed += 1
                Console.error("\(item.name) could not be read: \(error)")
            }
        }
        if failed > 0 { throw items.count == 1 ? ExitCode(65) : ExitCode(2) }
    }
}
