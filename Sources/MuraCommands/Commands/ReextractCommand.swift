import ArchiveBuiltins
import ArchiveCore
import ArgumentParser

struct ReextractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reextract",
        abstract: "Read stored originals again with today's importers and keep the new documents beside the bundles.",
        discussion: """
            Each version's original is verified and read by the importer that read it at ingest. When the result \
            differs from the version's newest document, it is kept beside the bundle (which stays as captured) and \
            listings, renderings and exports' renderings use it; a version whose result is the same is left as it \
            was. A version that cannot be read again is reported and left as it was; the exit code is then 2.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Document ids.")
    var ids: [String] = []

    @Flag(help: "Every document of the archive.")
    var all = false

    func validate() throws {
        if ids.isEmpty, !all {
            throw ValidationError("Name the documents to read again, or pass --all for every document.")
        }
        if !ids.isEmpty, all {
            throw ValidationError("Give document ids or --all, not both.")
        }
    }

    func run() async throws {
        let showProgress = Console.stdoutIsTerminal && !output.json
        let report = try await reportingAsyncErrors {
            try await archive.open().reextract(ids, registry: PluginRegistry.builtIn) { done, total in
                if showProgress { Console.progress(done, of: total, "") }
            }
        }
        if output.json {
            try Console.printJSON(report)
        } else {
            for change in report.changes {
                Console.print(
                    "re-extracted '\(change.documentID)' version \(change.versionID): "
                        + change.changedFields.joined(separator: ", ") + " changed"
                )
            }
            for failure in report.failures {
                Console.error("'\(failure.documentID)' version \(failure.versionID): \(failure.message)")
            }
            Console.print(
                "\(report.checkedVersions) version\(report.checkedVersions == 1 ? "" : "s") read again: \(report.changes.count) re-extracted, "
                    + "\(report.unchanged) unchanged, \(report.failures.count) failed"
            )
        }
        if !report.failures.isEmpty { throw ExitCode(2) }
    }
}
