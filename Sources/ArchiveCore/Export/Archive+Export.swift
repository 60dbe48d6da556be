import Foundation

extension Archive {
    /// The versions a selection takes, in document order and then captured-at order; a document named twice is
    /// taken once, where it is first named.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` for an id not in the archive.
    public func versions(for selection: ExportSelection) async throws -> [(version: Version, ordinal: Int)] {
        var ids = try Self.firstMentions(selection.documentIDs)
        if ids.isEmpty {
            ids = try await catalog.documents().map(\.id)
        } else {
            var stored: [String] = []
            for id in ids { stored.append(try await storedDocumentID(id)) }
            ids = stored
            for id in ids { _ = try await requireDocument(id) }
        }
        var chosen: [(Version, Int)] = []
        for id in ids {
            let versions = try await catalog.versions(of: id)
            let ordinals = Dictionary(uniqueKeysWithValues: versions.enumerated().map { ($1.id, $0 + 1) })
            var candidates = versions
            if let at = selection.at {
                candidates = try await versionInForce(id, at: at).map { [$0] } ?? []
            }
            for version in candidates {
                if let since = selection.since, version.capturedAt < since { continue }
                if let until = selection.until, version.capturedAt > until { continue }
                chosen.append((version, ordinals[version.id] ?? 0))
            }
        }
        return chosen
    }

    /// The documents a selection names by id that it takes no version of (gone or not yet captured at its `at`, no
    /// version between its `since` and `until`), in the order named: an export leaves them out, and says so.
    func namedWithoutVersions(_ selection: ExportSelection) async throws -> [String] {
        guard !selection.documentIDs.isEmpty else { return [] }
        let taken = Set(try await versions(for: selection).map(\.version.documentID))
        var named: [String] = []
        for id in try Self.firstMentions(selection.documentIDs) {
            let stored = try await storedDocumentID(id)
            if !taken.contains(stored) { named.append(stored) }
        }
        return named
    }

    /// The versions a selection takes for an export, which needs at least one.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` when nothing matches.
    func nonEmptyVersions(for selection: ExportSelection) async throws -> [(version: Version, ordinal: Int)] {
        let chosen = try await versions(for: selection)
        guard !chosen.isEmpty else {
            throw ArchiveError(
                .nothingSelected,
                "No version matches the selection; check the document ids and the selection's dates (since, until, "
                    + "at).",
                field: .documents
            )
        }
        return chosen
    }

    /// Reads one selected version with its renderings, verified against its bundle's manifests.
    public func exportedVersion(
        _ version: Version,
        ordinal: Int,
        renderings exporters: [any DocumentExporter]
    ) async throws -> ExportedVersion {
        let stored = try await storedFiles(of: version)
        return try await runBlocking {
            try Self.exportedVersion(version, ordinal: ordinal, stored: stored, renderings: exporters)
        }
    }

    /// ``exportedVersion(_:ordinal:renderings:)`` from the bytes of the version's bundle; blocks the calling thread.
    static func exportedVersion(
        _ version: Version,
        ordinal: Int,
        stored: StoredFiles,
        renderings exporters: [any DocumentExporter]
    ) throws -> ExportedVersion {
        let content = try content(of: version, stored)
        var renderings: [(name: String, data: Data)] = []
        for exporter in exporters {
            let ext = exporter.descriptor.fileExtensions.first ?? exporter.descriptor.id
            let name = exporter.descriptor.format.rawValue == "json" ? "document.json" : "rendering.\(ext)"
            // One rendering per name: `--render text,text` must not list a file twice.
            guard !renderings.contains(where: { $0.name == name }) else { continue }
            renderings.append(
                (name, try exporter.export(ExportRequest(document: content.document, version: content.version)))
            )
        }
        return ExportedVersion(
            version: content.version,
            ordinal: ordinal,
            document: content.document,
            original: content.original,
            response: content.response,
            renderings: renderings
        )
    }

    /// Reads the selected versions one at a time (each bundle from the store, then verified and rendered on
    /// ``blocking``) and hands each to `write` on ``blocking``, in order, so that one version at a time is in memory.
    func forEachExported(
        _ chosen: [(version: Version, ordinal: Int)],
        renderings: [any DocumentExporter],
        _ write: @escaping @Sendable (_ number: Int, ExportedVersion) throws -> Void
    ) async throws {
        for (number, item) in chosen.enumerated() {
            let stored = try await storedFiles(of: item.version)
            try await runBlocking {
                let exported = try Self.exportedVersion(
                    item.version,
                    ordinal: item.ordinal,
                    stored: stored,
                    renderings: renderings
                )
                try write(number, exported)
            }
        }
    }
}
