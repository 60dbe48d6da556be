import Foundation
import Logging

extension Archive {
    /// Deals with bundles that a writer committed but never catalogued because it was killed in between (the
    /// store's ``BundleStore/interruptedCommits()``): each is adopted as the version it holds, unless the catalog
    /// already has another version of that document at that instant, in which case it is set aside in
    /// `set-aside/` so that it can neither shadow that version nor make a later `catalog rebuild` refuse the archive.
    /// Runs when the archive is opened, under the write lock.
    ///
    /// - Returns: The keys adopted and set aside.
    @discardableResult
    func recoverInterruptedWrites() async throws -> (adopted: [String], setAside: [String]) {
        try await recoverLastObservation()
        guard try await !store.interruptedCommits().isEmpty else { return ([], []) }
        return try await writeLock.withLock {
            var adopted: [String] = []
            var setAside: [String] = []
            // Looked up again under the lock: another process may have dealt with them meanwhile.
            for (staged, key) in try await store.interruptedCommits() {
                if key.hasPrefix(ReextractedDocument.folder) {
                    try await settleInterruptedExtraction(key)
                } else if try await adopt(key) {
                    adopted.append(key)
                } else {
                    setAside.append(key)
                }
                await store.discard(staged: staged)
            }
            if !adopted.isEmpty || !setAside.isEmpty {
                logger.notice(
                    "an interrupted write was completed",
                    metadata: ["adopted": "\(adopted.count)", "set aside": "\(setAside.count)"]
                )
            }
            return (adopted, setAside)
        }
    }

    /// An unchanged capture is appended to the journal, then catalogued; a writer killed in between leaves it in the
    /// journal only (writers take turns, so only the last entry can be missing). It is catalogued here, so the
    /// catalog and a catalog rebuilt from the journal agree.
    private func recoverLastObservation() async throws {
        guard let last = try await runBlocking({ try journal.lastObservation() }), try await !isCatalogued(last) else {
            return
        }
        try await writeLock.withLock {
            guard try await !isCatalogued(last), try await catalog.version(id: last.versionID) != nil else { return }
            try await catalog.insert(
                last,
                event: ProvenanceEvent(
                    kind: .ingest,
                    outcome: .unchanged,
                    documentID: last.documentID,
                    versionID: last.versionID,
                    detail: "seen unchanged at \(ArchiveDate.format(last.capturedAt)), catalogued when the archive was "
                        + "next opened (its writer stopped before)"
                )
            )
        }
    }

    private func isCatalogued(_ observation: Observation) async throws -> Bool {
        try await catalog.observation(of: observation.documentID, at: observation.capturedAt)?.capturedAt
            == observation.capturedAt
    }

    /// A re-extracted document stored by a `reextract` that stopped before the catalog recorded it is removed: the
    /// version keeps the document the catalog names (a `catalog rebuild` would otherwise take the newest file), and
    /// the next `reextract` reads the version again. Only where the catalog has the version and names another
    /// document for it: a catalog that does not know the version (one being rebuilt) cannot tell, and the file
    /// stays for the rebuild to take.
    private func settleInterruptedExtraction(_ key: String) async throws {
        guard let parts = ReextractedDocument.parts(ofKey: key),
            let version = try await catalog.version(id: parts.versionID), version.extraction != key
        else { return }
        try await store.remove(key)
        // Its event reached the journal before the catalog: this one says the document was withdrawn.
        try await recordDurably(
            ProvenanceEvent(
                kind: .reextract,
                outcome: .failure,
                documentID: version.documentID,
                versionID: version.id,
                detail: "re-extraction \(key) withdrawn: its writer stopped before the catalog recorded it"
            )
        )
        logger.notice("a re-extraction that was not recorded was removed", metadata: ["key": "\(key)"])
    }

    /// Catalogs the version a committed bundle holds; `false` when it was set aside instead.
    private func adopt(_ key: String) async throws -> Bool {
        var version: Version
        let text: IndexedText
        switch await readBundle(key) {
        case .success(let read):
            guard let (described, document) = try? BundleLayout.version(from: read.bag, key: key) else {
                try await setAside(key, reason: "its bag-info.txt does not describe a version")
                return false
            }
            version = described
            text = IndexedText(document)
            version.bundleSHA256 = read.sha256
        case .failure(let error):
            try await setAside(key, reason: error.message)
            return false
        }
        if let row = try await catalog.version(id: version.id) {
            try await completeRewrite(of: row, found: key, sha256: version.bundleSHA256 ?? "")
            return true
        }
        if let clash = try await catalog.version(of: version.documentID, at: version.capturedAt),
            clash.capturedAt == version.capturedAt
        {
            try await setAside(key, reason: "version \(clash.id) holds the same document and capture time")
            return false
        }
        try await catalog.insert(
            version,
            text: text,
            event: ProvenanceEvent(
                kind: .ingest,
                outcome: .success,
                documentID: version.documentID,
                versionID: version.id,
                detail: "new version captured at \(ArchiveDate.format(version.capturedAt)), \(version.size) bytes, "
                    + "catalogued when the archive was next opened (its writer stopped before)"
            )
        )
        return true
    }

    /// A bundle of a version the catalog has: `mura repack` rewrote it and stopped. Before the catalog named the new
    /// file, the new file goes (the next repack writes it again), unless the old one is gone; after, the old file
    /// goes.
    private func completeRewrite(of row: Version, found key: String, sha256: String) async throws {
        if row.bundlePath != key, try await store.contains(row.bundlePath) {
            try await store.remove(key)
            return
        }
        if row.bundlePath != key {
            _ = try await catalog.replaceBundle(
                ofVersion: row.id,
                previousKey: row.bundlePath,
                key: key,
                sha256: sha256
            )
        }
        for other in try await store.keys(withPrefix: BundleLayout.prefix(forVersion: row.id)) where other != key {
            try await store.remove(other)
        }
    }

    /// Moves a bundle out of the store into `set-aside/` in the archive folder, keeping its key as its path there:
    /// copied and synced first, removed from the store after.
    func setAside(_ key: String, reason: String) async throws {
        let bundle = try await store.data(at: key)
        let target = root.appending(path: "set-aside/\(key)")
        do {
            try await runBlocking {
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try bundle.write(to: target)
                try FileSync.sync(fileAt: target)
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.bundleIO, "Could not set bundle \(key) aside", underlying: error)
        }
        try await store.remove(key)
        logger.warning("bundle set aside", metadata: ["bundle": "\(key)", "reason": "\(reason)"])
    }
}
