public import Foundation

extension Archive {
    /// A document's history: versions and unchanged observations in captured-at order.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``.
    public func history(of documentID: String) async throws -> DocumentHistory {
        let documentID = try await storedDocumentID(documentID)
        let summary = try await requireDocument(documentID)
        let versions = try await catalog.versions(of: documentID)
        let ordinals = Dictionary(uniqueKeysWithValues: versions.enumerated().map { ($1.id, $0 + 1) })
        var entries = versions.enumerated().map { DocumentHistory.Entry.version(ordinal: $0 + 1, $1) }
        for observation in try await catalog.observations(of: documentID) {
            entries.append(.observation(ordinal: ordinals[observation.versionID] ?? 0, observation))
        }
        entries.sort { $0.capturedAt < $1.capturedAt }
        return DocumentHistory(document: summary, entries: entries)
    }

    /// The version of a document in force at `date`: the latest captured at or before it.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``, or
    ///   ``ArchiveError/Code-swift.struct/beforeFirstCapture`` naming the first capture's date.
    public func version(of documentID: String, at date: Date) async throws -> Version {
        try await memento(of: documentID, at: date).version
    }

    /// The capture that found the page gone at `date` (the latest capture by then), with the version in force
    /// before it; `nil` when the page was not gone then.
    public func removal(of documentID: String, at date: Date) async throws -> (removal: Observation, last: Version?)? {
        let documentID = try await storedDocumentID(documentID)
        let timeline = try await catalog.timeline(of: documentID, at: date)
        guard let removal = timeline.removal(at: date) else { return nil }
        return (removal, timeline.versions.first { $0.id == removal.versionID })
    }

    static func gone(
        _ documentID: String,
        _ removal: Observation,
        at date: Date,
        _ timeline: DocumentTimeline
    )
        -> ArchiveError
    {
        let last = timeline.versions.firstIndex { $0.id == removal.versionID }.map { index in
            " Its last version is #\(index + 1), captured at \(ArchiveDate.format(timeline.versions[index].capturedAt))"
                + " (version \(removal.versionID)); ask for a date before the removal, or for that version."
        }
        // Asked for no date (the latest), the document is gone now, not at a date far ahead.
        let when = date >= .distantFuture ? "is gone" : "was gone at \(ArchiveDate.format(date))"
        return ArchiveError(
            .gone,
            "Document '\(documentID)' \(when): the site answered "
                + "\(removal.gone.map(String.init) ?? "gone") when it was captured at "
                + "\(ArchiveDate.format(removal.capturedAt)).\(last ?? "")"
        )
    }

    /// The version with a 1-based ordinal in captured-at order (as `mura history` numbers them).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownVersion`` naming the valid range.
    public func version(of documentID: String, ordinal: Int) async throws -> Version {
        try await memento(of: documentID, ordinal: ordinal).version
    }

    /// The version in force at `date` (now, by default) with its place among the document's versions, from one
    /// catalog read: what a Memento answer needs.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``, or
    ///   ``ArchiveError/Code-swift.struct/beforeFirstCapture`` naming the first capture's date.
    public func memento(of documentID: String, at date: Date = .distantFuture) async throws -> Memento {
        let documentID = try await storedDocumentID(documentID)
        let timeline = try await catalog.timeline(of: documentID, at: date)
        if let removal = timeline.removal(at: date) { throw Self.gone(documentID, removal, at: date, timeline) }
        guard let version = timeline.versionInForce(at: date) else {
            let summary = try await requireDocument(documentID)
            // Within the same second, the milliseconds tell the two times apart.
            let sameSecond = summary.firstCapturedAt.map { ArchiveDate.format($0) == ArchiveDate.format(date) } == true
            let format = sameSecond ? ArchiveDate.formatPrecise : ArchiveDate.format
            let first = summary.firstCapturedAt.map(format) ?? "never"
            throw ArchiveError(
                .beforeFirstCapture,
                "Document '\(documentID)' was first captured at \(first); there is no version at "
                    + "\(format(date)). Ask for a date on or after the first capture."
            )
        }
        return Memento(version: version, timeline: timeline)
    }

    /// The version in force at `date`, or the first version when `date` is before the first capture: what a
    /// Memento TimeGate selects (RFC 7089 section 4.1: the memento nearest the requested date).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``.
    public func memento(of documentID: String, nearest date: Date) async throws -> Memento {
        let documentID = try await storedDocumentID(documentID)
        let timeline = try await catalog.timeline(of: documentID, at: date)
        if let removal = timeline.removal(at: date) { throw Self.gone(documentID, removal, at: date, timeline) }
        guard let version = timeline.versionInForce(at: date) ?? timeline.versions.first else {
            _ = try await requireDocument(documentID)
            throw ArchiveError(.unknownVersion, "Document '\(documentID)' has no versions.")
        }
        return Memento(version: version, timeline: timeline)
    }

    /// A version by its id, with its place among the document's versions; `nil` when the document does not exist.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownVersion`` when the document exists without that version.
    public func memento(of documentID: String, versionID: String) async throws -> Memento? {
        let documentID = try await storedDocumentID(documentID)
        let timeline = try await catalog.timeline(of: documentID, at: .distantPast)
        if let version = timeline.versions.first(where: { $0.id == versionID }) {
            return Memento(version: version, timeline: timeline)
        }
        guard try await catalog.document(id: documentID) != nil else { return nil }
        throw ArchiveError(
            .unknownVersion,
            "Document '\(documentID)' has no version '\(versionID)'. The document's history lists its versions with "
                + "their ids."
        )
    }

    /// A version by its 1-based ordinal, with its place among the document's versions.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownVersion`` naming the valid range.
    public func memento(of documentID: String, ordinal: Int) async throws -> Memento {
        let documentID = try await storedDocumentID(documentID)
        let timeline = try await catalog.timeline(of: documentID, at: .distantPast)
        if timeline.versions.isEmpty { _ = try await requireDocument(documentID) }
        guard ordinal >= 1, ordinal <= timeline.versions.count else {
            throw ArchiveError(
                .unknownVersion,
                "Document '\(documentID)' has versions 1 to \(timeline.versions.count); there is no version \(ordinal)."
            )
        }
        return Memento(version: timeline.versions[ordinal - 1], timeline: timeline)
    }

    /// The latest version of a document.
    public func latestVersion(of documentID: String) async throws -> Version {
        let documentID = try await storedDocumentID(documentID)
        guard let last = try await catalog.versions(of: documentID).last else {
            _ = try await requireDocument(documentID)
            throw ArchiveError(.unknownVersion, "Document '\(documentID)' has no versions.")
        }
        return last
    }

    /// Reads a version's bundle, checks it against its manifests and the catalog, and returns its content.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle and what is wrong.
    ///
    /// The document is the newest: the version's re-extraction when it has one (``Version/extraction``), else the
    /// bundle's own.
    public func content(of version: Version) async throws -> VersionContent {
        let stored = try await storedFiles(of: version)
        return try await runBlocking { try Self.content(of: version, stored) }
    }

    /// The bytes a version is read from: its bundle (decoded to its tar when it is in the shared form) and, when it
    /// has one, its newest re-extracted document. A bundle that `mura repack` rewrote meanwhile is read under the key
    /// the catalog now names.
    func storedFiles(of version: Version) async throws -> StoredFiles {
        let bundle: Data
        do {
            bundle = try await store.data(at: version.bundlePath)
        } catch {
            guard let current = try await catalog.version(id: version.id), current.bundlePath != version.bundlePath
            else { throw error }
            return try await storedFiles(of: current)
        }
        let tar = try await tar(ofBundle: bundle, key: version.bundlePath)
        guard let key = version.extraction else {
            return StoredFiles(version: version, bundle: bundle, tar: tar, extraction: nil)
        }
        do {
            return StoredFiles(version: version, bundle: bundle, tar: tar, extraction: try await store.data(at: key))
        } catch {
            throw ArchiveError(
                .corruptBundle,
                "The re-extracted document \(key) of version \(version.id) of '\(version.documentID)' is missing or "
                    + "unreadable. Run `mura reextract \(version.documentID)` to make it again.",
                underlying: error
            )
        }
    }

    /// The content of `version` from the bytes of its bundle (and re-extracted document), checked; blocks the calling
    /// thread.
    static func content(of version: Version, _ stored: StoredFiles) throws -> VersionContent {
        // The row the bundle was read for: the catalog's newest when the bundle was rewritten meanwhile.
        let version = stored.version
        let bag = try bag(from: stored.tar ?? stored.bundle, key: version.bundlePath).get()
        var problems = mismatches(between: bag, and: version)
        if let changed = fixityProblem(of: version, sha256: Digest.sha256(stored.bundle)) { problems.append(changed) }
        guard problems.isEmpty else {
            throw ArchiveError(.corruptBundle, "Bundle \(version.bundlePath): " + problems.joined(separator: "; "))
        }
        var (_, document) = try BundleLayout.version(from: bag, key: version.bundlePath)
        if let key = version.extraction, let data = stored.extraction {
            document = try ReextractedDocument.decode(data, key: key, versionID: version.id).document
        }
        return VersionContent(
            version: version,
            document: document,
            original: bag.payloadFile(version.originalPath)!.data,
            response: try CapturedResponse.read(from: bag, key: version.bundlePath)
        )
    }

    /// The original bytes of the version in force at `date`, verified; a restore event is recorded when the archive's
    /// settings ask for it (``ArchiveSettings/recordsReads``): otherwise a read writes nothing.
    public func restore(_ documentID: String, at date: Date) async throws -> VersionContent {
        let content = try await content(of: try await version(of: documentID, at: date))
        try await recordRestore(of: content.version, at: date)
        return content
    }

    /// The version whose content was in force at `date`: the content of the latest capture at or before it,
    /// whether that capture made a version or was seen unchanged (a backfill between a version and a later
    /// unchanged capture does not change what that capture saw).
    func versionInForce(_ documentID: String, at date: Date) async throws -> Version? {
        let version = try await catalog.version(of: documentID, at: date)
        let observation = try await catalog.observation(of: documentID, at: date)
        // Looked up only when the capture is later than the version: it may have seen another version's content.
        var seen: Version?
        if let observation, observation.capturedAt > (version?.capturedAt ?? .distantPast) {
            seen = try await catalog.version(id: observation.versionID)
        }
        return DocumentTimeline.inForce(version: version, observation: observation) { _ in seen }
    }

    /// The versions of the given documents in order (each document once), or of every document when `documentIDs`
    /// is empty.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` for an unknown id.
    func versions(ofDocuments documentIDs: [String]) async throws -> [Version] {
        guard !documentIDs.isEmpty else { return try await catalog.allVersions() }
        var versions: [Version] = []
        for id in try Self.firstMentions(documentIDs) {
            let id = try await storedDocumentID(id)
            _ = try await requireDocument(id)
            versions += try await catalog.versions(of: id)
        }
        return versions
    }

    /// The ids in the order given, each once: a document named twice in an order is one document.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` for an empty id, which names no document.
    static func firstMentions(_ ids: [String]) throws -> [String] {
        for (index, id) in ids.enumerated() where id.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ArchiveError(
                .invalidArgument,
                "documents[\(index)]: an empty id names no document; give ids as `mura list` or GET /documents shows "
                    + "them.",
                field: .documents
            )
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    func requireDocument(_ documentID: String) async throws -> DocumentSummary {
        guard let summary = try await catalog.document(id: documentID) else {
            throw ArchiveError(
                .unknownDocument,
                "No document '\(documentID.prefix(200))' in this archive; `mura list` or GET /documents shows the ids."
            )
        }
        return summary
    }

    /// Reads the bundle at `key` from the store and validates it on ``blocking``, with the SHA-256 of its bytes.
    func readBundle(_ key: String) async -> Result<ReadBundle, ArchiveError> {
        do {
            let bundle = try await store.data(at: key)
            let tar = try await tar(ofBundle: bundle, key: key)
            return try await runBlocking {
                Self.bag(from: tar ?? bundle, key: key).map { ReadBundle(bag: $0, sha256: Digest.sha256(bundle)) }
            }
        } catch let error as ArchiveError {
            return .failure(error)
        } catch {
            return .failure(ArchiveError(.corruptBundle, "Bundle \(key) is unreadable.", underlying: error))
        }
    }

    /// The bag in the bytes of the bundle at `key` (its file, or its tar when it is in the shared form), validated against its manifests; blocks the calling thread.
    static func bag(from bundle: Data, key: String) -> Result<Bag, ArchiveError> {
        let files: [BagFile]
        do {
            files = try LibArchiveReader.files(in: bundle, name: key, tarOnly: true)
        } catch let error as ArchiveError {
            // Whatever libarchive says, a bundle that cannot be read is a damaged bundle.
            return .failure(
                ArchiveError(
                    .corruptBundle,
                    "Bundle \(key) is unreadable: \(error.message) Run `mura verify` to list damaged bundles."
                )
            )
        } catch {
            return .failure(ArchiveError(.corruptBundle, "Bundle \(key) is unreadable.", underlying: error))
        }
        return BagValidator.validate(files, name: key).mapError { ArchiveError(.corruptBundle, "Bundle \($0)") }
    }

    /// What is wrong when the bundle file's SHA-256 is not the one recorded when it was written; `nil` when it is,
    /// or when none was recorded.
    static func fixityProblem(of version: Version, sha256: String) -> String? {
        guard let recorded = version.bundleSHA256, recorded != sha256 else { return nil }
        return "the file has changed since it was written (its SHA-256 is \(sha256), the catalog recorded "
            + "\(recorded)); restore it from a backup or replica"
    }

    static func mismatches(between bag: Bag, and version: Version) -> [String] {
        var problems: [String] = []
        if bag.value("Mura-Version-ID") != version.id {
            problems.append("bag-info.txt names version \(bag.value("Mura-Version-ID") ?? "none"), not \(version.id)")
        }
        if bag.value("Mura-Document-ID") != version.documentID {
            problems.append("bag-info.txt names document '\(bag.value("Mura-Document-ID") ?? "none")'")
        }
        if let original = bag.payloadFile(version.originalPath) {
            if Digest.sha256(original.data) != version.sha256 {
                problems.append("\(version.originalPath) does not match the catalog's SHA-256 \(version.sha256)")
            }
        } else {
            problems.append("\(version.originalPath) is missing")
        }
        return problems
    }
}

/// A document's history as `mura history` shows it.
public struct DocumentHistory: Sendable {
    /// One line of history.
    public enum Entry: Sendable {
        /// A stored version with its 1-based ordinal.
        case version(ordinal: Int, Version)
        /// A capture that matched the version with the given ordinal.
        case observation(ordinal: Int, Observation)

        public var capturedAt: Date {
            switch self {
            case .version(_, let version): version.capturedAt
            case .observation(_, let observation): observation.capturedAt
            }
        }
    }

    public var document: DocumentSummary
    public var entries: [Entry]
}

/// A bundle read back from the store: its validated bag and the SHA-256 of the file.
struct ReadBundle: Sendable {
    var bag: Bag
    var sha256: String
}

/// The bytes of a version as the store holds them.
struct StoredFiles: Sendable {
    /// The catalog row the files were read for.
    var version: Version
    /// The bundle file.
    var bundle: Data
    /// Its tar, when it is in the shared form.
    var tar: Data?
    var extraction: Data?
}

/// A stored version with its normalized document (the newest) and original bytes.
public struct VersionContent: Sendable {
    public var version: Version
    public var document: Document
    public var original: Data
    /// The HTTP response the version was captured from, when it was fetched (``CapturedResponse``).
    public var response: CapturedResponse?
}
