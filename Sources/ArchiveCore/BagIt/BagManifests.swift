import Crypto
import Foundation

/// The tag files of a BagIt 1.0 bag, written in one way for every bag Mura makes (bundles and exports): the
/// payload manifests grow line by line as payload files come, and ``tagFiles(info:extra:)`` gives `bagit.txt`,
/// `bag-info.txt` with the Payload-Oxum, the manifests, the extra tag files and the tag manifests over them.
struct BagManifests {
    /// A checksum algorithm Mura writes manifests in.
    enum Algorithm: String, CaseIterable {
        case sha256, sha512

        func digest(_ data: Data) -> String {
            switch self {
            case .sha256: Digest.hex(SHA256.hash(data: data))
            case .sha512: Digest.hex(SHA512.hash(data: data))
            }
        }
    }

    // Made on each use: a global Data would be built once and never freed, which the fuzzers' leak check reports.
    static var declaration: Data { Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8) }

    let algorithms: [Algorithm]
    // Manifest lines are appended as they come: compact bytes, not one record per file.
    private var lines: [Data]
    private(set) var fileCount = 0
    private(set) var octets = 0

    init(_ algorithms: [Algorithm]) {
        self.algorithms = algorithms
        lines = algorithms.map { _ in Data() }
    }

    /// Lists a payload file (its path starts with `data/`) in every manifest; `sha256`, when given, is the file's
    /// SHA-256, already computed.
    mutating func add(_ path: String, _ data: Data, sha256: String? = nil) {
        for (index, algorithm) in algorithms.enumerated() {
            let digest = algorithm == .sha256 ? sha256 ?? algorithm.digest(data) : algorithm.digest(data)
            lines[index].append(contentsOf: Array("\(digest)  \(path)\n".utf8))
        }
        fileCount += 1
        octets += data.count
    }

    /// Every tag file, in the order they are written: `bagit.txt`, `bag-info.txt` (`info`, then the
    /// Payload-Oxum), a manifest for each algorithm, `extra`, and a tag manifest for each algorithm.
    func tagFiles(info: [Bag.InfoField], extra: [BagFile] = []) -> [BagFile] {
        let fields = info + [Bag.InfoField("Payload-Oxum", "\(octets).\(fileCount)")]
        let bagInfo = Data(fields.map { "\($0.label): \($0.value)\n" }.joined().utf8)
        let tags =
            [BagFile(path: "bagit.txt", data: Self.declaration), BagFile(path: "bag-info.txt", data: bagInfo)]
            + zip(algorithms, lines).map { BagFile(path: "manifest-\($0.rawValue).txt", data: $1) } + extra
        return tags
            + algorithms.map { algorithm in
                BagFile(
                    path: "tagmanifest-\(algorithm.rawValue).txt",
                    data: Data(tags.map { "\(algorithm.digest($0.data))  \($0.path)\n" }.joined().utf8)
                )
            }
    }
}
