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
            // Reading the bundles and writing the objects: all blocking work, on the archive's threads.
            let report = try await runBlocking {
                try writeOCFL(chosen, into: storage, renderings: renderings, progress: progress)
            }
            let documents = Set(chosen.map(\.version.documentID))
            try await recordDurably(
                ProvenanceEvent(
                    kind: .export,
                    outcome: .success,
                    documentID: documents.count == 1 ? documents.first : nil,
                    detail: "OCFL storage root \(target.lastPathComponent): \(report.versions) new versions of "
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

    private func writeOCFL(
        _ chosen: [(version: Version, ordinal: Int)],
        into storage: OCFLStorageRoot,
        renderings: [any DocumentExporter],
        progress: (Int, Int) -> Void
    ) throws -> ExportReport {
        let target = storage.root
        let user = (name: settings.sourceOrganization ?? "Mura archive", address: "urn:mura:archive")
        let byDocument = Dictionary(grouping: chosen, by: \.version.documentID)
        var added = 0
        var bytes = 0
        var files = 0
        var done = 0
        for documentID in byDocument.keys.sorted() {
            let id = Self.ocflObjectID(documentID)
            let existing = try storage.existingKeys(objectID: id)
            var newVersions: [OCFLStorageRoot.NewVersion] = []
            for item in byDocument[documentID] ?? [] where !existing.contains(item.version.id) {
                let exported = try readExportedVersion(item.version, ordinal: item.ordinal, renderings: renderings)
                var versionFiles: [(path: String, data: Data)] = [
                    ("original.\(item.version.originalExtension)", exported.original),
                    ("document.json", try Document.encoder.encode(exported.document)),
                ]
                versionFiles += exported.renderings.filter { $0.name != "document.json" }.map { ($0.name, $0.data) }
                files += versionFiles.count
                bytes += versionFiles.reduce(0) { $0 + $1.data.count }
                newVersions.append(
                    .init(
                        key: item.version.id,
                        created: item.version.capturedAt,
                        message: OCFLStorageRoot.message(
                            key: item.version.id,
                            rest:
                                "captured \(ArchiveDate.formatPrecise(item.version.capturedAt)), SHA-256 \(item.version.sha256)"
                        ),
                        user: user,
                        files: versionFiles
                    )
                )
                done += 1
                progress(done, chosen.count)
                // Versions are written in batches, so memory stays flat however long a history is.
                if newVersions.count == 50 {
                    try storage.append(newVersions, objectID: id)
                    added += newVersions.count
                    newVersions.removeAll()
                }
            }
            try storage.append(newVersions, objectID: id)
            added += newVersions.count
        }
        let report = ExportReport(
            path: target.path,
            package: "ocfl",
            documents: byDocument.count,
            versions: added,
            files: files,
            bytes: bytes
        )
        return report
    }

    static func ocflObjectID(_ documentID: String) -> String {
        if documentID.contains("://") { return documentID }
        return "urn:mura:document:"
            + (documentID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? documentID)
    }
}
