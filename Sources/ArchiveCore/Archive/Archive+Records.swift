public import Foundation
import Logging

/// A change to the archive's access tokens, kept in `journal/tokens.jsonl` so that a rebuilt catalog still has
/// them: a token made (its hash, never its secret) or revoked.
public struct TokenRecord: Codable, Hashable, Sendable {
    public var time: Date
    public var created: AccessToken?
    public var revoked: String?

    public init(time: Date, created: AccessToken? = nil, revoked: String? = nil) {
        self.time = time
        self.created = created
        self.revoked = revoked
    }
}

extension Archive {
    /// The provenance events of operations on the archive (receive, export, verify, token changes), kept beside the
    /// catalog so that `mura catalog rebuild` recovers them; ingest events are recovered from the bundles and
    /// the observation journal themselves.
    var eventJournal: JSONLinesFile<ProvenanceEvent> {
        JSONLinesFile(root.appending(path: "journal/events.jsonl", directoryHint: .notDirectory))
    }

    /// Every token made and revoked.
    var tokenJournal: JSONLinesFile<TokenRecord> {
        JSONLinesFile(root.appending(path: "journal/tokens.jsonl", directoryHint: .notDirectory))
    }

    /// Records an operation's event in the journal, then in the catalog.
    func recordDurably(_ event: ProvenanceEvent) async throws {
        // To the millisecond, as both keep it, so that a rebuild recognises the catalog's copy.
        var event = event
        event.time = ArchiveDate.roundedToMilliseconds(event.time)
        try await runBlocking { [event] in try eventJournal.append(event) }
        try await catalog.record(event)
    }

    /// The tokens the journal says exist: every one made and not revoked since.
    func journalledTokens() throws -> [AccessToken] {
        var tokens: [String: AccessToken] = [:]
        var order: [String] = []
        for record in try tokenJournal.all() {
            if let token = record.created {
                if tokens[token.id] == nil { order.append(token.id) }
                tokens[token.id] = token
            }
            if let id = record.revoked { tokens[id] = nil }
        }
        return order.compactMap { tokens[$0] }
    }

    /// What a rebuild adds to the catalog's events: journalled events the catalog lacks, and an ingest event for
    /// each version and unchanged capture that has none (a catalog rebuilt after it was lost).
    func eventsToRecover(versions: [Version], observations: [Observation]) async throws -> [ProvenanceEvent] {
        let existing = try await catalog.events(documentID: nil)
        func key(_ event: ProvenanceEvent) -> String {
            "\(event.time.milliseconds)|\(event.kind.rawValue)|\(event.outcome.rawValue)|\(event.detail)"
        }
        var known = Set(existing.map(key))
        var recovered: [ProvenanceEvent] = []
        for event in try await runBlocking({ try eventJournal.all() }) where known.insert(key(event)).inserted {
            recovered.append(event)
        }
        let ingested = Set(existing.filter { $0.kind == .ingest && $0.outcome == .success }.compactMap(\.versionID))
        for version in versions where !ingested.contains(version.id) {
            recovered.append(
                ProvenanceEvent(
                    time: version.capturedAt,
                    kind: .ingest,
                    outcome: .success,
                    documentID: version.documentID,
                    versionID: version.id,
                    detail: "new version captured at \(ArchiveDate.format(version.capturedAt)), \(version.size) bytes "
                        + "(recovered by a catalog rebuild)"
                )
            )
        }
        let seen = Set(
            existing.filter { $0.kind == .ingest && $0.outcome == .unchanged }.compactMap { event in
                event.versionID.map { "\($0)|\(event.detail)" }
            }
        )
        for observation in observations {
            let detail = "seen unchanged at \(ArchiveDate.format(observation.capturedAt))"
            guard !seen.contains("\(observation.versionID)|\(detail)") else { continue }
            recovered.append(
                ProvenanceEvent(
                    time: observation.capturedAt,
                    kind: .ingest,
                    outcome: .unchanged,
                    documentID: observation.documentID,
                    versionID: observation.versionID,
                    detail: detail
                )
            )
        }
        return recovered.sorted { $0.time < $1.time }
    }

    /// Makes the catalog's tokens those the journal says exist (archives from before the journal keep theirs).
    func recoverTokens() async throws -> Int {
        guard FileManager.default.fileExists(atPath: tokenJournal.file.path) else { return 0 }
        let wanted = try await runBlocking { try journalledTokens() }
        let present = try await accessTokens.tokens()
        let presentIDs = Set(present.map(\.id))
        let wantedIDs = Set(wanted.map(\.id))
        var changed = 0
        for token in wanted where !presentIDs.contains(token.id) {
            try await accessTokens.insert(token)
            changed += 1
        }
        let revoked = Set(try await runBlocking { try tokenJournal.all() }.compactMap(\.revoked))
        for token in present where !wantedIDs.contains(token.id) && revoked.contains(token.id) {
            _ = try await accessTokens.revokeToken(id: token.id)
            changed += 1
        }
        return changed
    }

    /// Archives written before the journals existed keep their tokens and operation events in the catalog only.
    /// The first time such an archive is opened, they are copied into the journals (which newer archives have from
    /// the start, empty), so that a catalog rebuilt later recovers them as it does for newer archives. Ingest
    /// events of versions and captures are left out (a rebuild recovers those from the bundles and the observation
    /// journal), as are reads. An archive that cannot be written to (read-only media) opens all the same.
    func journalCatalogRecords() async {
        let fileManager = FileManager.default
        guard
            !fileManager.fileExists(atPath: tokenJournal.file.path)
                || !fileManager.fileExists(atPath: eventJournal.file.path)
        else { return }
        do {
            try await writeLock.withLock {
                if !fileManager.fileExists(atPath: tokenJournal.file.path) {
                    let tokens = try await accessTokens.tokens()
                    try await runBlocking {
                        try tokenJournal.append(contentsOf: tokens.map { TokenRecord(time: $0.createdAt, created: $0) })
                        try tokenJournal.createIfMissing()
                    }
                    if !tokens.isEmpty {
                        logger.notice("access tokens copied into the journal", metadata: ["count": "\(tokens.count)"])
                    }
                }
                if !fileManager.fileExists(atPath: eventJournal.file.path) {
                    let events = try await catalog.events(documentID: nil).filter {
                        $0.versionID == nil && $0.kind != .restore
                    }
                    try await runBlocking {
                        try eventJournal.append(contentsOf: events.sorted { $0.time < $1.time })
                        try eventJournal.createIfMissing()
                    }
                    if !events.isEmpty {
                        logger.notice(
                            "provenance events copied into the journal",
                            metadata: ["count": "\(events.count)"]
                        )
                    }
                }
            }
        } catch {
            logger.warning(
                "could not copy the catalog's tokens and events into the journals; trying again when next opened",
                metadata: ["error": "\(error)"]
            )
        }
    }
}
