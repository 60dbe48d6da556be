import ArchiveCore
import ArgumentParser
import Foundation
import Logging
import MuraCommandLine

/// The options every command that works on an archive takes.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: "The archive folder (default: $MURA_ARCHIVE, else ./Archives).")
    var archive: String?

    @Flag(name: .shortAndLong, help: "Log what the archive does to standard error.")
    var verbose = false

    /// The archive folder chosen by --archive, $MURA_ARCHIVE or the default.
    var folder: URL { CommandLineArchive.folder(option: archive) }

    var logger: Logger { CommandLineArchive.logger(verbose: verbose) }

    /// Opens the archive for a command that only reads (``Archive/openForReading(at:logger:)``): no recovery of
    /// interrupted writes, no search index completed, nothing written.
    func openForReading() async throws -> Archive {
        try await Archive.openForReading(at: folder, logger: logger)
    }

    /// Opens the archive (on a terminal, with the progress of a search index being completed).
    func open() async throws -> Archive {
        guard Console.stderrIsTerminal else { return try await Archive.open(at: folder, logger: logger) }
        let archive = try await Archive.open(at: folder, logger: logger) { (done: Int, finished: Bool) in
            Console.note(
                "Indexing versions for search: \(done)",
                overwritingLine: true,
                terminator: finished ? "\u{1B}[K\n" : "\u{1B}[K"
            )
        }
        return archive
    }
}

/// The `--json` flag of listing and reporting commands.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
