import ArgumentParser
import MuraCommandLine

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Write the original bytes of the version in force at a date, bit-exact.",
        discussion:
            "The version in force is the latest captured at or before --at; a day means the end of that day (UTC)."
    )

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "The document id.")
    var id: String

    @Option(help: "The date.")
    var at: String

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output ('-': standard output).")
    var output: String?

    @Flag(help: "Replace the --output file if it exists.")
    var force = false

    func run() async throws {
        let request = RestoreRequest(
            archive: archive.archive,
            id: id,
            at: at,
            output: output,
            force: force,
            verbose: archive.verbose
        )
        let status = await request.run()
        if status != 0 { throw ExitCode(status) }
    }
}
