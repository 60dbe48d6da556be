import ArchiveCore
import ArgumentParser
import Foundation

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

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(help: "Replace the --output file if it exists.")
    var force = false

    func run() async throws {
        try await reportingAsyncErrors {
            let date = try parseDate(at, option: "--at", anchor: .endOfDay)
            let archive = try await self.archive.openForReading()
            if let output, !force, FileManager.default.fileExists(atPath: output) {
                throw ArchiveError(
                    .invalidArgument,
                    "\(output) already exists; choose another --output or add --force."
                )
            }
            let content = try await archive.restore(id, at: date)
            guard let output else { return Console.write(content.original) }
            do {
                try content.original.write(to: URL(filePath: output), options: .atomic)
            } catch {
                throw ArchiveError(
                    .writeFailed,
                    "Cannot write \(output): \(error.localizedDescription). Check the folder exists and is writable."
                )
            }
            FileHandle.standardError.write(
                Data(
                    "Restored version \(content.version.id) captured \(ArchiveDate.format(content.version.capturedAt)) to \(output)\n"
                        .utf8
                )
            )
        }
    }
}
