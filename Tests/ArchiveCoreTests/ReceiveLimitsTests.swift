import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Hostile and huge bags are refused within ``ReceiveLimits``, quickly and in bounded memory, with an error that
/// names the file and the numbers, and the archive left exactly as it was (its temporary folder empty).
@Suite struct ReceiveLimitsTests {
    static let declaration = Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)

    /// The catalog's rows, the bundle files and what is left in the archive's temporary folder.
    func snapshot(_ archive: Archive) async throws -> [String] {
        let versions = try await archive.catalog.allVersions().map(\.id)
        let events = try await archive.catalog.events(documentID: nil).map {
            "\($0.kind.rawValue) \($0.outcome.rawValue)"
        }
        let files = try await archive.bundleFiles().map(\.lastPathComponent)
        let temporary = archive.root.appending(path: "tmp")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        return versions + events + files + left.map { "tmp/\($0)" }
    }

    /// Receives `bag` into `archive`, expecting a refusal that leaves the archive unchanged.
    func expectRefused(
        _ bag: URL,
        by archive: Archive,
        limits: ReceiveLimits = ReceiveLimits(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ArchiveError {
        let before = try await snapshot(archive)
        let error = try await #require(throws: ArchiveError.self, sourceLocation: sourceLocation) {
            try await archive.receive(bag, registry: .builtIn, limits: limits)
        }
        #expect(try await snapshot(archive) == before, "the archive changed", sourceLocation: sourceLocation)
        return error
    }

    /// A valid bag folder at `bag` holding `payload` (paths below `data/`) and a SHA-256 manifest of it, with
    /// `extraManifest` added to the manifest.
    func makeBagFolder(at bag: URL, payload: [String: Data], extraManifest: String = "") throws {
        try FileManager.default.createDirectory(at: bag.appending(path: "data"), withIntermediateDirectories: true)
        try Self.declaration.write(to: bag.appending(path: "bagit.txt"))
        for (path, data) in payload { try data.write(to: bag.appending(path: "data/\(path)")) }
        let manifest = payload.sorted { $0.key < $1.key }.map { "\(Digest.sha256($0.value))  data/\($0.key)\n" }
        try Data((manifest.joined() + extraManifest).utf8).write(to: bag.appending(path: "manifest-sha256.txt"))
    }

    /// A valid bag of `count` small text files, written by libarchive as `bag/...` entries.
    func writeBag(to url: URL, format: LibArchiveFormat, files count: Int) throws {
        let payload = (0..<count).map { ("data/note-\($0).txt", Data("Note \($0)\n\nText \($0).".utf8)) }
        let writer = try LibArchiveWriter(url: url, format: format)
        try writer.add("bag/bagit.txt", Self.declaration)
        let manifest = payload.map { "\(Digest.sha256($0.1))  \($0.0)\n" }.joined()
        try writer.add("bag/manifest-sha256.txt", Data(manifest.utf8))
        for (path, data) in payload { try writer.add("bag/\(path)", data) }
        try writer.close()
    }

    @Test(.requires(tools: "bsdtar"))
    func aSparse20GBFileIsRefusedByItsDeclaredSize() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = try sparseBag(in: folder, size: 20 << 30)
            let error = try await expectRefused(bag, by: archive)
            #expect(error.code == .invalidBag)
            // Refused by what its header declares, before a byte is unpacked (the unpacking's own count would say
            // "its entries unpack to more than"); a clock bound flaked on a machine busy with the parallel suite.
            #expect(error.message.contains("'bag/data/big.bin' declares 20 GiB"), "\(error.message)")
            #expect(error.message.contains("more than 16 GiB"), "\(error.message)")
            #expect((error.underlying as? ReceiveLimits.Exceeded)?.limit == .bytes)
        }
    }

    @Test(
        .requires(tools: "bsdtar"),
        .enabled(
            if: ReceiveLimitsTests.freeSpace() < 4 << 40,
            "needs less than 4 TiB free so that twice the free space is a file size ext4 allows"
        )
    )
    func aBagLargerThanTheFreeSpaceIsRefusedNamingTheNumbers() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // Within the byte limit, but twice what the volume holds.
            let size = ((Self.freeSpace() * 2) >> 30 + 1) << 30
            let bag = try sparseBag(in: folder, size: size)
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxBytes: size * 2))
            #expect(error.code == .writeFailed)
            #expect(error.message.contains("it unpacks to \(size >> 30) GiB"), "\(error.message)")
            #expect(error.message.contains("GiB free"), "\(error.message)")
        }
    }

    /// A tar holding a bag whose `data/big.bin` is a sparse file of `size` bytes: a few KB on disk. The sparse file
    /// itself is removed as soon as it is in the tar.
    func sparseBag(in folder: URL, size: Int) throws -> URL {
        let source = folder.appending(path: "sparse")
        try FileManager.default.createDirectory(
            at: source.appending(path: "bag/data"),
            withIntermediateDirectories: true
        )
        try Self.declaration.write(to: source.appending(path: "bag/bagit.txt"))
        let big = source.appending(path: "bag/data/big.bin")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        let tar = folder.appending(path: "sparse.tar")
        let result = try ProcessRunner.run(
            try TestRequirement.tool("bsdtar"),
            ["-cf", tar.path, "-C", source.path, "bag"]
        )
        try FileManager.default.removeItem(at: source)
        #expect(result.status == 0, "bsdtar: \(result.stderrText)")
        let tarSize = try #require(try FileManager.default.attributesOfItem(atPath: tar.path)[.size] as? Int)
        #expect(tarSize < 1 << 20, "bsdtar did not write the file as sparse")
        return tar
    }

    static func freeSpace() -> Int {
        let values = try? FileManager.default.temporaryDirectory.resourceValues(forKeys: [.volumeAvailableCapacityKey])
        return values?.volumeAvailableCapacity ?? .max
    }

    @Test func aBagOverALowEntryLimitIsRefusedAndOneAtItIsReceived() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "notes.tar.gz")
            // 2 tag files and 10 payload files; folders are not entries of their own in this tar.
            try writeBag(to: bag, format: .tar(.gzip), files: 10)
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxEntries: 11))
            #expect(error.code == .invalidBag)
            #expect(error.message.contains("more than 11 entries"), "\(error.message)")
            #expect((error.underlying as? ReceiveLimits.Exceeded)?.limit == .entries)

            let report = try await archive.receive(bag, registry: .builtIn, limits: ReceiveLimits(maxEntries: 12))
            #expect(report.newVersions == 10)
        }
    }

    @Test func aBagOf100000FilesIsRefusedByTheDefaultEntryLimit() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "many.tar.zst")
            try writeBag(to: bag, format: .tar(.zstd), files: 100_000)
            let started = ContinuousClock.now
            let error = try await expectRefused(bag, by: archive)
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(error.message.contains("more than 100000 entries"), "\(error.message)")
            #expect(error.message.contains("many.tar.zst"), "\(error.message)")
        }
    }

    @Test func aBagFolderOverTheEntryLimitIsRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "notes")
            let notes = (0..<10).map { ("note-\($0).txt", Data("Note \($0)\n\nText.".utf8)) }
            try makeBagFolder(at: bag, payload: Dictionary(uniqueKeysWithValues: notes))
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxEntries: 5))
            #expect(error.message.contains("the bag holds more than 5 entries"), "\(error.message)")
            #expect((error.underlying as? ReceiveLimits.Exceeded)?.limit == .entries)
        }
    }

    @Test func aZipBombOverTheByteLimitIsRefusedByItsSize() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "bomb.zip")
            try writeZipBomb(to: bag, declaring: nil)
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxBytes: 8 << 20))
            #expect(error.message.contains("'bag/data/bomb.txt' declares 32 MiB"), "\(error.message)")
            #expect(error.message.contains("more than 8 MiB"), "\(error.message)")
        }
    }

    @Test func aZipEntryThatInflatesPastItsHeaderIsRefusedByItsRealBytes() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "liar.zip")
            // Declares 1000 bytes, within every limit; inflates to 32 MiB.
            try writeZipBomb(to: bag, declaring: 1000)
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxBytes: 8 << 20))
            #expect(error.code == .invalidBag)
            #expect(
                error.message.contains("'bag/data/bomb.txt' unpacks to more than the 1000 bytes its header declares"),
                "\(error.message)"
            )
        }
    }

    /// A zip with a bag whose `data/bomb.txt` is 32 MiB of zeros (about 32 KB compressed); with `declaring`, its
    /// headers are rewritten to claim that many bytes instead.
    func writeZipBomb(to url: URL, declaring: UInt32?) throws {
        let zeros = Data(count: 32 << 20)
        let writer = try LibArchiveWriter(url: url, format: .zip)
        try writer.add("bag/bagit.txt", Self.declaration)
        try writer.add("bag/manifest-sha256.txt", Data("\(Digest.sha256(zeros))  data/bomb.txt\n".utf8))
        try writer.add("bag/data/bomb.txt", zeros)
        try writer.close()
        #expect(try Data(contentsOf: url).count < 1 << 20)
        guard let declaring else { return }
        var bytes = try Data(contentsOf: url)
        let name = Data("bag/data/bomb.txt".utf8)
        func put(_ offset: Int) {
            withUnsafeBytes(of: declaring.littleEndian) { bytes.replaceSubrange(offset..<offset + 4, with: $0) }
        }
        /// Where the headers with this signature that name the bomb start; the name follows at `nameAt`.
        func headers(_ signature: [UInt8], nameAt: Int) -> [Int] {
            var found: [Int] = []
            var from = bytes.startIndex
            while let range = bytes[from...].firstRange(of: signature) {
                from = range.upperBound
                if bytes[(range.lowerBound + nameAt)...].starts(with: name) { found.append(range.lowerBound) }
            }
            return found
        }
        // The uncompressed size in the local header, the data descriptor after it and the central directory.
        let local = try #require(headers([0x50, 0x4B, 0x03, 0x04], nameAt: 30).first)
        let central = try #require(headers([0x50, 0x4B, 0x01, 0x02], nameAt: 46).first)
        put(local + 22)
        put(central + 24)
        if let descriptor = bytes[local...].firstRange(of: [0x50, 0x4B, 0x07, 0x08] as [UInt8]) {
            put(descriptor.lowerBound + 12)
        }
        try bytes.write(to: url)
    }

    @Test(arguments: ["manifest-sha256.txt", "bag-info.txt", "fetch.txt", "mura-index.jsonl", "tagmanifest-md5.txt"])
    func aTagFileOverItsLimitIsRefusedNamingIt(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "bag")
            let note = Data("Note\n\nText.".utf8)
            // A long tag file of lines that are each well formed.
            let line =
                switch name {
                case "bag-info.txt": "External-Description: \(String(repeating: "x", count: 100))\n"
                case "fetch.txt": "https://example.org/x 10 data/fetched.txt\n"
                case "mura-index.jsonl": "{}\n"
                default: "\(Digest.sha256(note))  data/note.txt\n"
                }
            let big = String(repeating: line, count: (300 << 10) / line.utf8.count)
            try makeBagFolder(
                at: bag,
                payload: ["note.txt": note],
                extraManifest: name == "manifest-sha256.txt" ? big : ""
            )
            if name != "manifest-sha256.txt" { try Data(big.utf8).write(to: bag.appending(path: name)) }
            let error = try await expectRefused(bag, by: archive, limits: ReceiveLimits(maxTagFileBytes: 256 << 10))
            #expect(error.code == .invalidBag)
            #expect(error.message.contains("\(name) is 300 KiB"), "\(error.message)")
            #expect(error.message.contains("more than the 256 KiB a tag file may be."), "\(error.message)")
            #expect(error.message.hasSuffix("with a larger limit."), "\(error.message)")
            #expect((error.underlying as? ReceiveLimits.Exceeded)?.limit == .tagFileBytes)
        }
    }

    @Test func aPayloadFileOverTheDocumentLimitIsSkippedAndReported() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "bag")
            let large = Data(("Large\n\n" + String(repeating: "Text. ", count: 400_000)).utf8)
            try makeBagFolder(at: bag, payload: ["small.txt": Data("Small\n\nText.".utf8), "large.txt": large])
            let report = try await archive.receive(
                bag,
                registry: .builtIn,
                limits: ReceiveLimits(maxDocumentBytes: 1 << 20)
            )
            #expect(report.newVersions == 1)
            #expect(report.skipped.count == 1)
            #expect(
                report.skipped.first?.hasPrefix("data/large.txt: 2.3 MiB, more than the 1 MiB a received document")
                    == true,
                "\(report.skipped)"
            )
        }
    }

    /// An entry whose name came before, or that is both a file and a folder, would fail to unpack or overwrite the
    /// first: the bag is refused before anything is unpacked, naming the entry.
    @Test(arguments: [
        (["bag/data/a.txt", "bag/data/a.txt"], "'bag/data/a.txt' comes twice"),
        (["bag/data/caf\u{E9}.txt", "bag/data/cafe\u{301}.txt"], "comes twice"),
        (["bag/data/x", "bag/data/x/y.txt"], "'bag/data/x' is both a file and a folder"),
        (["bag/data/x/y.txt", "bag/data/x"], "'bag/data/x' is both a file and a folder"),
    ])
    func entriesWhoseNamesClashAreRefused(paths: [String], problem: String) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "clash.tar")
            let writer = try LibArchiveWriter(url: bag, format: .tar(nil))
            try writer.add("bag/bagit.txt", Self.declaration)
            for path in paths { try writer.add(path, Data("Note\n\nText.".utf8)) }
            try writer.close()
            let error = try await expectRefused(bag, by: archive)
            #expect(error.code == .invalidBag)
            #expect(error.message.contains(problem), "\(error.message)")
        }
    }

    @Test func sizesInMessagesAreReadable() {
        let cases: [(Int, String)] = [
            (1000, "1000 bytes"), (64 << 10, "64 KiB"), (2_411_724, "2.3 MiB"), (20 << 30, "20 GiB"),
            (16 << 30, "16 GiB"), ((1 << 40) * 3 / 2, "1.5 TiB"),
        ]
        for (bytes, text) in cases { #expect(ReceiveLimits.describe(bytes) == text) }
    }
}
