import ArchiveBuiltins
import ArchiveCore
import ArgumentParser
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export versions as a package other archivists' tools check: BagIt 1.0, OCFL 1.1 or WARC 1.1.",
        discussion: """
            bagit: every selected version goes into data/<document>/<n>-<captured-at>/ with its original bytes, \
            and the renderings asked for with --render; --to names a new folder, or a .tar, .tar.zst, .tar.gz, \
            .tar.xz or .zip file for a serialized bag. ocfl: an OCFL 1.1 storage root (created if missing; exporting \
            again adds only new versions) with one object per document and one OCFL version per version. warc: a .warc.gz with a resource record per version and a \
            revisit record per unchanged capture, for web-archive replay tools.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Document ids (or --all).")
    var ids: [String] = []

    @Flag(help: "Export every document.")
    var all = false

    @Option(help: "Only versions captured on or after this date.")
    var since: String?

    @Option(help: "Only versions captured on or before this date (a day means its end).")
    var until: String?

    @Option(help: "Each document as it stood on this date, instead of every version.")
    var at: String?

    @Option(help: "The package: bagit, ocfl or warc.")
    var package: PackageOrder.Kind = .bagit

    @Option(help: "Where to write: a new folder, or a .tar, .tar.zst, .tar.gz, .tar.xz or .zip file.")
    var to: String

    @Option(help: "Renderings to add beside each original, comma-separated (text, html, json).")
    var render: String?

    func run() async throws {
        let registry = PluginRegistry.builtIn
        let report = try await reportingAsyncErrors {
            let order = PackageOrder(
                kind: package,
                documents: ids,
                all: all,
                since: try since.map { try parseDate($0, option: "--since", anchor: .startOfDay) },
                until: try until.map { try parseDate($0, option: "--until", anchor: .endOfDay) },
                at: try at.map { try parseDate($0, option: "--at", anchor: .endOfDay) },
                renderings: (render ?? "").split(separator: ",").map {
                    DocumentFormat(String($0).trimmingCharacters(in: .whitespaces))
                }
            )
            // Checked before the archive is opened: a mistyped order changes nothing.
            _ = try order.validated(registry: registry)
            let archive = try await self.archive.open()
            let showProgress = Console.stdoutIsTerminal && !output.json
            let progress = { @Sendable (done: Int, total: Int) in
                if showProgress { Console.progress(done, of: total, "exporting") }
            }
            return try await archive.export(
                order,
                to: URL(filePath: to).standardizedFileURL,
                registry: registry,
                progress: progress
            )
        }
        for id in report.notExported {
            Console.note("not exported: '\(id)' has no version in the selection (check --at, --since, --until)")
        }
        if output.json { return try Console.printJSON(report) }
        let summary = PackageOrder.Kind(rawValue: report.package)?.summary ?? report.package
        Console.print(
            "Exported \(report.versions) versions of \(report.documents) documents (\(report.files) files, "
                + "\(report.bytes) bytes) as \(summary): \(report.path)"
        )
    }
}
