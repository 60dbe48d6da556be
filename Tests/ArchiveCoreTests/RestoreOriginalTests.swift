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
}
