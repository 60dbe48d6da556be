import Foundation
import Logging

extension Archive {
    /// Stores a prepared input under the archive's write lock: a new version of each document, or an observation
    /// when its content equals the version in force at the capture time.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/captureConflict`` for other content at the same explicit capture
    ///   time; what the store or the catalog throws.
    public func store(_ prepared: PreparedIngest) async throws -> [IngestResult] {
        try await store([prepared])[0].get()
    }

    /// Stores several prepared inputs, in order, under one hold of the write lock, as ``store(_:)`` stores each:
    /// their new versions are catalogued together, in one transaction, so that a batch pays once for what every
    /// transaction costs (syncing the catalog, writing the search index's segment). Each input gets its own
    /// outcome: one that fails leaves the others stored and withdraws its own new versions not yet catalogued. A
    /// document that comes again in the batch is stored after the transaction holding its earlier version, so that
    /// it is compared with it (that version stays, even if its input fails later).
    public func store(_ batch: [PreparedIngest]) async -> [Result<[IngestResult], any Error>] {
        do {
            return try await writeLock.withLock {
                var storing = BatchStore(batch)
                for (input, prepared) in batch.enumerated() {
                    do {
                        try await store(prepared, input: input, into: &storing)
                    } catch {
                        await storing.fail(input, error, store: store)
                    }
                }
                await flush(&storing)
                return storing.outcomes()
            }
        } catch {
            return batch.map { _ in .failure(error) }
        }
    }

    /// One input's documents: each seen unchanged is recorded at once; each new version has its bundle staged and
    /// waits in `storing` for the batch's commit and transaction.
    private func store(_ prepared: PreparedIngest, input: Int, into storing: inout BatchStore) async throws {
        // The clock is read under the lock: writers that queued store in the order of their capture times, so one
        // never slips a version in before another's that it had to compare against.
        let capturedAt = prepared.capturedAt ?? ArchiveDate.roundedToMilliseconds(Date())
        for (index, item) in prepared.documents.enumerated() {
            var document = item
            // A new version of a document the archive holds in another spelling of its id is filed under that one.
            document.document.id = try await storedDocumentID(document.document.id)
            if storing.isWaiting(document.document.id) {
                // Compared with the version that waits: it must be in the catalog first.
                await flush(&storing)
                if let error = storing.failure(of: input) { throw error }
            }
            let result = try await store(
                document,
                capturedAt: capturedAt,
                explicitTime: prepared.capturedAt != nil,
                defersSearchIndex: prepared.defersSearchIndex
            )
            switch result {
            case .done(let result): storing.record(result, input: input, document: index)
            case .waiting(let version, let staged): storing.wait(version, staged: staged, input: input, document: index)
            }
        }
    }

    /// Commits the bundles of the new versions waiting in `storing`, all at once (their syncs overlap), and catalogs
    /// the versions in one transaction. If it fails, they are catalogued one at a time, so that only the inputs
    /// whose own version fails fail (their bundles removed).
    private func flush(_ storing: inout BatchStore) async {
        guard !storing.pending.isEmpty else { return }
        let pending = storing.pending
        storing.pending = []
        // A named type, not a tuple: release builds of Swift 6.3 gave child tasks' tuples holding an error back with a
        // wrong index.
        struct Commit: Sendable {
            var index: Int
            var error: (any Error)?
        }
        let failures = await withTaskGroup(of: Commit.self) { [store] group in
            for (index, entry) in pending.enumerated() {
                group.addTask {
                    do {
                        try await store.commit(staged: entry.staged, as: entry.version.version.bundlePath)
                        return Commit(index: index, error: nil)
                    } catch {
                        return Commit(index: index, error: error)
                    }
                }
            }
            var failures: [Int: any Error] = [:]
            for await commit in group { failures[commit.index] = commit.error }
            return failures
        }
        // An input with a bundle not committed fails, and its other versions are withdrawn.
        let failedInputs = Set(failures.keys.map { pending[$0].input })
        for (index, entry) in pending.enumerated() where failedInputs.contains(entry.input) {
            if let error = failures[index] {
                await storing.fail(entry.input, error, store: store)
            } else {
                try? await store.remove(entry.version.version.bundlePath)
            }
            await store.discard(staged: entry.staged)
        }
        let committed = pending.filter { !failedInputs.contains($0.input) }
        guard !committed.isEmpty else { return }
        var catalogued = committed
        do {
            try await catalog.insert(committed.map(\.version))
        } catch {
            catalogued = []
            for entry in committed {
                do {
                    guard committed.count > 1 else { throw error }
                    try await catalog.insert([entry.version])
                    catalogued.append(entry)
                } catch {
                    try? await store.remove(entry.version.version.bundlePath)
                    await store.discard(staged: entry.staged)
                    await storing.fail(entry.input, error, store: store)
                }
            }
        }
        // The catalog has the versions: their writes are complete (until now, a crash leaves them for adopt(_:)).
        for entry in catalogued {
            await store.discard(staged: entry.staged)
            storing.record(
                IngestResult(documentID: entry.version.version.documentID, outcome: .newVersion(entry.version.version)),
                input: entry.input,
                document: entry.document
            )
            logger.debug(
                "new version",
                metadata: ["document": "\(entry.version.version.documentID)", "version": "\(entry.version.version.id)"]
            )
        }
    }

    private enum DocumentOutcome {
        case done(IngestResult)
        /// A new version whose bundle is staged, for the batch to commit and the catalog to record.
        case waiting(NewVersion, staged: URL)
    }

    private func store(
        _ item: PreparedDocument,
        capturedAt: Date,
        explicitTime: Bool,
        defersSearchIndex: Bool
    ) async throws -> DocumentOutcome {
        let id = item.document.id
        let original = item.original
        // Taken with the bundle written ahead; else here (`mura inspect` never needs it).
        let sha256: String
        if let bundle = item.bundle {
            sha256 = bundle.version.sha256
        } else {
            sha256 = try await runBlocking { Digest.sha256(original) }
        }
        var capturedAt = capturedAt
        // One read for both questions: another content at this very instant, and the content in force then.
        var timeline = try await catalog.timeline(of: id, at: capturedAt)
        // Another content at this very instant: an explicit time is a conflict, a clock time moves on by 1 ms.
        while let clash = timeline.latestVersion(at: capturedAt), clash.capturedAt == capturedAt, clash.sha256 != sha256
        {
            guard !explicitTime else { throw ArchiveError.captureConflict(id, existing: clash, at: capturedAt) }
            capturedAt = Date(milliseconds: capturedAt.milliseconds + 1)
            timeline = try await catalog.timeline(of: id, at: capturedAt)
        }
        // A page that comes back as it was before it was gone is seen unchanged too.
        if let inForce = timeline.lastContent(at: capturedAt), inForce.sha256 == sha256 {
            if let staged = item.bundle?.staged { await store.discard(staged: staged) }
            let observation = Observation(documentID: id, capturedAt: capturedAt, sha256: sha256, versionID: inForce.id)
            // The same content at the very instant of a capture already recorded (a file or WARC ingested again
            // with its own dates) is that capture: nothing new to record.
            if explicitTime,
                inForce.capturedAt == capturedAt
                    || (timeline.observation?.capturedAt == capturedAt && timeline.observation?.gone == nil)
            {
                return .done(IngestResult(documentID: id, outcome: .unchanged(observation)))
            }
            try await runBlocking { try journal.append(observation) }
            try await catalog.insert(
                observation,
                event: ProvenanceEvent(
                    kind: .ingest,
                    outcome: .unchanged,
                    documentID: id,
                    versionID: inForce.id,
                    detail: "seen unchanged at \(ArchiveDate.format(capturedAt))"
                )
            )
            logger.debug("unchanged", metadata: ["document": "\(id)", "version": "\(inForce.id)"])
            return .done(IngestResult(documentID: id, outcome: .unchanged(observation)))
        }
        let (version, staged) = try await stageBundle(item, sha256: sha256, capturedAt: capturedAt)
        let event = ProvenanceEvent(
            kind: .ingest,
            outcome: .success,
            documentID: id,
            versionID: version.id,
            detail: "new version captured at \(ArchiveDate.format(capturedAt)), \(version.size) bytes"
        )
        let text = defersSearchIndex ? nil : item.indexed ?? IndexedText(item.document)
        return .waiting(NewVersion(version: version, text: text, event: event), staged: staged)
    }

    /// The staging file of the bundle of a new version of `item`: the one written ahead, unless storing moved the
    /// capture time (another content at that instant).
    private func stageBundle(
        _ item: PreparedDocument,
        sha256: String,
        capturedAt: Date
    ) async throws -> (Version, staged: URL) {
        let compression = settings.compression
        let prepared: PreparedBundle
        // The id is compared byte for byte: Swift holds two spellings of one id equal, and the bundle written ahead
        // names the spelling it was prepared with.
        if let bundle = item.bundle, bundle.version.capturedAt == capturedAt, bundle.compression == compression,
            bundle.version.documentID.utf8.elementsEqual(item.document.id.utf8)
        {
            prepared = bundle
        } else {
            if let staged = item.bundle?.staged { await store.discard(staged: staged) }
            prepared = try await runBlocking {
                try PreparedBundle(
                    version: item.newVersion(sha256: sha256, capturedAt: capturedAt, compression: compression),
                    document: item,
                    compression
                )
            }
        }
        if let written = prepared.staged { return (prepared.version, written) }
        let encoded = try await encoded(prepared)
        return (encoded.version, try await store.stage(encoded.data, for: encoded.version.bundlePath))
    }
}
