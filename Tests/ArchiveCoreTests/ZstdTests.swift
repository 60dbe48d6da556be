import ArchiveCore
import Foundation
import Testing

/// libzstd as bundles use it: frames against a reference or a dictionary decode only with it, and decoding stops at
/// its limit and at a frame cut short.
@Suite struct ZstdTests {
    /// About 100 KB of made-up words, which compress only a few times over alone.
    static let base: Data = {
        var words = SharedBundleTests.Words(seed: 42)
        return Data((0..<1000).map { _ in words.line(12) }.joined(separator: "\n").utf8)
    }()
    static var edited: Data {
        var data = base
        data.append(Data("A correction was added.\n".utf8))
        return data
    }

    @Test func aFrameAgainstAReferenceIsSmallAndDecodesOnlyWithIt() throws {
        let alone = try Zstd.compress(Self.edited, level: 3)
        let patch = try Zstd.compress(Self.edited, level: 3, reference: Self.base)
        #expect(patch.count * 20 < alone.count, "\(patch.count) bytes against \(alone.count)")
        #expect(try Zstd.decompress(patch, reference: Self.base, limit: 1 << 20) == Self.edited)
        #expect(throws: ArchiveError.self) { try Zstd.decompress(patch, limit: 1 << 20) }
        var other = Self.base
        other[other.count / 2] ^= 0x20
        // A wrong reference decodes to other bytes, which the frame's checksum refuses.
        #expect(throws: ArchiveError.self) { try Zstd.decompress(patch, reference: other, limit: 1 << 20) }
    }

    @Test func aTrainedDictionaryIsUsedAndNamedInTheFrame() throws {
        let samples = (0..<60).map { number in
            Data(
                ("Ministry news \(number)\n" + String(repeating: "Menu: services, contacts, archive. ", count: 40)
                    + "Item \(number * 37) was announced.\n").utf8
            )
        }
        let trained = try Zstd.trainDictionary(samples: samples, capacity: 4096)
        let dictionary = try ZstdDictionary(trained)
        #expect(dictionary.id != 0)
        let frame = try Zstd.compress(samples[7], level: 3, dictionary: dictionary)
        #expect(Zstd.dictionaryID(ofFrame: frame) == dictionary.id)
        #expect(frame.count < (try Zstd.compress(samples[7], level: 3)).count)
        #expect(try Zstd.decompress(frame, dictionary: dictionary, limit: 1 << 16) == samples[7])
        #expect(throws: ArchiveError.self) { try Zstd.decompress(frame, limit: 1 << 16) }
        #expect(throws: ArchiveError.self) { try Zstd.trainDictionary(samples: [Data("x".utf8)], capacity: 4096) }
    }

    /// One frame that declares its size is decoded in one call; several frames, or a first frame whose declared size
    /// is not all there is, go through the stream: the bytes are the same either way.
    @Test func oneFrameOrSeveralDecodeAlike() throws {
        let first = try Zstd.compress(Self.base, level: 3)
        let second = try Zstd.compress(Self.edited, level: 3)
        #expect(try Zstd.decompress(first, limit: 1 << 20) == Self.base)
        #expect(try Zstd.decompress(first + second, limit: 1 << 20) == Self.base + Self.edited)
        #expect(try Zstd.decompress(try Zstd.compress(Data(), level: 3), limit: 16) == Data())
        let tooMuch = #expect(throws: ArchiveError.self) {
            try Zstd.decompress(first + second, limit: Self.base.count + 10)
        }
        #expect(tooMuch?.message.contains("more than") == true)
    }

    @Test func decodingStopsAtTheLimitAndAtAFrameCutShort() throws {
        let frame = try Zstd.compress(Data(count: 1 << 20), level: 3)
        let tooMuch = #expect(throws: ArchiveError.self) { try Zstd.decompress(frame, limit: 1 << 19) }
        #expect(tooMuch?.message.contains("more than") == true)
        let cut = #expect(throws: ArchiveError.self) { try Zstd.decompress(frame.dropLast(3), limit: 1 << 21) }
        #expect(cut?.code == .corruptBundle)
        #expect(try Zstd.decompress(frame, limit: 1 << 20).count == 1 << 20)
    }
}
