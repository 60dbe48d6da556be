public import Foundation

extension Archive {
    /// The original bytes of the version in force at `date`, checked against the SHA-256 the catalog recorded when
    /// they were ingested: what `mura restore` writes. A restore event is recorded when the archive's settings ask
    /// for it (``ArchiveSettings/recordsReads``).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``,
    ///   ``ArchiveError/Code-swift.struct/beforeFirstCapture``, or ``ArchiveError/Code-swift.struct/corruptBundle``
    ///   naming the damaged file.
    public func restoreOriginal(_ documentID: String, at date: Date) async throws -> (version: Version, original: Data)
    {
        let version = try await version(of: documentID, at: date)
        let original = try await original(of: version)
        try await recordRestore(of: version, at: date)
        return (version, original)
    }

    /// The original bytes of `version`, checked against the catalog's SHA-256 and size.
    ///
    /// Only the original is read from the bundle's tar, and only it is hashed: its own digest proves every step that
    /// made it, so the digests recorded along the way (the tar's, the base's, the dictionary's) are not computed.
    /// When any step fails, the whole bundle is read and checked as ``content(of:)`` does, so that the error names
    /// what is damaged.
    public func original(of version: Version) async throws -> Data {
        if let original = try? await checkedOriginal(of: version) { return original }
        return try await content(of: version).original
    }

    /// The original read alone from the version's bundle, or `nil` when it does not match the catalog.
    private func checkedOriginal(of version: Version) async throws -> Data? {
        let bundle = try await store.data(at: version.bundlePath)
        let tar = try await tar(ofBundle: bundle, key: version.bundlePath, checked: false)
        return try await runBlocking {
            guard
                let original = try LibArchiveReader.file(
                    version.originalPath,
                    size: version.size,
                    in: tar ?? bundle,
                    name: version.bundlePath
                ),
                Digest.sha256(original) == version.sha256
            else { return nil }
            return original
        }
    }

    /// Records that `version` was restored as of `date`, when the archive's settings ask for reads to be recorded.
    func recordRestore(of version: Version, at date: Date) async throws {
        guard settings.recordsReads == true else { return }
        try await catalog.record(
            ProvenanceEvent(
                kind: .restore,
                outcome: .success,
                documentID: version.documentID,
                versionID: version.id,
                detail: "restored as of \(ArchiveDate.format(date))"
            )
        )
    }
}
