import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArgumentParser
import Foundation
import MuraCommandLine

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Archive files, folders (recursively) or standard input ('-').",
        discussion: """
            Content equal to the version in force at the capture time makes no new version; the archive records \
            that the document was seen unchanged. One bad file does not stop a batch: the rest are archived, and \
            the exit code is 2 when any failed; one file or standard input alone exits with its failure's own \
            code. WARC files (.warc, .warc.gz) and WACZ packages are read record by \
            record: each HTTP response (2xx) and resource becomes a version of its URL at its WARC-Date, revisits \
            are unchanged captures, 404 and 410 record a removal, and other records are skipped and counted.
            """
    )

    @OptionGroup var archive: ArchiveOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var input: InputOptions

    @Option(help: "When the content was captured (default: now); earlier dates backfill history.")
    var capturedAt: String?

    @Flag(
        help: """
            Catalogue new versions without indexing them for search; the next command that opens the archive \
            indexes them in batches (for a bulk load).
            """
    )
    var deferSearchIndex = false

    func validate() throws {
        try input.validate()
    }

    func run() async throws {
        let registry = PluginRegistry.builtIn
        let (opened, collected, capturedAt) = try await reportingAsyncErrors {
            let capturedAt = try self.capturedAt.map { try parseDate($0, option: "--captured-at", anchor: .startOfDay) }
            return (try await self.archive.open(), try input.collect(), capturedAt)
        }
        // WARC and WACZ files are read record by record, after the other inputs.
        let (items, warcs) = try reportingErrors { try input.partitionWARCs(collected, capturedAt: self.capturedAt) }
        let options = input
        let showProgress = Console.stdoutIsTerminal && !output.json && items.count > 1
        var report = IngestReport()
        report.streaming = !output.json && !showProgress
        var done = 0
        // Inputs are read, parsed and their bundles written on every core, on threads of their own; they are stored
        // in input order, with the file and catalog work on other threads, so that storing never waits behind a
        // page being parsed.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let parsing = BlockingPool(threadCount: cores)
        let storing = BlockingPool(threadCount: BlockingPool.defaultThreadCount)
        let archive = opened.runningBlockingWork(on: storing)
        let bundles = archive.settings.compression
        let deferring = deferSearchIndex
        // Inputs ready together are stored together: their new versions are catalogued in one transaction.
        try await forEachInOrder(items, width: cores, batches: 4 * cores) { item -> Result<PreparedIngest, any Error> in
            let prepared = await parsing.result {
                var request = try item.request(options)
                request.capturedAt = capturedAt
                return try Archive.prepare(
                    request,
                    registry: registry,
                    bundles: bundles,
                    deferringSearchIndex: deferring
                )
            }
            do {
                return .success(try await archive.stage(try prepared.get()))
            } catch {
                return .failure(error)
            }
        } consume: { batch in
            if showProgress { Console.progress(done, of: items.count, batch[0].0.name) }
            done += batch.count
            // One outcome per input read, in order; an input that could not be read keeps its error.
            var stored = await archive.store(batch.compactMap { try? $0.1.get() }).makeIterator()
            for (item, prepared) in batch {
                switch prepared.flatMap({ _ in stored.next()! }) {
                case .success(let results):
                    for result in results { report.add(result, input: item.name) }
                case .failure(let error as ArchiveError):
                    report.fail(item.name, error)
                case .failure(let error):
                    // Not the input's fault: storing it failed (a full disk, a file the archive cannot write).
                    report.fail(
                        item.name,
                        ArchiveError(.bundleIO, "\(item.name) could not be stored in the archive", underlying: error)
                    )
                }
            }
        }
        try await parsing.shutdown()
        for (item, kind) in warcs {
            report = await ingestWARC(item, kind: kind, into: archive, registry: registry, report: report)
        }
        try await storing.shutdown()
        if showProgress { Console.progress(items.count, of: items.count, "") }
        try report.print(json: output.json)
        guard report.failed > 0 else { return }
        // One file or standard input alone failed: the command failed, with that failure's own code (65 for bad
        // input data, 74 for a full disk); a batch of which some failed exits 2.
        if input.paths.count == 1, items.count == 1, warcs.isEmpty, !Self.isFolder(input.paths[0]),
            let error = report.firstError
        {
            throw ExitCode(error.exitStatus)
        }
        throw ExitCode(2)
    }

    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
