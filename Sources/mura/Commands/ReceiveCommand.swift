import ArchiveBuiltins
import ArchiveCore
import ArgumentParser
import Foundation

struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Validate a BagIt bag from another archivist and archive its payload.",
        discussion: """
            PATH is a bag folder, or a .tar, .tar.gz, .tar.zst, .tar.xz or .zip holding one. The bag is validated \
            fully (BagIt 0.93 to 1.0); an invalid bag is refused with every problem named, and the archive is left \
            as it was. A bag exported by Mura comes back with its document ids and history.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bag.")
    var path: String

    func run() throws {
        let registry = PluginRegistry.builtIn
        let report = try reportingErrors {
            try archive.open().receive(URL(filePath: path).standardizedFileURL, registry: registry)
        }
        if output.json { return try Console.printJSON(report) }
        for warning in report.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        for skipped in report.skipped { Console.error("skipped \(skipped)") }
        Console.print(
            "Received \(report.bag) (BagIt \(report.bagItVersion)): \(report.documents.count) documents, "
                + "\(report.newVersions) new versions, \(report.unchanged) unchanged, \(report.skipped.count) skipped"
        )
    }
}
