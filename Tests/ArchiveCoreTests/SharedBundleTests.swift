import ArchiveBuiltins
import ArchiveTesting
import Foundation
import Testing

@testable import ArchiveCore

/// Bundles in the shared form, on real files: later versions are stored against their document's keyframe, keyframes
/// with a dictionary that `repack` trained; each opens with `zstd` and `tar` given what its header names, rebuilds
/// its catalog rows, and a missing or damaged dictionary or base is named for every version it makes unreadable.
@Suite struct SharedBundleTests {
    static let site = "https://press.example.org"

    /// A press release of about 40 KB of made-up words: the site's page chrome (the same on every page) around a
    /// body of its own, in which `edition` rewrites one paragraph.
    static func release(_ number: Int, edition: Int) -> Data {
        var site = Words(seed: 1)
        let chrome = (0..<150).map { _ in site.line(8) }
        var own = Words(seed: UInt64(number) + 100)
        var body = (0..<60).map { _ in own.line(20) }
        var change = Words(seed: UInt64(number * 10 + edition) + 10_000)
        body[edition * 7 % body.count] = change.line(20)
        let lines = ["Release \(number)", ""] + chrome.prefix(75) + body + chrome.suffix(75)
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// Made-up words from a seeded generator, the same for the same seed.
    struct Words {
        var random: SplitMix64
        static let syllables = [
            "ka", "zak", "min", "is", "try", "press", "re", "lease", "com", "mit", "tee", "ser",
            "vi", "ce", "nur", "sul", "tan", "al", "ma", "ty", "qa", "la", "bo", "den", "ost", "ru", "na",
        ]

        init(seed: UInt64) { random = SplitMix64(seed: seed) }

        mutating func next() -> UInt64 { random.next() }

        mutating func word() -> String {
            (0..<(2 + Int(next() % 2))).map { _ in Self.syllables[Int(next() % UInt64(Self.syllables.count))] }
                .joined()
        }

        mutating func line(_ count: Int) -> String {
            (0..<count).map { _ in word() }.joined(separator: " ") + "."
        }
    }

    /// Bundles as they were written before the shared form: each one opens alone, and `mura repack` rewrites them.
    static let selfContained = BundleCompression(algorithm: .zstd, selfContained: true)

    static func ingest(_ archive: Archive, documents: Range<Int>, editions: ClosedRange<Int>) async throws {
        for edition in editions {
            for number in documents {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: release(number, edition: edition),
                        name: "r\(number).txt",
                        format: DocumentFormat("text"),
                        documentID: "press/\(number)",
                        sourceURL: "\(site)/releases/\(number)",
                        capturedAt: try ArchiveDate.parse("2024-0\(edition)-01", field: "date")
                    ),
                    registry: .builtIn
                )
            }
        }
    }

    static func header(of version: Version, in archive: Archive) throws -> BundleHeader? {
        let bundle = try Data(contentsOf: archive.root.appending(path: version.bundlePath))
        return try BundleHeader.read(from: bundle, key: version.bundlePath)?.header
    }

    static func bytes(under folder: URL) throws -> Int {
        let keys: Set<URLResourceKey> = [.fileSizeKey, .isRegularFileKey]
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: Array(keys))
        var total = 0
        while let file = files?.nextObject() as? URL {
            let values = try file.resourceValues(forKeys: keys)
            if values.isRegularFile == true { total += values.fileSize ?? 0 }
        }
        return total
    }

    /// Every version reads back bit-exact through the archive.
    static func expectEveryVersionRestores(
        _ archive: Archive,
        documents: Range<Int>,
        editions: ClosedRange<Int>
    )
        async throws
    {
        for number in documents {
            let versions = try await archive.catalog.versions(of: "press/\(number)")
            #expect(versions.count == editions.count)
            for (version, edition) in zip(versions, editions) {
                #expect(try await archive.content(of: version).original == release(number, edition: edition))
                #expect(try await archive.original(of: version) == release(number, edition: edition))
            }
        }
    }

    @Test(.requires(tools: "zstd", "tar"))
    func laterVersionsAreStoredAgainstTheFirstAndOpenWithZstdAndTar() async throws {
        let zstd = try TestRequirement.tool("zstd")
        let tar = try TestRequirement.tool("tar")
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(archive, documents: 0..<2, editions: 1...3)
            let versions = try await archive.catalog.versions(of: "press/1")
            let headers = try versions.map { try #require(try Self.header(of: $0, in: archive)) }
            #expect(headers[0].base == nil && headers[0].dictionary == nil)
            #expect(headers[1].base?.versionID == versions[0].id && headers[2].base?.versionID == versions[0].id)
            let sizes = try versions.map { try Data(contentsOf: archive.root.appending(path: $0.bundlePath)).count }
            #expect(sizes[1] * 3 < sizes[0] && sizes[2] * 3 < sizes[0], "bundles of \(sizes) bytes")
            try await Self.expectEveryVersionRestores(archive, documents: 0..<2, editions: 1...3)

            // With the base's tar, zstd --patch-from and tar open a later version as any bundle.
            let base = folder.appending(path: "base.tar")
            let later = folder.appending(path: "later.tar")
            let run = { (tool: URL, arguments: [String]) in
                let result = try ProcessRunner.run(tool, arguments)
                #expect(result.status == 0, "\(tool.lastPathComponent) \(arguments): \(result.stderrText)")
            }
            try run(zstd, ["-d", "-q", archive.root.appending(path: versions[0].bundlePath).path, "-o", base.path])
            try run(
                zstd,
                [
                    "-d", "-q", "--patch-from=\(base.path)", archive.root.appending(path: versions[2].bundlePath).path,
                    "-o", later.path,
                ]
            )
            let extracted = folder.appending(path: "extracted")
            try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
            try run(tar, ["-xf", later.path, "-C", extracted.path])
            #expect(try Data(contentsOf: extracted.appending(path: "data/original.txt")) == Self.release(1, edition: 3))
            let info = try String(contentsOf: extracted.appending(path: "bag-info.txt"), encoding: .utf8)
            #expect(info.contains("Mura-Bundle-Storage: shared"))
            if let bagit = ProcessRunner.find("bagit.py") { try run(bagit, ["--validate", extracted.path]) }
        }
    }

    @Test func repackTrainsADictionaryAndMakesASelfContainedArchiveSmaller() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder, compression: Self.selfContained)
            try await Self.ingest(archive, documents: 0..<24, editions: 1...2)
            #expect(try await archive.catalog.allVersions().allSatisfy { !BundleLayout.isShared($0.bundlePath) })
            let before = try Self.bytes(under: archive.root.appending(path: "bundles"))

            let shared = try await archive.changingSettings { $0.compression.selfContained = nil }
            let report = try await shared.repack(options: RepackOptions(siteDocuments: 10))
            #expect(report.problems.isEmpty && report.rewritten == 48)
            #expect(report.dictionaries.map(\.scope) == ["site:press.example.org"])
            let after =
                try Self.bytes(under: archive.root.appending(path: "bundles"))
                + Self.bytes(under: archive.root.appending(path: "dictionaries"))
            #expect(after * 2 < before, "\(before) bytes before, \(after) after")
            #expect(try await shared.verify().isClean)
            try await Self.expectEveryVersionRestores(shared, documents: 0..<24, editions: 1...2)
            for version in try await shared.catalog.allVersions() {
                let header = try #require(try Self.header(of: version, in: shared))
                #expect((header.dictionary == nil) != (header.base == nil))
            }
            // A second repack has nothing left to do.
            #expect(try await shared.repack(options: RepackOptions(siteDocuments: 10)).rewritten == 0)

            // The catalog rebuilt from the bundles and the dictionary alone is the same.
            let versions = try await shared.catalog.allVersions().sorted { $0.id < $1.id }
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: shared.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let reopened = try await shared.reopened(rebuildingCatalog: true)
            #expect(try await reopened.rebuildCatalog().versions == 48)
            #expect(try await reopened.catalog.allVersions().sorted { $0.id < $1.id } == versions)
            #expect(try await reopened.verify().isClean)
        }
    }

    enum Loss: CaseIterable { case missing, damaged }

    @Test(arguments: Loss.allCases)
    func verifyNamesEveryVersionALostDictionaryMakesUnreadable(_ loss: Loss) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(archive, documents: 0..<12, editions: 1...1)
            let info = try #require(
                try await archive.repack(options: RepackOptions(siteDocuments: 10)).dictionaries.first
            )
            // Versions stored after the dictionary: keyframes with it, and versions stored against them.
            try await Self.ingest(archive, documents: 12..<14, editions: 1...2)
            let versions = try await archive.catalog.allVersions()
            let needing = try versions.filter { version in
                let header = try #require(try Self.header(of: version, in: archive))
                let base = try header.base.map { base in
                    try Self.header(of: try #require(versions.first { $0.id == base.versionID }), in: archive)
                }
                return header.dictionary == info.key || base??.dictionary == info.key
            }
            #expect(needing.count == 16)

            let file = archive.root.appending(path: info.key)
            switch loss {
            case .missing: try FileManager.default.removeItem(at: file)
            case .damaged:
                var bytes = try Data(contentsOf: file)
                bytes[bytes.count / 2] ^= 0xFF
                try bytes.write(to: file)
            }
            let reopened = try await archive.reopened()
            let report = try await reopened.verify()
            #expect(Set(report.problems.compactMap(\.versionID)) == Set(needing.map(\.id)))
            for problem in report.problems {
                #expect(problem.message.contains(info.key), "\(problem.message)")
                #expect(problem.message.contains(loss == .missing ? "missing" : "damaged"), "\(problem.message)")
            }
            let error = try await #require(throws: ArchiveError.self) {
                try await reopened.restore("press/13", at: try ArchiveDate.parse("2024-03-01", field: "date"))
            }
            #expect(error.code == .corruptBundle && error.message.contains(info.key))
            // Reading the original alone skips the dictionary's check, and still names it when it fails.
            let quick = try await #require(throws: ArchiveError.self) {
                try await reopened.restoreOriginal("press/13", at: try ArchiveDate.parse("2024-03-01", field: "date"))
            }
            #expect(quick.code == .corruptBundle && quick.message.contains(info.key), "\(quick.message)")
        }
    }

    @Test func aRestoreWritesNothingUnlessTheArchiveAsks() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(archive, documents: 0..<1, editions: 1...2)
            let day = try ArchiveDate.parse("2024-02-15", field: "date")
            let events = try await archive.catalog.events(documentID: nil).count
            let catalog = archive.root.appending(path: "catalog.sqlite")
            let modified = try catalog.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
            let wal = try? Data(contentsOf: archive.root.appending(path: "catalog.sqlite-wal"))
            #expect(try await archive.restore("press/0", at: day).original == Self.release(0, edition: 2))
            #expect(try await archive.catalog.events(documentID: nil).count == events)
            #expect(
                try catalog.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate == modified
            )
            #expect((try? Data(contentsOf: archive.root.appending(path: "catalog.sqlite-wal"))) == wal)

            let recording = try await archive.changingSettings { $0.recordsReads = true }
            _ = try await recording.restore("press/0", at: day)
            let last = try #require(try await recording.catalog.events(documentID: "press/0").last)
            #expect(last.kind == .restore)
        }
    }

    /// Readers that found a version's old bundle key before a repack switched it read the new bundle.
    @Test func readsDuringARepackAllSucceed() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder, compression: Self.selfContained)
            try await Self.ingest(archive, documents: 0..<16, editions: 1...2)
            let stale = try await archive.catalog.allVersions()
            let shared = try await archive.changingSettings { $0.compression.selfContained = nil }
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await shared.repack(options: RepackOptions(siteDocuments: 10)).rewritten }
                group.addTask {
                    var reads = 0
                    for _ in 0..<4 {
                        for version in stale {
                            _ = try await shared.content(of: version)
                            reads += 1
                        }
                    }
                    return reads
                }
                for try await _ in group {}
            }
            #expect(try await shared.catalog.allVersions().allSatisfy { BundleLayout.isShared($0.bundlePath) })
            for version in stale { _ = try await shared.content(of: version) }
        }
    }

    enum Stop: CaseIterable { case beforeTheCatalogNamesTheNewFile, beforeTheOldFileIsRemoved }

    /// A repack killed between its steps: the next open finishes or undoes the rewrite, so verify is clean and no
    /// second file of a version is left; the next repack finishes the job.
    @Test(arguments: Stop.allCases)
    func aRepackStoppedBetweenItsStepsIsCompletedByTheNextOpen(_ stop: Stop) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder, compression: Self.selfContained)
            try await Self.ingest(archive, documents: 0..<2, editions: 1...1)
            let shared = try await archive.changingSettings { $0.compression.selfContained = nil }
            let version = try #require(try await shared.catalog.versions(of: "press/1").first)
            // What repack writes for it, committed as repack commits it, by a writer that then stops.
            let bundle = try Data(contentsOf: shared.root.appending(path: version.bundlePath))
            let tar = try await shared.repackTar(of: version, bundle: bundle)
            let encoded = try await shared.sharedBundle(tar: tar, for: version, level: 3, keyframe: nil)
            let staged = try await shared.store.stage(encoded.data, for: encoded.key)
            try await shared.store.commit(staged: staged, as: encoded.key)
            if stop == .beforeTheOldFileIsRemoved {
                let switched = try await shared.catalog.replaceBundle(
                    ofVersion: version.id,
                    previousKey: version.bundlePath,
                    key: encoded.key,
                    sha256: Digest.sha256(encoded.data)
                )
                #expect(switched)
            }
            #expect(try await shared.store.keys(withPrefix: BundleLayout.prefix(forVersion: version.id)).count == 2)

            let reopened = try await shared.reopened()
            let keys = try await reopened.store.keys(withPrefix: BundleLayout.prefix(forVersion: version.id))
            let row = try #require(try await reopened.catalog.version(id: version.id))
            #expect(keys == [row.bundlePath])
            #expect(row.bundlePath == (stop == .beforeTheOldFileIsRemoved ? encoded.key : version.bundlePath))
            #expect(try await reopened.verify().isClean)
            #expect(try await reopened.content(of: row).original == Self.release(1, edition: 1))
            let report = try await reopened.repack(options: RepackOptions(siteDocuments: 100))
            #expect(report.problems.isEmpty)
            #expect(try await reopened.verify().isClean)
        }
    }

    /// A damaged keyframe makes the versions stored against it unreadable, but never stops a new version of its
    /// document from being stored: that version becomes a keyframe of its own.
    @Test func aDamagedKeyframeDoesNotStopAnIngest() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(archive, documents: 0..<1, editions: 1...2)
            let versions = try await archive.catalog.versions(of: "press/0")
            try Data("damaged".utf8).write(to: archive.root.appending(path: versions[0].bundlePath))
            try await Self.ingest(archive, documents: 0..<1, editions: 3...3)
            let latest = try await archive.latestVersion(of: "press/0")
            #expect(try Self.header(of: latest, in: archive)?.base == nil)
            #expect(try await archive.content(of: latest).original == Self.release(0, edition: 3))
            let problems = try await archive.verify().problems.compactMap(\.versionID)
            #expect(Set(problems) == Set(versions.map(\.id)))
        }
    }

    /// A base read (and kept) before it was damaged is read again by verify, which names every version it breaks.
    @Test func verifyReadsABaseAgainEvenAfterAReadKeptIt() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await Self.ingest(archive, documents: 0..<1, editions: 1...3)
            let versions = try await archive.catalog.versions(of: "press/0")
            #expect(try await archive.content(of: versions[2]).original == Self.release(0, edition: 3))
            var bytes = try Data(contentsOf: archive.root.appending(path: versions[0].bundlePath))
            bytes[bytes.count - 8] ^= 0x01
            try bytes.write(to: archive.root.appending(path: versions[0].bundlePath))
            let report = try await archive.verify()
            #expect(Set(report.problems.compactMap(\.versionID)) == Set(versions.map(\.id)))
        }
    }

    /// A self-contained bundle whose file changed since it was written (its bag still valid) is reported by repack
    /// and left as it is, not rewritten as if it were sound.
    @Test func repackLeavesABundleWhoseFileChanged() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder, compression: Self.selfContained)
            try await Self.ingest(archive, documents: 0..<1, editions: 1...2)
            let version = try #require(try await archive.catalog.versions(of: "press/0").first)
            let file = archive.root.appending(path: version.bundlePath)
            let files = try LibArchiveReader.files(at: file, tarOnly: true)
            try FileManager.default.removeItem(at: file)
            try LibArchiveWriter.write(
                files,
                to: file,
                format: .bundle(.default),
                modified: Date(timeIntervalSince1970: 0)
            )
            let shared = try await archive.changingSettings { $0.compression.selfContained = nil }
            let report = try await shared.repack(options: RepackOptions(siteDocuments: 100))
            #expect(report.problems.count == 1 && report.problems[0].contains("has changed since it was written"))
            #expect(try await shared.catalog.version(id: version.id)?.bundlePath == version.bundlePath)
        }
    }
}
