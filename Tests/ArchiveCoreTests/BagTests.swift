import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct BagTests {
    let bag = Bag(
        info: [.init("Mura-Document-ID", "a")],
        payload: [BagFile(path: "data/original.txt", data: Data("hello".utf8))]
    )

    @Test func writtenBagValidates() throws {
        let files = bag.files()
        #expect(
            files.map(\.path) == [
                "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "data/original.txt",
            ]
        )
        let read = try Bag.validate(files, name: "test").get()
        #expect(read == bag)
        let info = String(decoding: files[1].data, as: UTF8.self)
        #expect(info.contains("Payload-Oxum: 5.1"))
    }

    @Test func problemsNameTheFile() {
        var files = bag.files()
        files[4].data = Data("HELLO".utf8)
        files.append(BagFile(path: "data/extra.txt", data: Data("x".utf8)))
        guard case .failure(let error) = Bag.validate(files, name: "test") else {
            Issue.record("a damaged bag validated")
            return
        }
        #expect(error.problems.contains("data/original.txt does not match its SHA-256 in manifest-sha256.txt"))
        #expect(error.problems.contains("data/extra.txt is not listed in manifest-sha256.txt"))
        #expect(error.problems.contains { $0.contains("Payload-Oxum") })
    }

    @Test func aMissingTagManifestIsAProblem() {
        let files = bag.files().filter { $0.path != "tagmanifest-sha256.txt" }
        guard case .failure(let error) = Bag.validate(files, name: "test") else {
            Issue.record("a bag without a tag manifest validated")
            return
        }
        #expect(error.problems == ["tagmanifest-sha256.txt is missing or unreadable"])
    }

    @Test func tarRoundTripKeepsNonASCIINames() throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "bag-\(UUID().uuidString).tar.zst")
        defer { try? FileManager.default.removeItem(at: url) }
        let files = [
            BagFile(path: "data/Дата.txt", data: Data("жаңалық".utf8)), BagFile(path: "data/empty", data: Data()),
        ]
        try TarArchive.write(files, to: url, compression: .default, modified: Date(timeIntervalSince1970: 0))
        #expect(try TarArchive.read(from: url) == files)
        // zstd magic number: 28 B5 2F FD
        #expect(try Data(contentsOf: url).prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))
    }

    /// The reader used to reserve the size a tar header claims before reading, so a damaged bundle claiming a
    /// petabyte stopped the process instead of being reported (the `bundle` fuzz target's input).
    @Test func aBundleEntryClaimingMoreBytesThanItHoldsIsCorrupt() throws {
        try withTemporaryFolder { folder in
            let url = folder.appending(path: "bundle.tar")
            // A ustar header for bagit.txt whose size (base-256, as GNU tar writes large sizes) is 2^50 bytes,
            // followed by three bytes of content.
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) {
                header.replaceSubrange(offset..<offset + text.utf8.count, with: text.utf8)
            }
            put("bagit.txt", at: 0)
            put("0000644", at: 100)
            put("0000000", at: 108)
            put("0000000", at: 116)
            header.replaceSubrange(124..<136, with: [0x80, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0])
            put("00000000000", at: 136)
            put("        ", at: 148)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257)
            put("00", at: 263)
            let checksum = String(header.reduce(0) { $0 + Int($1) }, radix: 8)
            put(String(repeating: "0", count: 6 - checksum.count) + checksum + "\0 ", at: 148)
            try Data(header + Array("abc".utf8) + [UInt8](repeating: 0, count: 1021)).write(to: url)

            let error = try #require(throws: ArchiveError.self) { try TarArchive.read(from: url) }
            #expect(error.code == .corruptBundle)
            #expect(error.message.contains(url.path))
        }
    }
}
