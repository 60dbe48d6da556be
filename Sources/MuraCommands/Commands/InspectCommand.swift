import ArchiveBinary
import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArchiveWARC
import ArgumentParser
import Foundation
import MuraCommandLine

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show how inputs would be archived, as one JSON line per document, without writing anything.",
        discussion: """
            WARC files (.warc, .warc.gz) and WACZ packages are read record by record, as `mura ingest` reads them: \
            one line per document of each response or resource record.
            """
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
        let (items, warcs) = try reportingErrors { try input.partitionWARCs(try input.collect()) }
        let options = input
        var failed = 0
        // Inputs are read on every core; results are printed in input order.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let reading = BlockingPool(threadCount: cores)
        try await forEachInOrder(items, width: cores) { item in
            await reading.result { try Archive.inspect(try item.request(options), registry: registry) }
        } consume: { item, result in
            if !Self.print(result, input: item.name) { failed += 1 }
        }
        try await reading.shutdown()
        for (item, kind) in warcs {
            failed += inspectWARC(item, kind: kind, registry: registry)
        }
        if failed > 0 { throw items.count + warcs.count == 1 ? ExitCode(65) : ExitCode(2) }
    }

    /// Prints one line per document of an inspected input, or its error; whether it could be read.
    private static func print(_ result: Result<[InspectedDocument], any Error>, input: String) -> Bool {
        switch result {
        case .success(let documents):
            for inspected in documents {
                let document = inspected.document
                try? Console.printJSON(
                    Line(
                        input: input,
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
            return true
        case .failure(let error as ArchiveError):
            Console.error(error.commandLineMessage)
        case .failure(let error):
            Console.error("\(input) could not be read: \(error)")
        }
        return false
    }

    /// Inspects each capture of a WARC or WACZ file, one record at a time; returns how many could not be read.
    private func inspectWARC(_ item: InputOptions.Item, kind: WARCFile.Kind, registry: PluginRegistry) -> Int {
        var failed = 0
        do {
            let file = try WARCFile(
                url: URL(filePath: item.file!),
                name: item.name,
                kind: kind,
                limit: input.maximumDocumentBytes
            )
            while let record = try file.next() {
                switch record.action {
                case .capture(let request):
                    // As the ingest keeps them: content no importer reads is kept as binary data.
                    var result = Result { try Archive.inspect(request, registry: registry) }
                    if case .failure(let error as ArchiveError) = result, error.code == .unknownFormat {
                        var binary = request
                        binary.format = .binary
                        result = Result { try Archive.inspect(binary, registry: registry) }
                    }
                    if !Self.print(result, input: record.label) { failed += 1 }
                case .fail(let error):
                    Console.error(error.commandLineMessage)
                    failed += 1
                case .revisit, .removal, .skip:
                    break
                }
            }
        } catch {
            _ = Self.print(.failure(error), input: item.name)
            failed += 1
        }
        return failed
    }
}
