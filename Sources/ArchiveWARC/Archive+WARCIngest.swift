import ArchiveBinary
public import ArchiveCore
public import Foundation

/// What ingesting one WARC record did.
public enum WARCIngestEvent: Sendable {
    /// A new version, an unchanged capture or a removal.
    case stored(IngestResult, record: String)
    case failed(record: String, ArchiveError)
    /// A record with nothing to archive, and why (`request`, `metadata`, `redirect`...).
    case skipped(record: String, reason: String)
}

/// What ingesting a WARC file did, in all.
public struct WARCIngestSummary: Sendable {
    /// Records read.
    public var records = 0
    /// Records skipped, by reason.
    public var skipped: [String: Int] = [:]
}

extension Archive {
    /// Ingests a WARC file or WACZ package at `url` (called `name` in messages): every `response` (2xx) and
    /// `resource` record becomes a version of the document its target URI names, at its `WARC-Date` (an earlier
    /// date backfills history in place), with the HTTP response's status and header fields kept as a capture keeps
    /// them; `revisit` records and 304 responses are unchanged captures of the content they refer to; 404 and 410
    /// responses record the removal of a page the archive holds; requests, metadata, redirects and the like are
    /// skipped and counted. Content no importer reads is kept without text when `registry` has the binary importer.
    ///
    /// Each record is one input: one that fails is reported through `report` and the others are archived. Records
    /// are stored in batches, in file order.
    ///
    /// - Parameter limit: The most bytes the content of one record may have.
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file and the record where the file is
    ///   damaged; the records before it are archived.
    public func ingestWARC(
        at url: URL,
        name: String,
        kind: WARCFile.Kind,
        registry: PluginRegistry,
        limit: Int,
        deferringSearchIndex: Bool = false,
        report: @escaping @Sendable (WARCIngestEvent) -> Void
    ) async throws -> WARCIngestSummary {
        let file = try await runBlocking { Handoff(try WARCFile(url: url, name: name, kind: kind, limit: limit)) }
        var run = WARCIngestRun(archive: self, registry: registry, deferring: deferringSearchIndex, report: report)
        do {
            while let item = try await runBlocking({ try file.value.next() }) {
                run.summary.records += 1
                try await run.take(item)
            }
        } catch {
            // What was read before the damage is archived.
            await run.flush()
            throw error
        }
        await run.flush()
        return run.summary
    }
}

/// The state of one WARC ingest: records waiting to be stored together, and what the records stored so far hold,
/// for the revisits that refer to them.
private struct WARCIngestRun {
    let archive: Archive
    let registry: PluginRegistry
    let deferring: Bool
    let report: @Sendable (WARCIngestEvent) -> Void
    var summary = WARCIngestSummary()
    /// Captures read and not stored yet, and their bytes.
    private var pending: [(item: WARCItem, request: IngestRequest)] = []
    private var pendingBytes = 0
    /// What stored records hold, by `WARC-Record-ID` and by target URI and payload digest.
    private var stored: [String: Content] = [:]
    /// The document each target URI was stored as (a page's canonical URL may name it).
    private var documents: [String: String] = [:]

    /// One capture read and staged, and its place in the batch. A named type, not a tuple: built in release mode by
    /// Swift 6.3, a child task's `(Int, Result<PreparedIngest, any Error>)` came back with another child's index or
    /// none, and a WARC of two records stopped the process.
    private struct Prepared: Sendable {
        var index: Int
        var result: Result<PreparedIngest, any Error>
    }

    private struct Content {
        var documentID: String
        var sha256: String
    }

    /// Inputs stored in one batch: enough to share a transaction, few enough to hold in memory.
    private static let batchCount = 32
    private static let batchBytes = 64 << 20

    init(
        archive: Archive,
        registry: PluginRegistry,
        deferring: Bool,
        report: @escaping @Sendable (WARCIngestEvent) -> Void
    ) {
        self.archive = archive
        self.registry = registry
        self.deferring = deferring
        self.report = report
    }

    mutating func take(_ item: WARCItem) async throws {
        switch item.action {
        case .capture(let request):
            pending.append((item, request))
            pendingBytes += request.data.count
            if pending.count >= Self.batchCount || pendingBytes >= Self.batchBytes { await flush() }
        case .revisit(let revisit):
            // A revisit refers to content stored before it.
            await flush()
            await self.revisit(revisit, item: item)
        case .removal(let documentID, let status, let date):
            await flush()
            let target = item.targetURI.flatMap { documents[$0] } ?? documentID
            do {
                report(
                    .stored(
                        try await archive.recordRemoval(of: target, status: status, capturedAt: date),
                        record: item.label
                    )
                )
            } catch let error as ArchiveError where error.code == .unknownDocument {
                skip(item, "\(status) for a page not archived")
            } catch {
                report(.failed(record: item.label, Self.archiveError(error, item.label)))
            }
        case .skip(let reason): skip(item, reason)
        case .fail(let error): report(.failed(record: item.label, error))
        }
    }

    private mutating func skip(_ item: WARCItem, _ reason: String) {
        summary.skipped[reason, default: 0] += 1
        report(.skipped(record: item.label, reason: reason))
    }

    /// Reads the waiting captures on as many threads as the archive runs blocking work on, then stores them in
    /// order, in one batch.
    mutating func flush() async {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        pendingBytes = 0
        let archive = archive
        let registry = registry
        let deferring = deferring
        let bundles = archive.settings.compression
        var prepared = [Result<PreparedIngest, any Error>?](repeating: nil, count: batch.count)
        await withTaskGroup(of: Prepared.self) { group in
            for (index, entry) in batch.enumerated() {
                let request = entry.request
                group.addTask {
                    do {
                        let ready = try await archive.runBlocking {
                            try Self.prepare(request, registry: registry, bundles: bundles, deferring: deferring)
                        }
                        return Prepared(index: index, result: .success(try await archive.stage(ready)))
                    } catch {
                        return Prepared(index: index, result: .failure(error))
                    }
                }
            }
            for await done in group { prepared[done.index] = done.result }
        }
        let ready = prepared.compactMap { try? $0?.get() }
        var outcomes = await archive.store(ready).makeIterator()
        for (entry, result) in zip(batch, prepared) {
            switch result!.flatMap({ _ in outcomes.next()! }) {
            case .success(let results):
                for result in results {
                    remember(result, item: entry.item)
                    report(.stored(result, record: entry.item.label))
                }
            case .failure(let error):
                report(.failed(record: entry.item.label, Self.archiveError(error, entry.item.label)))
            }
        }
    }

    /// Prepares a capture; content that no importer reads is kept without text when the registry can.
    private static func prepare(
        _ request: IngestRequest,
        registry: PluginRegistry,
        bundles: BundleCompression,
        deferring: Bool
    ) throws -> PreparedIngest {
        do {
            return try Archive.prepare(request, registry: registry, bundles: bundles, deferringSearchIndex: deferring)
        } catch let error as ArchiveError where error.code == .unknownFormat {
            guard (try? registry.importer(for: .binary)) != nil else { throw error }
            var request = request
            request.format = .binary
            return try Archive.prepare(request, registry: registry, bundles: bundles, deferringSearchIndex: deferring)
        }
    }

    private mutating func remember(_ result: IngestResult, item: WARCItem) {
        let sha256: String
        switch result.outcome {
        case .newVersion(let version): sha256 = version.sha256
        case .unchanged(let observation): sha256 = observation.sha256
        case .gone: return
        }
        let content = Content(documentID: result.documentID, sha256: sha256)
        if let id = item.recordID { stored[id] = content }
        if let uri = item.targetURI {
            documents[uri] = result.documentID
            if let digest = item.payloadDigest { stored[uri + " " + digest] = content }
        }
    }

    /// A revisit: the content it refers to, seen again at its date; skipped when the archive does not hold it.
    private mutating func revisit(_ revisit: WARCRevisit, item: WARCItem) async {
        do {
            guard let (version, content) = try await referred(revisit) else {
                return skip(item, "revisit of content not archived")
            }
            let request = IngestRequest(
                data: content.original,
                name: item.label,
                format: version.format,
                documentID: version.documentID,
                sourceURL: version.source,
                capturedAt: revisit.date,
                response: content.response
            )
            for result in try await archive.ingest(request, registry: registry) {
                report(.stored(result, record: item.label))
            }
        } catch {
            report(.failed(record: item.label, Self.archiveError(error, item.label)))
        }
    }

    /// The version a revisit refers to: by the record it names, else by its payload digest among the records stored
    /// in this run and then among the document's versions, else (a "not modified" revisit) the version in force.
    private func referred(_ revisit: WARCRevisit) async throws -> (Version, VersionContent)? {
        let known =
            revisit.refersTo.flatMap { stored[$0] }
            ?? revisit.payloadDigest.flatMap { stored[revisit.targetURI + " " + $0] }
        let documentID = known?.documentID ?? documents[revisit.targetURI] ?? revisit.documentID
        let versions: [Version]
        do {
            versions = try await archive.history(of: documentID).entries.compactMap {
                if case .version(_, let version) = $0 { return version }
                return nil
            }
        } catch let error as ArchiveError where error.code == .unknownDocument {
            return nil
        }
        if known == nil, let digest = revisit.payloadDigest {
            for version in versions.reversed() {
                let content = try await archive.content(of: version)
                if WARCDigest.matches(digest, content.original) { return (version, content) }
            }
        }
        if let sha256 = known?.sha256, let version = versions.last(where: { $0.sha256 == sha256 }) {
            return (version, try await archive.content(of: version))
        }
        guard revisit.notModified,
            let version = versions.last(where: { $0.capturedAt <= revisit.date })
        else { return nil }
        return (version, try await archive.content(of: version))
    }

    private static func archiveError(_ error: any Error, _ label: String) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        return ArchiveError(.bundleIO, "\(label) could not be stored in the archive", underlying: error)
    }
}
