import Foundation

extension Archive {
    /// Reads the stored originals of the given documents' versions (every document's when `documentIDs` is empty)
    /// again with today's importers, and keeps each new normalized document beside its bundle.
    ///
    /// Each version is read with the importer that read it at ingest (by id). Its original is verified first; the
    /// bundle is never rewritten. When the importer now gives another document than the newest one the version has
    /// (its bundle's `document.json`, or an earlier re-extraction), the new document is stored as a
    /// ``ReextractedDocument`` and the catalog's version row takes its title, dates and language, with a `reextract`
    /// event; listings, renderings and the renderings of exports then use it. A version whose result is the same is
    /// left exactly as it was. A version that cannot be read again (its importer is gone, the original is damaged,
    /// the importer now refuses it or finds several documents) is reported and left as it was; the others go on.
    ///
    /// - Parameter progress: Called after each version, with the number done and the total.
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` for an unknown id (before anything is read).
    public func reextract(
        _ documentIDs: [String] = [],
        registry: PluginRegistry,
        progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ReextractReport {
        let versions = try await versions(ofDocuments: documentIDs)
        var report = ReextractReport(checkedVersions: versions.count)
        for (number, version) in versions.enumerated() {
            do {
                if let change = try await reextract(version, registry: registry) {
                    report.changes.append(change)
                } else {
                    report.unchanged += 1
                }
            } catch let error as ArchiveError {
                report.failures.append(
                    .init(documentID: version.documentID, versionID: version.id, message: error.message)
                )
            }
            progress(number + 1, versions.count)
        }
        try await recordDurably(
            ProvenanceEvent(
                kind: .reextract,
                outcome: report.failures.isEmpty ? .success : .failure,
                documentID: documentIDs.count == 1 ? documentIDs[0] : nil,
                detail: "\(report.checkedVersions) versions read again, \(report.changes.count) re-extracted, "
                    + "\(report.unchanged) unchanged, \(report.failures.count) failed"
                    + (documentIDs.isEmpty ? "" : " in " + documentIDs.joined(separator: ", "))
            )
        )
        return report
    }

    /// Re-extracts one version; `nil` when the result is the document it already has.
    private func reextract(_ version: Version, registry: PluginRegistry) async throws -> ReextractReport.Change? {
        guard let importer = registry.importers.first(where: { $0.descriptor.id == version.importer }) else {
            throw ArchiveError(
                .unknownFormat,
                "No importer '\(version.importer)' is registered in this build, so version \(version.id) was left as "
                    + "it was. `mura plugins` lists the importers."
            )
        }
        let current = try await content(of: version)
        let name = "version \(version.id) of '\(version.documentID)'"
        var document = try await runBlocking {
            try Self.readAgain(current, name: name, importer: importer)
        }
        // The identity was settled at ingest; only what the importer reads from the original may change.
        document.id = current.document.id
        document.source = current.document.source
        guard document != current.document else { return nil }
        let record = ReextractedDocument(
            versionID: version.id,
            documentID: version.documentID,
            importer: importer.descriptor.id,
            extractedAt: ArchiveDate.roundedToMilliseconds(Date()),
            originalSHA256: version.sha256,
            document: document
        )
        let fields = Self.changedFields(from: current.document, to: document)
        let data = try record.encoded()
        let key = ReextractedDocument.key(
            versionID: version.id,
            extractedAt: record.extractedAt,
            sha256: Digest.sha256(data)
        )
        let updated = version.reextracted(as: document, key: key)
        let event = ProvenanceEvent(
            time: record.extractedAt,
            kind: .reextract,
            outcome: .success,
            documentID: version.documentID,
            versionID: version.id,
            detail: "re-extracted by the \(importer.descriptor.id) importer of \(record.software): "
                + fields.joined(separator: ", ") + " changed"
        )
        try await writeLock.withLock {
            let staged = try await store.stage(data, for: key)
            do {
                try await store.commit(staged: staged, as: key)
            } catch {
                await store.discard(staged: staged)
                throw error
            }
            do {
                try await runBlocking { try eventJournal.append(event) }
                try await catalog.updateExtraction(of: updated, text: IndexedText(document), event: event)
            } catch {
                try? await store.remove(key)
                await store.discard(staged: staged)
                throw error
            }
            await store.discard(staged: staged)
        }
        return .init(documentID: version.documentID, versionID: version.id, extraction: key, changedFields: fields)
    }

    /// The one document `importer` reads from a version's original now; blocks the calling thread.
    private static func readAgain(
        _ content: VersionContent,
        name: String,
        importer: any DocumentImporter
    ) throws -> Document {
        let imported: [ImportedDocument]
        do {
            imported = try importer.importDocuments(
                ImportRequest(data: content.original, name: name, sourceURL: content.version.source)
            )
        } catch let error as ArchiveError {
            throw ArchiveError(
                error.code,
                "The \(importer.descriptor.name) importer now refuses \(name): \(error.message)"
            )
        } catch {
            // A plugin's own error type: still this version's failure, not the run's.
            throw ArchiveError(
                .undecodableInput,
                "The \(importer.descriptor.name) importer now refuses \(name).",
                underlying: error
            )
        }
        let matching = imported.filter { $0.document.id.isEmpty || $0.document.id == content.version.documentID }
        guard imported.count == 1 || matching.count == 1, let document = (matching.first ?? imported.first)?.document
        else {
            throw ArchiveError(
                .undecodableInput,
                "The \(importer.descriptor.name) importer now reads \(imported.count) documents from the original of "
                    + "\(name), not one; it was left as it was."
            )
        }
        return document
    }

    /// The names of the fields that differ between two documents, in the order a reader looks at them.
    static func changedFields(from old: Document, to new: Document) -> [String] {
        var fields: [String] = []
        if old.title != new.title { fields.append("title") }
        if old.published != new.published { fields.append("published") }
        if old.updated != new.updated { fields.append("updated") }
        if old.language != new.language { fields.append("language") }
        if old.authors != new.authors { fields.append("authors") }
        if old.blocks != new.blocks { fields.append("text") }
        if old.links != new.links { fields.append("links") }
        if old.metadata != new.metadata { fields.append("metadata") }
        return fields
    }

    /// The versions as their bundles alone describe them, with the newest readable re-extraction of each applied: what
    /// a catalog rebuild records. A damaged re-extraction is passed over (an older one, or the bundle's document,
    /// stands) and named in the returned messages.
    func applyingExtractions(to versions: [Version]) async throws -> (versions: [Version], skipped: [String]) {
        var byVersion: [String: [String]] = [:]
        for key in try await store.keys(withPrefix: ReextractedDocument.folder) {
            if let parts = ReextractedDocument.parts(ofKey: key) { byVersion[parts.versionID, default: []].append(key) }
        }
        guard !byVersion.isEmpty else { return (versions, []) }
        var skipped: [String] = []
        var result: [Version] = []
        for var version in versions {
            for key in (byVersion[version.id] ?? []).sorted().reversed() {
                do {
                    let data = try await store.data(at: key)
                    let document = try ReextractedDocument.decode(data, key: key, versionID: version.id).document
                    version = version.reextracted(as: document, key: key)
                    break
                } catch let error as ArchiveError {
                    skipped.append(error.message)
                }
            }
            result.append(version)
        }
        return (result, skipped)
    }
}

/// The result of ``Archive/reextract(_:registry:progress:)``.
public struct ReextractReport: Codable, Hashable, Sendable {
    /// A version that got a new document.
    public struct Change: Codable, Hashable, Sendable {
        public var documentID: String
        public var versionID: String
        /// The store key of the new document.
        public var extraction: String
        /// What changed: `title`, `published`, `updated`, `language`, `authors`, `text`, `links`, `metadata`.
        public var changedFields: [String]
    }

    /// A version that could not be read again and was left as it was.
    public struct Failure: Codable, Hashable, Sendable {
        public var documentID: String
        public var versionID: String
        public var message: String
    }

    public var checkedVersions: Int
    public var changes: [Change] = []
    public var unchanged = 0
    public var failures: [Failure] = []
}
