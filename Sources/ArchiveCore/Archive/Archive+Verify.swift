import Foundation

extension Archive {
    /// Re-hashes the bundles of the given documents (all when empty) against their manifests, the catalog and the
    /// SHA-256 each bundle file had when it was written, and the re-extracted documents the catalog uses against the
    /// digests in their names.
    ///
    /// A version stored before bundle digests were kept gets the digest of its file recorded when its bundle
    /// verifies clean (reported as ``VerificationReport/recordedDigests``).
    ///
    /// When every document is checked, bundles that the catalog does not know are reported too.
    /// A verify event is recorded with the outcome.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` for an unknown id; problems in bundles are
    ///   returned in the report, not thrown.
    public func verify(documentIDs: [String] = []) async throws -> VerificationReport {
        let versions = try await versions(ofDocuments: documentIDs)
        // Dictionaries and bases are read again from their files, each checked once in this verify.
        dictionaries.forgetAll()
        var problems: [VerificationReport.Problem] = []
        var firstDigests: [String: String] = [:]
        for version in versions {
            var found: [String]
            switch await readBundle(version.bundlePath) {
            case .success(let read):
                found = Self.mismatches(between: read.bag, and: version)
                if let changed = Self.fixityProblem(of: version, sha256: read.sha256) {
                    found.append("Bundle \(version.bundlePath): \(changed).")
                } else if version.bundleSHA256 == nil, found.isEmpty {
                    // A version stored before fixity was recorded: its first clean verify records it.
                    firstDigests[version.id] = read.sha256
                }
            case .failure(let error): found = [error.message]
            }
            if let key = version.extraction {
                if let data = try? await store.data(at: key) {
                    do {
                        _ = try ReextractedDocument.decode(data, key: key, versionID: version.id)
                    } catch let error as ArchiveError {
                        found.append(error.message)
                    }
                } else {
                    found.append(
                        "The re-extracted document \(key) is missing; run `mura reextract \(version.documentID)` to "
                            + "make it again."
                    )
                }
            }
            problems += found.map {
                .init(
                    documentID: version.documentID,
                    versionID: version.id,
                    bundlePath: version.bundlePath,
                    message: $0
                )
            }
        }
        if documentIDs.isEmpty {
            for key in try await unindexedBundles() {
                // A rebuild indexes a bundle it can read, and refuses to run past one it cannot: the advice differs.
                let message =
                    switch await readBundle(key) {
                    case .success: "Bundle \(key) is not in the catalog; run `mura catalog rebuild` to index it."
                    case .failure:
                        "Bundle \(key) is not in the catalog, and is damaged or no bundle at all: move it out of "
                            + "bundles/, or put an undamaged copy back, before a catalog rebuild (which stops at it)."
                    }
                problems.append(.init(documentID: nil, versionID: nil, bundlePath: key, message: message))
            }
        }
        var report = VerificationReport(
            checkedVersions: versions.count,
            problems: problems,
            recordedDigests: firstDigests.count
        )
        // The check is done whatever happens next: an archive that cannot be written (a backup copy on read-only
        // media) still gets its results, with what could not be recorded said beside them.
        do {
            try await catalog.recordBundleDigests(firstDigests)
            try await recordDurably(
                ProvenanceEvent(
                    kind: .verify,
                    outcome: problems.isEmpty ? .success : .failure,
                    documentID: documentIDs.count == 1 ? documentIDs[0] : nil,
                    detail: "\(versions.count) versions checked, \(problems.count) problems"
                        + (documentIDs.isEmpty ? "" : " in " + documentIDs.joined(separator: ", "))
                )
            )
        } catch let error as ArchiveError {
            report.recordedDigests = 0
            report.notRecorded =
                "the verify was not recorded in the archive (\(error.message)); its results above stand"
        }
        return report
    }
}

extension Archive {
    /// The bundles the catalog does not know. A writer places a bundle and catalogs it while it holds the write lock,
    /// so they are listed under that lock: a bundle an ingest has placed but not yet catalogued is no fault. An
    /// archive whose lock cannot be taken (on read-only media, where nothing writes) is listed without it.
    fileprivate func unindexedBundles() async throws -> [String] {
        let list = {
            let known = Set(try await self.catalog.allVersions().map(\.bundlePath))
            return try await self.store.allKeys().filter { !known.contains($0) }
        }
        do {
            return try await writeLock.withLock(list)
        } catch let error as ArchiveError where error.code == .writeFailed {
            return try await list()
        }
    }
}

/// The result of ``Archive/verify(documentIDs:)``.
public struct VerificationReport: Codable, Sendable {
    /// One damaged, missing or unindexed bundle.
    public struct Problem: Codable, Hashable, Sendable {
        public var documentID: String?
        public var versionID: String?
        public var bundlePath: String
        public var message: String
    }

    public var checkedVersions: Int
    public var problems: [Problem]
    /// How many versions stored before fixity values were kept got theirs recorded by this verify.
    public var recordedDigests: Int
    /// Why the verify's event (and the digests above) could not be recorded, when it could not: an archive on
    /// read-only media is checked all the same.
    public var notRecorded: String?

    public var isClean: Bool { problems.isEmpty }
}
