import ArchiveBuiltins
import ArchiveCore
import ArgumentParser
import Foundation
import MuraCommandLine

struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Validate a BagIt bag from another archivist and archive its payload.",
        discussion: """
            PATH is a bag folder, or a .tar, .tar.gz, .tar.zst, .tar.xz or .zip holding one. The bag is validated \
            fully (BagIt 0.93 to 1.0); an invalid bag is refused with every problem named, and the archive is left \
            as it was. A bag exported by Mura comes back with its document ids and history.

            A serialized bag is unpacked into the archive's tmp/ folder within the limits below, checked against the \
            free space first; a bag over a limit is refused (exit 65) before anything is archived. Payload files over \
            --max-document-size, and those no importer reads, are skipped and reported, and the exit code is 2. \
            Sizes are bytes, or with K, M or G.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bag.")
    var path: String

    @Option(help: "The most bytes a serialized bag may unpack to (default 16G).")
    var maxBytes: String?

    @Option(help: "The most files and folders a bag may hold (default 100000).")
    var maxEntries: Int?

    @Option(help: "The largest payload file read to be archived as a document (default 64M).")
    var maxDocumentSize: String?

    @Option(help: "The largest tag file (manifest, bag-info.txt, fetch.txt, mura-index.jsonl) read (default 32M).")
    var maxTagFileSize: String?

    func validate() throws { _ = try limits() }

    /// The limits from the options, over the defaults.
    func limits() throws -> ReceiveLimits {
        var limits = ReceiveLimits()
        func size(_ text: String?, _ option: String) throws -> Int? {
            guard let text else { return nil }
            guard let bytes = byteCount(text) else {
                throw ValidationError("\(option) '\(text)' is not a size such as 20G, 512M or 1048576.")
            }
            return bytes
        }
        limits.maxBytes = try size(maxBytes, "--max-bytes") ?? limits.maxBytes
        limits.maxDocumentBytes = try size(maxDocumentSize, "--max-document-size") ?? limits.maxDocumentBytes
        limits.maxTagFileBytes = try size(maxTagFileSize, "--max-tag-file-size") ?? limits.maxTagFileBytes
        if let maxEntries {
            guard maxEntries > 0 else { throw ValidationError("--max-entries must be a positive number.") }
            limits.maxEntries = maxEntries
        }
        return limits
    }

    func run() async throws {
        let registry = PluginRegistry.builtIn
        let limits = try limits()
        let report = try await reportingAsyncErrors {
            do {
                return try await archive.open().receive(
                    URL(filePath: path).standardizedFileURL,
                    registry: registry,
                    limits: limits
                )
            } catch let error as ArchiveError {
                guard let exceeded = error.underlying as? ReceiveLimits.Exceeded else { throw error }
                // Core does not know the option names: its message ends "with a larger limit.", and the option
                // that raises it goes there.
                let message = error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message
                throw ArchiveError(error.code, message + " (\(Self.option(for: exceeded.limit))).")
            }
        }
        if output.json {
            try Console.printJSON(report)
        } else {
            for warning in report.warnings { Console.warning(warning) }
            for skipped in report.skipped { Console.error("skipped \(skipped)") }
            Console.print(
                "Received \(report.bag) (BagIt \(report.bagItVersion)): \(report.documents.count) documents, "
                    + "\(report.newVersions) new versions, \(report.unchanged) unchanged, "
                    + (report.gone > 0 ? "\(report.gone) gone, " : "") + "\(report.skipped.count) skipped"
            )
        }
        // As for a batch ingest: files of the bag that were not archived make the exit code 2.
        if !report.skipped.isEmpty { throw ExitCode(2) }
    }
}

extension ReceiveCommand {
    static func option(for limit: ReceiveLimits.Limit) -> String {
        switch limit {
        case .bytes: "--max-bytes"
        case .entries: "--max-entries"
        case .tagFileBytes: "--max-tag-file-size"
        case .documentBytes: "--max-document-size"
        }
    }
}
