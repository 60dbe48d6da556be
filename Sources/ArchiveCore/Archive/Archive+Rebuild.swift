import Foundation
import Logging

extension Archive {
    /// Rebuilds the catalog's documents, versions and observations from the bundles, their re-extracted documents
    /// and the observation journal alone, in one transaction. Provenance events are kept; those the catalog lacks
    /// are recovered from the event journal (operations) and from the versions and captures (ingests); access tokens
    /// from the token journal; and a rebuild event is added.
    ///
    /// - Parameter allowEmpty: Rebuild even when the store holds no bundle but the catalog lists versions
    ///   (otherwise that is taken for a missing or unmounted bundle folder).
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` listing every bundle that cannot be read, or
    ///   two bundles claiming the same document and capture time; the catalog is then left as it was.
    public func rebuildCatalog(allowEmpty: Bool = false) async throws -> RebuildReport {
        try await writeLock.withLock { try await rebuildCatalogLocked(allowEmpty: allowEmpty) }
    }

    private func rebuildCatalogLocked(allowEmpty: Bool) async throws -> RebuildReport {
        let keys = try await store.allKeys()
        if keys.isEmpty, !allowEmpty, try await !catalog.allVersions().isEmpty {
            throw ArchiveError(
                .corruptBundle,
                "The catalog was not rebuilt: \(root.path)/bundles holds no bundle, but the catalog lists versions. "
                    + "Check that the bundles folder is there, or pass --allow-empty to empty the catalog."
            )
        }
        dictionaries.forgetAll()
        var versions: [Version] = []
        var failures: [String] = []
        for key in keys {
            do {
                let read = try await readBundle(key).get()
                var version = try BundleLayout.version(from: read.bag, key: key).0
                version.bundleSHA256 = read.sha256
                versions.append(version)
            } catch let error as ArchiveError {
                failures.append(error.message)
            }
        }
        // Two bundles of one document at one instant: a bundle that the catalog never recorded (left by a writer
        // that stopped, before such bundles were adopted on open) gives way to the one the catalog knows.
        let known = (try? await catalog.allVersions()) ?? []
        let catalogued = Set(known.map(\.id))
        var byInstant: [String: Version] = [:]
        var strays: Set<String> = []
        // Two files of one version (a repack that stopped before removing one): the one the catalog names stays,
        // else the one in the shared form.
        let namedKeys = Set(known.map(\.bundlePath))
        for (_, copies) in Dictionary(grouping: versions, by: \.id) where copies.count > 1 {
            let kept =
                copies.first { namedKeys.contains($0.bundlePath) }
                ?? copies.first { BundleLayout.isShared($0.bundlePath) } ?? copies[0]
            for copy in copies where copy.bundlePath != kept.bundlePath { strays.insert(copy.bundlePath) }
        }
        versions.removeAll { strays.contains($0.bundlePath) }
        for version in versions {
            let instant = "\(version.documentID)@\(version.capturedAt.milliseconds)"
            guard let other = byInstant[instant] else {
                byInstant[instant] = version
                continue
            }
            if catalogued.contains(other.id) != catalogued.contains(version.id) {
                let stray = catalogued.contains(other.id) ? version : other
                strays.insert(stray.bundlePath)
                byInstant[instant] = catalogued.contains(other.id) ? other : version
            } else {
                failures.append(
                    "bundles \(other.bundlePath) and \(version.bundlePath) both hold document '\(version.documentID)' "
                        + "captured at \(ArchiveDate.formatPrecise(version.capturedAt))"
                )
            }
        }
        if failures.isEmpty {
            for key in strays.sorted() { try await setAside(key, reason: "another bundle holds its document and time") }
            versions.removeAll { strays.contains($0.bundlePath) }
        }
        guard failures.isEmpty else {
            let count = failures.count == 1 ? "1 problem" : "\(failures.count) problems"
            throw ArchiveError(
                .corruptBundle,
                "The catalog was not rebuilt (\(count)): "
                    + failures.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }.joined(separator: "; ")
                    + ". Move the damaged or extra bundles aside, or restore them from a backup."
            )
        }
        // Re-extracted documents are kept: each version takes the newest readable one.
        let extracted = try await applyingExtractions(to: versions)
        versions = extracted.versions
        for message in extracted.skipped { logger.warning("\(message)") }
        let versionIDs = Set(versions.map(\.id))
        let observations = try await runBlocking { try journal.allObservations() }.filter {
            versionIDs.contains($0.versionID)
        }
        let documents = Set(versions.map(\.documentID)).count
        // What the catalog listed and no bundle holds any more: said, not dropped in silence.
        let dropped = known.filter { !versionIDs.contains($0.id) }.map { version in
            let captured = ArchiveDate.formatPrecise(version.capturedAt)
            return "version \(version.id) of '\(version.documentID)' captured \(captured) (\(version.bundlePath))"
        }
        for message in dropped { logger.warning("dropped \(message): its bundle is gone") }
        let recovered = try await eventsToRecover(versions: versions, observations: observations)
        // Journalled too, so that a later rebuild keeps the record of this one.
        let rebuilt = ProvenanceEvent(
            time: ArchiveDate.roundedToMilliseconds(Date()),
            kind: .rebuild,
            outcome: .success,
            detail: "\(documents) documents, \(versions.count) versions, \(observations.count) observations"
                + (dropped.isEmpty ? "" : "; dropped \(dropped.count) versions whose bundles are gone")
        )
        try await runBlocking { try eventJournal.append(rebuilt) }
        try await catalog.replaceAll(versions: versions, observations: observations, events: recovered + [rebuilt])
        // The search index, emptied with the rows, is filled again from the bundles.
        try await completeSearchIndexLocked()
        let tokens = try await recoverTokens()
        logger.info("catalog rebuilt", metadata: ["versions": "\(versions.count)"])
        return RebuildReport(
            documents: documents,
            versions: versions.count,
            observations: observations.count,
            recoveredEvents: recovered.count,
            recoveredTokens: tokens,
            reextractedVersions: versions.filter { $0.extraction != nil }.count,
            skippedExtractions: extracted.skipped,
            droppedVersions: dropped
        )
    }
}

/// The result of ``Archive/rebuildCatalog()``.
public struct RebuildReport: Codable, Hashable, Sendable {
    public var documents: Int
    public var versions: Int
    public var observations: Int
    /// Provenance events the catalog lacked: from the event journal, and ingest events of versions and captures.
    public var recoveredEvents: Int
    /// Access tokens made or revoked again from the token journal.
    public var recoveredTokens: Int
    /// Versions whose newest document is a re-extraction (`mura reextract`), kept by the rebuild.
    public var reextractedVersions: Int
    /// Re-extracted documents passed over because they are damaged, each with what is wrong.
    public var skippedExtractions: [String]
    /// The versions the catalog listed before and no bundle holds any more (their bundles were deleted or lost),
    /// each named with its document, capture time and bundle.
    public var droppedVersions: [String]
    /// Where the damaged catalog file was moved before a new one was built
    /// (``Archive/rebuildCatalog(at:logger:allowEmpty:searchIndexProgress:)``).
    public var damagedCatalog: String?

    public init(
        documents: Int,
        versions: Int,
        observations: Int,
        recoveredEvents: Int = 0,
        recoveredTokens: Int = 0,
        reextractedVersions: Int = 0,
        skippedExtractions: [String] = [],
        droppedVersions: [String] = []
    ) {
        self.documents = documents
        self.versions = versions
        self.observations = observations
        self.recoveredEvents = recoveredEvents
        self.recoveredTokens = recoveredTokens
        self.reextractedVersions = reextractedVersions
        self.skippedExtractions = skippedExtractions
        self.droppedVersions = droppedVersions
    }
}
