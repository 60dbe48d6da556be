import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// The one libarchive layer, on real files: what ``LibArchiveWriter`` writes ``LibArchiveReader`` reads back in
/// every container and compression, and a hostile or damaged file is refused with the same code whichever part of
/// Mura meets it (bundles, received bags, the reader itself), naming the file.
@Suite struct LibArchiveTests {
    static let containers = ["bag.tar", "bag.tar.zst", "bag.tar.gz", "bag.tar.xz", "bag.zip"]
    static let files = [
        BagFile(path: "bag/bagit.txt", data: Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
        BagFile(path: "bag/data/Дата.txt", data: Data("жаңалық".utf8)),
        BagFile(path: "bag/data/empty", data: Data()),
        BagFile(path: "bag/data/deep/large.bin", data: Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) })),
    ]

    /// The first bytes of each container: tar's magic sits at offset 257, the others open the file.
    static func hasMagic(_ data: Data, of name: String) -> Bool {
        switch name {
        case "bag.tar": data.dropFirst(257).starts(with: Array("ustar".utf8))
        case "bag.tar.zst": data.starts(with: [0x28, 0xB5, 0x2F, 0xFD])
        case "bag.tar.gz": data.starts(with: [0x1F, 0x8B])
        case "bag.tar.xz": data.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
        default: data.starts(with: [0x50, 0x4B, 0x03, 0x04])
        }
    }

    @Test func anArchiveWrittenIntoMemoryHasTheBytesOfTheFile() async throws {
        try await withTemporaryFolder { folder in
            let files = [
                BagFile(path: "bagit.txt", data: Data("BagIt-Version: 1.0\n".utf8)),
                BagFile(path: "data/page.html", data: Data(repeating: 0x61, count: 300_000)),
            ]
            let modified = Date(milliseconds: 1_700_000_000_000)
            for format in [LibArchiveFormat.bundle(.default), .tar(.gzip), .tar(nil), .tar(.xz), .zip] {
                let file = folder.appending(path: "archive")
                try LibArchiveWriter.write(files, to: file, format: format, modified: modified)
                let bytes = try LibArchiveWriter.data(files, name: "archive", format: format, modified: modified)
                #expect(bytes == (try Data(contentsOf: file)), "\(format)")
                #expect(try LibArchiveReader.files(in: bytes, name: "archive").map(\.path) == files.map(\.path))
            }
        }
    }

    /// A gzip header holds no time (its bytes 4 to 7 are zero): the same entries give the same bytes whenever they
    /// are written.
    @Test func aGzippedTarHoldsNoTimeOfWriting() throws {
        let bytes = try LibArchiveWriter.data(
            Self.files,
            name: "bag.tar.gz",
            format: .tar(.gzip),
            modified: Date(timeIntervalSince1970: 0)
        )
        #expect(Self.hasMagic(bytes, of: "bag.tar.gz"))
        #expect(Array(bytes.dropFirst(4).prefix(4)) == [0, 0, 0, 0])
    }

    @Test(arguments: containers)
    func whatIsWrittenReadsBack(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appending(path: name)
            let format = try #require(LibArchiveFormat(fileName: name))
            try LibArchiveWriter.write(Self.files, to: url, format: format, modified: Date(timeIntervalSince1970: 0))
            #expect(Self.hasMagic(try Data(contentsOf: url), of: name))
            #expect(try LibArchiveReader.files(at: url) == Self.files)
            // Streamed, entry by entry, with the sizes the headers declare.
            let reader = try LibArchiveReader(url: url)
            var sizes: [Int?] = []
            while let entry = try reader.next() {
                #expect(!entry.isFolder)
                sizes.append(entry.declaredSize)
                _ = try reader.data()
            }
            #expect(sizes == Self.files.map(\.data.count))
        }
    }

    @Test func bundlesUseTheArchivesCompressionLevel() async throws {
        try await withTemporaryFolder { folder in
            let fast = folder.appending(path: "fast.tar.zst")
            let small = folder.appending(path: "small.tar.zst")
            let date = Date(timeIntervalSince1970: 0)
            let compression = { (level: Int) in BundleCompression(algorithm: .zstd, level: level) }
            try LibArchiveWriter.write(Self.files, to: fast, format: .bundle(compression(1)), modified: date)
            try LibArchiveWriter.write(Self.files, to: small, format: .bundle(compression(19)), modified: date)
            #expect(try Data(contentsOf: fast) != Data(contentsOf: small))
            #expect(try LibArchiveReader.files(at: small, tarOnly: true) == Self.files)
        }
    }

    static let hostile: [HandMadeArchive.Entry] = [
        .file("../outside.txt", Data("x".utf8)),
        .file("bag/data/../../../outside.txt", Data("x".utf8)),
        .file("/absolute.txt", Data("x".utf8)),
        .symlink("bag/data/link", to: "../../../../etc/passwd"),
        .symlink("bag/data/link", to: "/etc/passwd"),
        .hardlink("bag/data/link", to: "../outside.txt"),
    ]

    static let hostileCases: [(container: String, entry: Int)] = ["climb.tar", "climb.zip"].flatMap { container in
        hostile.indices.compactMap { index in
            // Unix zip marks symbolic links only; it has no hard links.
            guard container == "climb.tar" || !(index == 5) else { return nil }
            return (container, index)
        }
    }

    @Test(arguments: hostileCases)
    func aHostileEntryIsRefusedWithOneCodeWhereverItComesIn(container: String, entry index: Int) async throws {
        try await withTemporaryFolder { folder in
            let entry = Self.hostile[index]
            let entries: [HandMadeArchive.Entry] = [.file("bag/bagit.txt", Self.files[0].data), entry]
            let url = folder.appending(path: container)
            try (container.hasSuffix(".zip") ? HandMadeArchive.zip(entries) : HandMadeArchive.tar(entries))
                .write(to: url)

            // The reader itself.
            let read = try #require(throws: ArchiveError.self) { try LibArchiveReader.files(at: url) }
            // A bag being received.
            let archive = try await Archive.makeForTesting(in: folder.appending(path: "archive"))
            let received = try await #require(throws: ArchiveError.self) {
                try await archive.receive(url, registry: .builtIn)
            }
            for error in [read, received] {
                #expect(error.code == .invalidBag, "\(error)")
                #expect(error.message.contains(container) && error.message.contains(entry.path), "\(error.message)")
            }
            // Refused on the first pass over the headers: nothing was unpacked, not even inside the archive.
            #expect(try await archive.catalog.allVersions().isEmpty)
            let unpacked = try FileManager.default.subpathsOfDirectory(atPath: archive.root.appending(path: "tmp").path)
            #expect(unpacked.isEmpty, "\(unpacked)")
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "outside.txt").path))
        }
    }

    @Test(arguments: ["../outside.txt", "/absolute.txt", "a/../../b", "", "data/a\0b"])
    func theWriterRefusesTheNamesTheReaderRefuses(_ path: String) async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appending(path: "out.tar")
            let writer = try LibArchiveWriter(url: url, format: .tar(nil))
            let error = try #require(throws: ArchiveError.self) { try writer.add(path, Data("x".utf8)) }
            #expect(error.code == .invalidBag)
            #expect(error.message.contains(url.path))
        }
    }

    /// An exported bag, as a folder or serialized, is written by the same rules.
    @Test(arguments: ["bag", "bag.tar.zst", "bag.zip"])
    func anExportedBagRefusesTheSameNames(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let bag = try BagItWriter(target: folder.appending(path: name))
            let error = try #require(throws: ArchiveError.self) {
                try bag.addPayload("../../escape.txt", Data("x".utf8))
            }
            #expect(error.code == .invalidBag)
            #expect(error.message.contains("../../escape.txt"))
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "escape.txt").path))
        }
    }

    @Test(arguments: containers)
    func aTruncatedArchiveGivesOneCodeFromEveryCaller(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appending(path: name)
            let format = try #require(LibArchiveFormat(fileName: name))
            try LibArchiveWriter.write(Self.files, to: url, format: format, modified: Date())
            let whole = try Data(contentsOf: url)
            let archive = try await Archive.makeForTesting(in: folder.appending(path: "archive"))
            for damaged in [whole.prefix(whole.count / 2), Data("not an archive at all".utf8)] {
                try damaged.write(to: url)
                let read = try #require(throws: ArchiveError.self) {
                    let reader = try LibArchiveReader(url: url)
                    while let entry = try reader.next() { if !entry.isFolder { _ = try reader.data() } }
                }
                let received = try await #require(throws: ArchiveError.self) {
                    try await archive.receive(url, registry: .builtIn)
                }
                for error in [read, received] {
                    #expect(error.code == .undecodableInput, "\(error)")
                    #expect(error.message.contains(name), "\(error.message)")
                }
            }
            #expect(try await archive.catalog.allVersions().isEmpty)
        }
    }

    /// A bundle is read by the same reader; a damaged one is then a damaged bundle, whatever libarchive found.
    @Test func aDamagedBundleIsACorruptBundleNamingTheReadersFinding() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let result = try #require(
                try await archive.ingest(
                    IngestRequest(data: Data("Title\n\nText.".utf8), name: "a.txt", documentID: "a"),
                    registry: .builtIn
                ).first
            )
            guard case .newVersion(let version) = result.outcome else {
                Issue.record("no new version")
                return
            }
            let bundle = archive.root.appending(path: version.bundlePath)
            let bytes = try Data(contentsOf: bundle)
            for (damage, finding) in [
                (
                    HandMadeArchive.tar([.file("../outside.txt", Data("x".utf8))]),
                    "points outside the folder it unpacks to"
                ),
                (HandMadeArchive.tar([.file("bagit.txt", Data("x".utf8))]).prefix(600), "is damaged or is not a tar"),
                (bytes.prefix(40), "its header frame is damaged"),
                (bytes.dropLast(10), "the zstd data ends inside a frame"),
            ] {
                try damage.write(to: bundle)
                let error = try await #require(throws: ArchiveError.self) { try await archive.content(of: version) }
                #expect(error.code == .corruptBundle)
                #expect(error.message.contains(version.bundlePath) && error.message.contains(finding), "\(error)")
            }
        }
    }

    /// The reader used to reserve the size a tar header claims before reading, so a damaged bundle claiming a
    /// petabyte stopped the process instead of being reported (the `bundle` fuzz target's input).
    @Test func anEntryClaimingMoreBytesThanItHoldsIsDamaged() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appending(path: "bundle.tar")
            try HandMadeArchive.tar([.file("bagit.txt", Data("abc".utf8), declaring: 1 << 50)]).write(to: url)
            let error = try #require(throws: ArchiveError.self) { try LibArchiveReader.files(at: url) }
            #expect(error.code == .undecodableInput)
            #expect(error.message.contains("bundle.tar"))
        }
    }

    @Test func aFileThatCannotBeWrittenIsNamed() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appending(path: "missing/out.tar.gz")
            let error = try #require(throws: ArchiveError.self) {
                try LibArchiveWriter(url: url, format: .tar(.gzip))
            }
            #expect(error.code == .writeFailed)
            #expect(error.message.contains(url.path))
        }
    }
}
