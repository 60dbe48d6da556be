import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Damage injected into real bundles and a real catalog: every damaged file is named by `verify`, reads refuse
/// damaged data, and a lost catalog is rebuilt with the same documents, versions and captures.
@Suite struct CorruptionTests {
    /// 12 documents with 3 versions each and an unchanged capture of each.
    static func populated(in folder: URL) async throws -> Archive {
        let archive = try await Archive.makeForTesting(in: folder)
        for month in 1...3 {
            for number in 0..<12 {
                let text = "Release \(number)\n\nVersion \(month) of release \(number), with enough words to compress."
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "r\(number)",
                        format: DocumentFormat("text"),
                        documentID: "press/\(number)",
                        capturedAt: try ArchiveDate.parse("2024-0\(month)-01", field: "date")
                    ),
                    registry: .builtIn
                )
            }
        }
        for number in 0..<12 {
            _ = try await archive.ingest(
                IngestRequest(
                    data: Data(
                        "Release \(number)\n\nVersion 3 of release \(number), with enough words to compress.".utf8
                    ),
                    name: "r\(number)",
                    format: DocumentFormat("text"),
                    documentID: "press/\(number)",
                    capturedAt: try ArchiveDate.parse("2024-04-01", field: "date")
                ),
                registry: .builtIn
            )
        }
        return archive
    }

    enum Damage: CaseIterable { case flippedByte, truncated, deleted, emptied }

    static func inject(_ damage: Damage, into file: URL, random: inout some RandomNumberGenerator) throws {
        switch damage {
        case .flippedByte:
            var bytes = try Data(contentsOf: file)
            let index = Int.random(in: 0..<bytes.count, using: &random)
            bytes[index] ^= UInt8.random(in: 1...255, using: &random)
            try bytes.write(to: file)
        case .truncated:
            let bytes = try Data(contentsOf: file)
            try bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)).write(to: file)
        case .deleted:
            try FileManager.default.removeItem(at: file)
        case .emptied:
            try Data().write(to: file)
        }
    }

    @Test(arguments: Damage.allCases)
    func everyDamagedBundleIsNamedAndRefused(damage: Damage) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.populated(in: folder)
            var random = SystemRandomNumberGenerator()
            let versions = try await archive.catalog.allVersions()
            let damaged = Array(versions.shuffled(using: &random).prefix(6))
            // A version stored against a damaged one (its base) is unreadable too, and named.
            var bases: [String: String] = [:]
            for version in versions {
                let bundle = try Data(contentsOf: archive.root.appending(path: version.bundlePath))
                bases[version.id] = try BundleHeader.read(from: bundle, key: version.bundlePath)?.header.base?.versionID
            }
            let damagedIDs = Set(damaged.map(\.id))
            let unreadable = versions.filter {
                damagedIDs.contains($0.id) || bases[$0.id].map(damagedIDs.contains) == true
            }
            var originals: [String: Data] = [:]
            for version in versions { originals[version.id] = try await archive.content(of: version).original }
            for version in damaged {
                try Self.inject(damage, into: archive.root.appending(path: version.bundlePath), random: &random)
            }
            let report = try await archive.verify()
            let named = Set(report.problems.map(\.bundlePath))
            #expect(
                named == Set(unreadable.map(\.bundlePath)),
                "detected \(named.count) of \(unreadable.count) (\(damage))"
            )
            #expect(report.checkedVersions == versions.count)
            for version in unreadable {
                let error = try await #require(throws: ArchiveError.self) { try await archive.content(of: version) }
                #expect(error.code == .corruptBundle && error.message.contains(version.bundlePath))
                // A restore reads the original alone: it gets the true bytes when they can still be read and proved
                // by their digest, and otherwise the same error; never other bytes.
                do {
                    #expect(try await archive.original(of: version) == originals[version.id])
                } catch let error as ArchiveError {
                    #expect(error.code == .corruptBundle && error.message.contains(version.bundlePath))
                }
            }
            // What is not damaged still reads.
            for version in versions where !unreadable.contains(version) {
                await #expect(throws: Never.self) { try await archive.content(of: version) }
                #expect(try await archive.original(of: version) == originals[version.id])
            }
        }
    }

    @Test func aLostCatalogIsRebuiltWithTheSameHistory() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.populated(in: folder)
            let before = try await archive.catalog.documents()
            let versions = try await archive.catalog.allVersions().sorted { $0.id < $1.id }
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let reopened = try await archive.reopened(rebuildingCatalog: true)
            let report = try await reopened.rebuildCatalog()
            #expect(report.documents == 12 && report.versions == 36 && report.observations == 12)
            let after = try await reopened.catalog.documents()
            #expect(after.map(\.id) == before.map(\.id))
            #expect(after.map(\.versionCount) == before.map(\.versionCount))
            #expect(after.map(\.observationCount) == before.map(\.observationCount))
            #expect(try await reopened.catalog.allVersions().sorted { $0.id < $1.id } == versions)
            #expect(try await reopened.verify().isClean)
        }
    }
}
