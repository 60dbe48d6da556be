import ArchiveBuiltins
import ArchiveCore
import Foundation

extension FuzzTarget {
    /// Receiving bags: serialized bags through the archive's own `receive`, the tag files of a bag on disk through
    /// ``BagValidator`` (and the in-memory check of bundles, ``BagValidator/validate(_:name:)``), the Mura index, and
    /// bundles read back from the store.
    static let bags: [FuzzTarget] = [
        FuzzTarget(
            name: "bag-tar",
            maximumLength: 64 * 1024,
            summary: "Archive.receive of a tar (plain or compressed): extraction, validation, ingest of the payload",
            run: { receive($0, as: "fuzz-bag.tar") }
        ),
        FuzzTarget(
            name: "bag-zip",
            maximumLength: 64 * 1024,
            summary: "Archive.receive of a zip: extraction, validation, ingest of the payload",
            run: { receive($0, as: "fuzz-bag.zip") }
        ),
        FuzzTarget(
            name: "bag-declaration",
            maximumLength: 1024,
            summary: "BagValidator on a bag whose bagit.txt is the input",
            run: { validateBag(declaration: $0) }
        ),
        FuzzTarget(
            name: "bag-manifest",
            maximumLength: 8 * 1024,
            summary: "BagValidator (folder and in-memory) on a bag whose payload or tag manifest is the input",
            run: {
                validateBag(
                    with: $0,
                    as: ($0.first ?? 0) & 0x10 == 0 ? "manifest-sha256.txt" : "tagmanifest-sha256.txt"
                )
            }
        ),
        FuzzTarget(
            name: "bag-info",
            maximumLength: 8 * 1024,
            summary: "BagValidator (folder and in-memory) on a bag whose bag-info.txt is the input",
            run: { validateBag(with: $0, as: "bag-info.txt") }
        ),
        FuzzTarget(
            name: "bag-fetch",
            maximumLength: 8 * 1024,
            summary: "BagValidator on a bag whose fetch.txt is the input",
            run: { validateBag(with: $0, as: "fetch.txt") }
        ),
        FuzzTarget(
            name: "mura-index",
            maximumLength: 8 * 1024,
            summary: "ExportIndexEntry.decode: the mura-index.jsonl of a received bag",
            run: { _ = try? ExportIndexEntry.decode($0) }
        ),
        FuzzTarget(
            name: "bundle",
            maximumLength: 64 * 1024,
            summary: "LibArchiveReader.files(in:) and BagValidator.validate: a bundle read back from the store",
            run: readBundle
        ),
        FuzzTarget(
            name: "shared-bundle",
            maximumLength: 64 * 1024,
            summary:
                "Archive.bag(ofBundle:key:): a bundle in the shared form (header frame, dictionary, base, zstd frame)",
            run: readSharedBundle
        ),
        FuzzTarget(
            name: "zstd-dictionary",
            maximumLength: 64 * 1024,
            summary: "ZstdDictionary and Zstd.decompress with it: a dictionary file read from dictionaries/",
            run: readDictionary
        ),
    ]

    private static let registry = PluginRegistry.builtIn

    private static func receive(_ data: Data, as name: String) {
        let source = FuzzScratch.shared.write(data, to: name)
        _ = try? FuzzScratch.waitFor { try await FuzzScratch.archive.archive.receive(source, registry: registry) }
        try? FileManager.default.removeItem(at: source)
    }

    /// A bundle as the archive reads it: its bytes from the store, unpacked in memory, then validated; and as a
    /// restore reads it, the original alone, in place, no further than the size the catalog records.
    private static func readBundle(_ data: Data) {
        if let files = try? LibArchiveReader.files(in: data, name: "the fuzz bundle", tarOnly: true) {
            _ = BagValidator.validate(files, name: "the fuzz bundle")
        }
        for size in [0, 1 << 10, 1 << 16] {
            _ = try? LibArchiveReader.file("data/original.html", size: size, in: data, name: "the fuzz bundle")
        }
    }

    /// A bundle as the archive reads it, the shared form included: its header read, what it names looked up in the
    /// scratch archive (a base or dictionary that is not there is an error), its frame decoded within the size the
    /// header records, the tar unpacked and validated.
    private static func readSharedBundle(_ data: Data) {
        _ = try? FuzzScratch.waitFor {
            try await FuzzScratch.archive.archive.bag(ofBundle: data, key: "bundles/00/00/fuzz.00000000.tar.zst")
        }
    }

    /// A dictionary as the archive reads one, then a small frame decoded with it.
    private static func readDictionary(_ data: Data) {
        guard let dictionary = try? ZstdDictionary(data) else { return }
        let frame = (try? Zstd.compress(Data("Дата публикации 01 марта 2022".utf8), level: 3)) ?? Data()
        _ = try? Zstd.decompress(frame, dictionary: dictionary, limit: 1 << 16)
        _ = try? Zstd.compress(data.prefix(4096), level: 3, dictionary: dictionary)
    }

    /// Validates a minimal valid bag (BagIt 1.0, UTF-8, one payload file) whose `bagit.txt` is the input.
    private static func validateBag(declaration: Data) {
        let bag = MinimalBag(declaration: declaration)
        _ = BagValidator.validate(bag.root)
    }

    /// Validates a minimal bag in which the tag file `name` is the input after its first byte; that byte picks
    /// the bag's version and tag-file encoding, so that percent-encoded paths (1.0) and other encodings take part.
    private static func validateBag(with data: Data, as name: String) {
        let selector = Int(data.first ?? 0)
        let encodings = ["UTF-8", "UTF-16", "ISO-8859-1", "UTF-16BE"]
        let declaration = Data(
            "BagIt-Version: \(selector & 4 == 0 ? "1.0" : "0.97")\nTag-File-Character-Encoding: \(encodings[selector & 3])\n"
                .utf8
        )
        let content = data.dropFirst()
        let bag = MinimalBag(declaration: declaration, replacing: name, with: Data(content))
        _ = BagValidator.validate(bag.root)
        _ = BagValidator.validate(bag.files, name: "the fuzz bag")
    }
}

/// A minimal bag in the scratch folder (`bagit.txt`, `bag-info.txt`, a SHA-256 manifest and tag manifest, one
/// payload file) with one file replaced by each input. Only the files that differ from the previous input's bag
/// are written again: rewriting the whole folder took more time than validating it.
private struct MinimalBag {
    let root = FuzzScratch.shared.url("bag")
    let files: [BagFile]

    /// What the folder holds now, by path. libFuzzer runs one input at a time. Bytes, not `Data`: LeakSanitizer
    /// cannot follow the pointer a global `Data` keeps in its spare bits, and would report it as leaked.
    nonisolated(unsafe) private static var written: [String: [UInt8]] = [:]

    init(declaration: Data, replacing name: String? = nil, with replacement: Data = Data()) {
        let payload = BagFile(path: "data/hello.txt", data: Data("hello\n".utf8))
        var files = Bag(info: [.init("Source-Organization", "Fuzz")], payload: [payload]).files()
        files[0] = BagFile(path: "bagit.txt", data: declaration)
        if let name {
            if let index = files.firstIndex(where: { $0.path == name }) {
                files[index] = BagFile(path: name, data: replacement)
            } else {
                files.append(BagFile(path: name, data: replacement))
            }
        }
        self.files = files
        let wanted = Dictionary(files.map { ($0.path, [UInt8]($0.data)) }, uniquingKeysWith: { $1 })
        for path in Self.written.keys where wanted[path] == nil {
            try! FileManager.default.removeItem(at: root.appending(path: path))
        }
        for file in files where Self.written[file.path].map({ !$0.elementsEqual(file.data) }) ?? true {
            let url = root.appending(path: file.path)
            try! FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try! file.data.write(to: url)
        }
        Self.written = wanted
    }
}
