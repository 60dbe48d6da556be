import Foundation
import Logging

extension Archive {
    /// Rebuilds the catalog's documents, versions and observations from the bundles and the observation journal
    /// alone, in one transaction. Provenance events are kept, and a rebuild event is added.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` listing every bundle that cannot be read;
    ///   the catalog is then left as it was.
    public func rebuildCatalog() throws -> RebuildReport {
        var versions: [Version] = []
        var failures: [String] = []
        for key in try store.allKeys() {
            do {
                let bag = try readBag(key).get()
                versions.append(try BundleLayout.version(from: bag, key: key).0)
            } catch let error as ArchiveError {
                failures.append(error.message)
            }
        }
        guard failures.isEmpty else {
            throw ArchiveError(
                .corruptBundle,
                "The catalog was not rebuilt: \(failures.count) bundles are unreadable: "
                    + failures.joined(separator: "; ") + ". Move them aside or restore them from a backup."
            )
        }
        let versionIDs = Set(versions.map(\.id))
        let observations = try journal.allObservations().filter { versionIDs.contains($0.versionID) }
        let documents = Set(versions.map(\.documentID)).count
        try catalog.replaceAll(
            versions: versions,
            observations: observations,
            event: ProvenanceEvent(
                kind: .rebuild,
                outcome: .success,
                detail: "\(documents) documents, \(versions.count) versions, \(observations.count) observations"
            )
        )
        logger.info("catalog rebuilt", metadata: ["versions": "\(versions.count)"])
        return RebuildReport(documents: documents, versions: versions.count, observations: observations.count)
    }
}

/// The result of ``Archive/rebuildCatalog()``.
public struct RebuildReport: Codable, Hashable, Sendable {
    public var documents: Int
    public var versions: Int
    public var observations: Int

    public init(documents: Int, versions: Int, observations: Int) {
        self.documents = documents
        self.versions = versions
        self.observations = observations
    }
}
