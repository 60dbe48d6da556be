import ArchiveBuiltins
import ArchiveCore
import ArgumentParser
import Foundation

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a version of a document: the one in force now (the latest), at a date, or number N."
    )

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "The document id.")
    var id: String

    @Option(help: "Show the version in force on this date (a day means its end, UTC).")
    var at: String?

    @Option(help: "Show version N, as numbered by `mura history`.")
    var version: Int?

    @Option(
        help:
            "text (a rendering), json (the normalized document), original (the archived bytes), or another exporter's format."
    )
    var format: String = "text"

    func validate() throws {
        if at != nil, version != nil { throw ValidationError("Give --at or --version, not both.") }
    }

    func run() async throws {
        let registry = PluginRegistry.builtIn
        try await reportingAsyncErrors {
            let archive = try await self.archive.openForReading()
            let chosen: ArchiveCore.Version
            if let at {
                chosen = try await archive.version(of: id, at: try parseDate(at, option: "--at", anchor: .endOfDay))
            } else if let version {
                chosen = try await archive.version(of: id, ordinal: version)
            } else {
                // The version in force now, as `GET /documents/{id}` answers: a document found gone since its last
                // version is gone (exit 66), naming that version, which --version or --at still show.
                chosen = try await archive.version(of: id, at: .distantFuture)
            }
            let content = try await archive.content(of: chosen)
            switch format {
            case "original": Console.write(content.original)
            case "json": Console.write(try Document.encoder.encode(content.document) + Data("\n".utf8))
            default:
                guard registry.exporters.contains(where: { $0.descriptor.format == DocumentFormat(format) }) else {
                    let known = Set(["json", "original"] + registry.exporters.map(\.descriptor.id))
                    throw ArchiveError(
                        .unknownFormat,
                        "No rendering '\(format)'. Use one of: \(known.sorted().joined(separator: ", "))."
                    )
                }
                let exporter = try registry.exporter(for: DocumentFormat(format))
                Console.write(try exporter.export(ExportRequest(document: content.document, version: content.version)))
            }
        }
    }
}
