import ArchiveCore
import ArgumentParser
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash bundles against their manifests and the catalog; exit 1 if any is damaged or missing."
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Document ids (default: every document).")
    var ids: [String] = []

    func run() async throws {
        let report = try await reportingAsyncErrors { try await archive.open().verify(documentIDs: ids) }
        if output.json {
            try Console.printJSON(report)
        } else {
            for problem in report.problems {
                let owner = problem.documentID.map { " (document '\($0)', version \(problem.versionID ?? "?"))" } ?? ""
                Console.error("\(problem.bundlePath)\(owner): \(problem.message)")
            }
            Console.print("\(report.checkedVersions) versions checked, \(report.problems.count) problems")
            if report.recordedDigests > 0 {
                Console.print(
                    "\(report.recordedDigests) bundles stored before fixity values were kept: their SHA-256 is "
                        + "recorded now, and later verifies compare with it"
                )
            }
        }
        if let notRecorded = report.notRecorded {
            Console.warning(notRecorded)
        }
        if !report.isClean { throw ExitCode(1) }
    }
}
