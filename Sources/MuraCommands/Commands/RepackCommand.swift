import ArchiveCore
import ArgumentParser

struct RepackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repack",
        abstract: "Rewrite bundles so that versions share what they have in common (smaller, verified, crash-safe).",
        discussion: """
            Trains zstd dictionaries (one per site with enough documents, one for the rest of the archive) from the \
            first versions of documents, then rewrites each self-contained bundle in the shared form: a keyframe \
            compressed with its site's dictionary, and later versions compressed against their keyframe's tar \
            (zstd --patch-from). Each rewritten bundle is read back and checked before the catalog names it; the old \
            file is removed after. Safe while `mura serve` runs. A repack that is stopped loses nothing, and the next \
            one finishes the job. A version whose bundle cannot be read is reported and left as it was (exit 2).
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A site gets a dictionary of its own from this many documents.")
    var siteDocuments = RepackOptions().siteDocuments

    @Option(help: "The zstd level of the rewritten bundles (1-19; default: the archive's level).")
    var level: Int?

    func validate() throws {
        if let level, !(1...19).contains(level) { throw ValidationError("--level must be 1 to 19.") }
        if siteDocuments < 1 { throw ValidationError("--site-documents must be at least 1.") }
    }

    func run() async throws {
        let showProgress = Console.stdoutIsTerminal && !output.json
        let options = RepackOptions(siteDocuments: siteDocuments, level: level)
        let report = try await reportingAsyncErrors {
            try await archive.open().repack(options: options) { done, total in
                if showProgress { Console.progress(done, of: total, "") }
            }
        }
        if output.json {
            try Console.printJSON(report)
        } else {
            for dictionary in report.dictionaries {
                Console.print("trained \(dictionary.key) for \(dictionary.scope) on \(dictionary.samples) versions")
            }
            for problem in report.problems { Console.error(problem) }
            Console.print(
                "\(report.rewritten) bundle\(report.rewritten == 1 ? "" : "s") rewritten: \(report.bytesBefore) bytes "
                    + "before, \(report.bytesAfter) after; \(report.problems.count) problems"
                    + (report.keptAsTheyWere > 0 ? "; \(report.keptAsTheyWere) kept as they were (no saving)" : "")
                    + (report.removedLeftovers > 0
                        ? "; \(report.removedLeftovers) leftovers of a stopped repack removed" : "")
            )
        }
        if !report.problems.isEmpty { throw ExitCode(2) }
    }
}
