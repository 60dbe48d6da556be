public import Foundation

extension Archive {
    /// Records that a capture found the page of `documentID` gone: the site answered `status` (404, 410). History
    /// shows the removal, and a read of a date after it says the page was gone then (naming its last version), until
    /// a later capture finds the page again; a page that comes back as it was is seen unchanged.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` when the archive holds no version of the page by
    ///   then (there is nothing to mark gone).
    public func recordRemoval(of documentID: String, status: Int, capturedAt: Date? = nil) async throws -> IngestResult
    {
        try await writeLock.withLock {
            let documentID = try await storedDocumentID(documentID)
            let capturedAt = ArchiveDate.roundedToMilliseconds(capturedAt ?? Date())
            let timeline = try await catalog.timeline(of: documentID, at: capturedAt)
            guard let last = timeline.lastContent(at: capturedAt) else {
                throw ArchiveError(
                    .unknownDocument,
                    "No version of '\(documentID)' was archived by \(ArchiveDate.format(capturedAt)), so its removal "
                        + "cannot be recorded; capture the page when it is there."
                )
            }
            let observation = Observation(
                documentID: documentID,
                capturedAt: capturedAt,
                sha256: "",
                versionID: last.id,
                gone: status
            )
            // A removal already recorded at this very instant (a WARC ingested again) is not recorded twice.
            if let recorded = timeline.observation, recorded.capturedAt == capturedAt, recorded.gone == status {
                return IngestResult(documentID: documentID, outcome: .gone(recorded))
            }
            try await runBlocking { try journal.append(observation) }
            try await catalog.insert(
                observation,
                event: ProvenanceEvent(
                    kind: .ingest,
                    outcome: .gone,
                    documentID: documentID,
                    versionID: last.id,
                    detail: "found gone (HTTP \(status)) at \(ArchiveDate.format(capturedAt))"
                )
            )
            return IngestResult(documentID: documentID, outcome: .gone(observation))
        }
    }
}
