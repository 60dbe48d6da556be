import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// A restore reads the original alone and proves it by the SHA-256 the catalog recorded at ingest.
@Suite struct RestoreOriginalTests {
    /// A bundle that reads cleanly but holds another original than the catalog recorded (another version's bundle
    /// copied over it) is refused, naming the bundle, rather than restored.
    @Test func aBundleHoldingAnotherOriginalIsRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await CorruptionTests.populated(in: folder)
            for (number, other) in [(1, 2), (4, 7)] {
                let victim = try await archive.latestVersion(of: "press/\(number)")
                let source = try await archive.latestVersion(of: "press/\(other)")
                let target = archive.root.appending(path: victim.bundlePath)
                try FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: archive.root.appending(path: source.bundlePath), to: target)
                let error = try await #require(throws: ArchiveError.self) { try await archive.original(of: victim) }
                #expect(error.code == .corruptBundle && error.message.contains(victim.bundlePath), "\(error.message)")
                let day = try ArchiveDate.parse("2024-05-01", field: "date")
                await #expect(throws: ArchiveError.self) {
                    try await archive.restoreOriginal("press/\(number)", at: day)
                }
                #expect(try await archive.restoreOriginal("press/\(other)", at: day).original.count == source.size)
            }
        }
    }

    /// Damage that leaves the original provable (here the tar's digest in a bundle's header) is named by a full read
    /// and by `verify`, while a restore still gives the original, proved by the catalog's SHA-256.
    @Test func damageBesideTheOriginalLeavesItRestorable() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await CorruptionTests.populated(in: folder)
            // The latest version of each document: no other version is stored against it.
            var latest: [Version] = []
            for number in 0..<12 { latest.append(try await archive.latestVersion(of: "press/\(number)")) }
            var damaged: Set<String> = []
            for version in latest {
                let file = archive.root.appending(path: version.bundlePath)
                var bytes = try Data(contentsOf: file)
                guard let field = bytes.range(of: Data("Tar-SHA256: ".utf8)) else { continue }
                let original = try await archive.content(of: version).original
                bytes[field.upperBound] =
                    bytes[field.upperBound] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                try bytes.write(to: file)
                damaged.insert(version.id)
                let error = try await #require(throws: ArchiveError.self) { try await archive.content(of: version) }
                #expect(error.code == .corruptBundle && error.message.contains(version.bundlePath))
                #expect(try await archive.original(of: version) == original)
            }
            #expect(!damaged.isEmpty, "no bundle in the shared form")
            let report = try await archive.verify()
            #expect(Set(report.problems.compactMap(\.versionID)) == damaged)
        }
    }
}
