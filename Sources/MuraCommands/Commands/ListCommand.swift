import ArchiveCore
import ArgumentParser

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the archived documents.")

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let documents = try await reportingAsyncErrors { try await archive.open().catalog.documents() }
        if output.json { return try Console.printJSON(documents) }
        if documents.isEmpty {
            Console.print("The archive is empty. Add publications with `mura ingest PATH`.")
            return
        }
        for document in documents {
            let last = document.lastCapturedAt.map(ArchiveDate.format) ?? "-"
            let versions = document.versionCount == 1 ? "1 version" : "\(document.versionCount) versions"
            Console.print("\(document.id)  \(versions), last \(last)  \(document.title ?? "")")
        }
    }
}
