import ArchiveCore
import ArchiveWARC
import Foundation
import Synchronization

extension InputOptions {
    /// Separates the WARC and WACZ files from the other inputs: by name (`.warc`, `.warc.gz`, `.wacz`), and for a file
    /// named on the command line also by its first bytes.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` when an option that describes one document
    ///   (`--id`, `--url`, `--captured-at`, `--format`, `--media-type`) is given with a WARC file.
    func partitionWARCs(
        _ items: [Item],
        capturedAt: String? = nil
    ) throws -> ([Item], [(Item, WARCFile.Kind)]) {
        var others: [Item] = []
        var warcs: [(Item, WARCFile.Kind)] = []
        for item in items {
            guard let file = item.file else {
                others.append(item)
                continue
            }
            var prefix = Data()
            if !item.isInFolder, let handle = FileHandle(forReadingAtPath: file) {
                prefix = (try? handle.read(upToCount: 16)) ?? Data()
                try? handle.close()
            }
            if let kind = WARCFile.kind(fileName: (file as NSString).lastPathComponent, prefix: prefix) {
                warcs.append((item, kind))
            } else {
                others.append(item)
            }
        }
        let options = [
            ("--id", id), ("--url", url), ("--captured-at", capturedAt), ("--format", format?.rawValue),
            ("--media-type", mediaType),
        ].filter { $0.1 != nil }.map(\.0)
        if let first = warcs.first, !options.isEmpty {
            throw ArchiveError(
                .invalidArgument,
                "\(options.joined(separator: ", ")) cannot be given with the WARC file \(first.0.name): its records "
                    + "carry their own URLs, dates and media types. Leave them out."
            )
        }
        return (others, warcs)
    }
}

extension IngestCommand {
    /// Ingests one WARC or WACZ file, adding what each record did to `report`.
    func ingestWARC(
        _ item: InputOptions.Item,
        kind: WARCFile.Kind,
        into archive: Archive,
        registry: PluginRegistry,
        report: IngestReport
    ) async -> IngestReport {
        let shared = SharedReport(report)
        do {
            _ = try await archive.ingestWARC(
                at: URL(filePath: item.file!),
                name: item.name,
                kind: kind,
                registry: registry,
                limit: input.maximumDocumentBytes,
                deferringSearchIndex: deferSearchIndex
            ) { event in
                shared.state.withLock { report in
                    switch event {
                    case .stored(let result, let record): report.add(result, input: record)
                    case .failed(let record, let error): report.fail(record, error)
                    case .skipped(_, let reason): report.skip(reason)
                    }
                }
            }
        } catch {
            shared.state.withLock { report in
                report.fail(
                    item.name,
                    error as? ArchiveError
                        ?? ArchiveError(.unreadableInput, "\(item.name) could not be read", underlying: error)
                )
            }
        }
        return shared.state.withLock { $0 }
    }
}

/// The report, written to by the WARC ingest's events.
private final class SharedReport: Sendable {
    let state: Mutex<IngestReport>

    init(_ report: IngestReport) {
        state = Mutex(report)
    }
}
