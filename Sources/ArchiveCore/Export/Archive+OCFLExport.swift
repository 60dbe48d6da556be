public import Foundation

extension Archive {
    /// Exports the selected versions into an OCFL 1.1 storage root (created if missing): one object per document,
    /// one OCFL version per Mura version, in captured-at order, each holding the original and `document.json`
    /// (and the renderings asked for). Exporting again into the same root adds only the versions it lacks.
    /// Object ids are URIs: the document id when it is a URL, else `urn:mura:document:<id>`.
    public func exportOCFL(
        _ selection: ExportSelection,
        to target: URL,
        renderings: [any DocumentExporter] = [],
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ExportReport {
        let chosen = try await nonEmptyVersions(for: selection)
        let storage = try await runBlocking { try OCFLStorageRoot(root: target) }
        do {
            let report = try await writeOCFL(chosen, into: storage, renderings: renderings, progress: progress)
            try await recordDurably(
                Self.exportEvent(
                    of: chosen,
                    "OCFL storage root \(target.lastPathComponent): \(report.versions) new versions of "
                        + "\(report.documents) documents"
                )
            )
            return report
        } catch {
            // A root made by this export goes with it; an existing root keeps every object's previous head.
            if storage.isNew { try? FileManager.default.removeItem(at: target) }
            throw error
        }
    }

    /// Writes the versions an object lacks, document by document; the objects are written on the archive's threads.
    private func writeOCFL(
        _ chosen: [(version: Version, ordinal: Int)],
        into storage: OCFLStorageRoot,
        renderings: [any DocumentExporter],
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> ExportReport {
        let user = (name: settings.sourceOrganization ?? "Mura archive", address: "urn:mura:archive")
        let run = Handoff(OCFLExportRun(storage: storage, user: user))
        let byDocument = Dictionary(grouping: chosen, by: \.version.documentID)
        var done = 0
        for documentID in byDocument.keys.sorted() {
            let id = Self.ocflObjectID(documentID)
            let existing = try await runBlocking { try storage.existingKeys(objectID: id) }
            let missing = (byDocument[documentID] ?? []).filter { !existing.contains($0.version.id) }
            try await forEachExported(missing, renderings: renderings) { [done] number, exported in
                try run.value.add(exported, objectID: id)
                progress(done + number + 1, chosen.count)
            }
            done += missing.count
            try await runBlocking { try run.value.flush(objectID: id) }
        }
        return ExportReport(
            path: storage.root.path,
            package: "ocfl",
            documents: byDocument.count,
            versions: run.value.added,
            files: run.value.files,
            bytes: run.value.bytes
        )
    }

    static func ocflObjectID(_ documentID: String) -> String {
        if documentID.contains("://") { return documentID }
        return "urn:mura:document:"
            + (documentID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? documentID)
    }
}

/// The state of one OCFL export between versions: the versions of the current object not yet written, and counts.
private final class OCFLExportRun {
    let storage: OCFLStorageRoot
    let user: (name: String, address: String)
    private var pending: [OCFLStorageRoot.NewVersion] = []
    private(set) var added = 0
    private(set) var files = 0
    private(set) var bytes = 0

    init(storage: OCFLStorageRoot, user: (name: String, address: String)) {
        self.storage = storage
        self.user = user
    }

    /// Adds one version to the object `id`: the original, `document.json` and the renderings.
    func add(_ exported: ExportedVersion, objectID id: String) throws {
        let version = exported.version
        var versionFiles: [(path: String, data: Data)] = [
            ("original.\(version.originalExtension)", exported.original),
            ("document.json", try Document.encoder.encode(exported.document)),
        ]
        versionFiles += exported.renderings.filter { $0.name != "document.json" }.map { ($0.name, $0.data) }
        files += versionFiles.count
        bytes += versionFiles.reduce(0) { $0 + $1.data.count }
        pending.append(
            .init(
                key: version.id,
                created: version.capturedAt,
                message: OCFLStorageRoot.message(
                    key: version.id,
                    rest: "captured \(ArchiveDate.formatPrecise(version.capturedAt)), SHA-256 \(version.sha256)"
                ),
                user: user,
                files: versionFiles
            )
        )
        // Versions are written in batches, so memory stays flat however long a history is.
        if pending.count == 50 { try flush(objectID: id) }
    }

    /// Writes the pending versions of the object `id`.
    func flush(objectID id: String) throws {
        try storage.append(pending, objectID: id)
        added += pending.count
        pending.removeAll()
    }
}
