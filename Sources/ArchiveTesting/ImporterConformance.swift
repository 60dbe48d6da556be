public import ArchiveCore
public import Foundation
import Testing

/// The contract every ``DocumentImporter`` keeps. Run it from the plugin's tests with inputs it can read:
///
/// ```swift
/// @Test func conformance() throws {
///     try ImporterConformance(importer: PlainTextImporter(), samples: [Data("Title\n\nBody.".utf8)]).run()
/// }
/// ```
///
/// It checks the descriptor, that sniffing stays in 0...1 and recognises the samples, that importing is
/// deterministic and yields documents with text that survive a JSON round trip, and that empty input and
/// binary garbage give an ``ArchiveError`` (or a best-effort document), never a crash.
public struct ImporterConformance: Sendable {
    public var importer: any DocumentImporter
    public var samples: [Data]

    public init(importer: any DocumentImporter, samples: [Data]) {
        self.importer = importer
        self.samples = samples
    }

    public func run() throws {
        let descriptor = importer.descriptor
        try DescriptorConformance.check(descriptor)
        #expect(!samples.isEmpty, "give the conformance suite at least one sample")

        for (number, sample) in samples.enumerated() {
            let sniff = importer.sniff(SniffRequest(prefix: sample.prefix(64 * 1024), fileName: nil))
            #expect(sniff > 0 && sniff <= 1, "sample \(number): sniff gave \(sniff), expected a confidence in (0, 1]")

            let request = ImportRequest(data: sample, name: "sample-\(number)")
            let first = try importer.importDocuments(request)
            let second = try importer.importDocuments(request)
            try #require(!first.isEmpty, "sample \(number): no document")
            #expect(first.map(\.document) == second.map(\.document), "sample \(number): importing is not deterministic")
            for imported in first {
                let document = imported.document
                #expect(!document.text.isEmpty || document.title != nil, "sample \(number): no title and no text")
                let json = try Document.encoder.encode(document)
                let decoded = try Document.decoder.decode(Document.self, from: json)
                #expect(
                    decoded == Self.secondsPrecision(document),
                    "sample \(number): document JSON does not round-trip"
                )
            }
        }

        let empty = SniffRequest(prefix: Data(), fileName: nil)
        #expect((0...1).contains(importer.sniff(empty)), "sniff of empty input must be in 0...1")
        #expect(throws: ArchiveError.self, "empty input must throw an ArchiveError") {
            try importer.importDocuments(ImportRequest(data: Data(), name: "empty"))
        }

        var generator = SplitMix64(seed: 0x6D75_7261)
        for round in 0..<8 {
            let garbage = Data((0..<(64 << round)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect((0...1).contains(importer.sniff(SniffRequest(prefix: garbage))))
            do {
                _ = try importer.importDocuments(ImportRequest(data: garbage, name: "garbage-\(round)"))
            } catch {
                #expect(error is ArchiveError, "garbage input must fail with an ArchiveError, not \(type(of: error))")
            }
        }
    }

    /// Document JSON keeps dates to the second.
    static func secondsPrecision(_ document: Document) -> Document {
        var copy = document
        copy.published = copy.published.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        copy.updated = copy.updated.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        return copy
    }
}

/// A small deterministic random generator, so conformance failures (and tests built on made-up data) reproduce.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
