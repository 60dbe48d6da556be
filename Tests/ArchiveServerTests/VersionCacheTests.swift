import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveServer

/// The version cache keeps the versions read most recently: a version readers keep asking for stays while others
/// come and go, however long ago it was first read.
@Suite struct VersionCacheTests {
    @Test func theVersionReadLeastRecentlyGoesFirst() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            var versions: [Version] = []
            for number in 0..<6 {
                let text = "Release \(number)\n\n" + String(repeating: "A paragraph of the release. ", count: 360)
                let results = try await archive.ingest(
                    IngestRequest(data: Data(text.utf8), name: "r\(number).txt", documentID: "press/\(number)"),
                    registry: .builtIn
                )
                guard case .newVersion(let version) = try #require(results.first).outcome else {
                    Issue.record("press/\(number) was not stored as a new version")
                    return
                }
                versions.append(version)
            }
            // Each version counts about 21 KB: four fit the budget, five do not.
            let cache = VersionCache(budget: 96_000)
            var bundleReads = 0
            func read(_ version: Version) async throws {
                _ = try await cache.entry(of: version) {
                    bundleReads += 1
                    return try await archive.content(of: $0)
                }
            }
            for version in versions.prefix(4) { try await read(version) }
            // The first version is read again, then a fifth comes: the second, read least recently, goes.
            try await read(versions[0])
            try await read(versions[4])
            #expect(bundleReads == 5)
            #expect(cache.holds(versions[0]) && !cache.holds(versions[1]))
            #expect(cache.holds(versions[2]) && cache.holds(versions[3]) && cache.holds(versions[4]))
            // Read from the cache, the first needs no bundle; the second does.
            try await read(versions[0])
            try await read(versions[1])
            #expect(bundleReads == 6)
            // Many reads of one version (the record of reads is compacted on the way): it stays when another comes.
            // The cache holds the first, second, fourth and fifth now; the fourth was read least recently.
            for _ in 0..<3_000 { try await read(versions[4]) }
            try await read(versions[5])
            #expect(bundleReads == 7)
            #expect(cache.holds(versions[4]) && cache.holds(versions[5]) && !cache.holds(versions[3]))
            // Many versions come and go (the reads passed over are dropped on the way): the four read last stay.
            for _ in 0..<400 {
                for version in versions { try await read(version) }
            }
            #expect(versions.filter(cache.holds) == Array(versions.suffix(4)))
        }
    }
}
