import ArchiveCore
import ArgumentParser

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Maintain the catalog.",
        subcommands: [Rebuild.self]
    )

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild the catalog from the bundles, their re-extracted documents and the observation journal alone."
        )

        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Rebuild even when no bundle is found (empties the catalog).")
        var allowEmpty = false

        func run() async throws {
            let report = try await reportingAsyncErrors {
                try await Archive.rebuildCatalog(at: archive.folder, logger: archive.logger, allowEmpty: allowEmpty)
            }
            if output.json { return try Console.printJSON(report) }
            if let damaged = report.damagedCatalog {
                Console.note(
                    "The catalog was damaged; it was moved aside to \(damaged) and built again from the bundles."
                )
            }
            Console.print(
                "Rebuilt the catalog: \(report.documents) documents, \(report.versions) versions, "
                    + "\(report.observations) observations"
                    + (report.reextractedVersions > 0 ? ", \(report.reextractedVersions) re-extracted versions." : ".")
            )
            for message in report.skippedExtractions { Console.error("passed over: \(message)") }
            for message in report.droppedVersions { Console.error("dropped \(message): its bundle is gone") }
        }
    }
}
