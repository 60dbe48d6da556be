import Crypto
import Foundation

/// Where the files of a bag being validated are: a folder on disk (a received bag) or files in memory (a bundle
/// read from its tar). ``BagValidator`` reads a bag only through this, so both are checked by the same rules.
protocol BagStorage {
    /// Calls `body` with the path of every entry (relative to the bag root) and its kind, until `body` returns
    /// `false`.
    ///
    /// - Returns: `false` when the bag cannot be listed at all.
    func forEachEntry(_ body: (String, BagEntryKind) -> Bool) -> Bool
    /// The size of a file, if it exists.
    func size(of path: String) -> Int?
    /// The bytes of a file, if it can be read.
    func contents(of path: String) -> Data?
    /// The lowercase hex digest of a file, hashed in blocks whatever its size.
    func digest(of path: String, _ function: some HashFunction) throws -> String
}

/// What an entry of a bag is.
enum BagEntryKind {
    case file, folder, link
}

/// A bag folder on disk.
struct FolderBagStorage: BagStorage {
    let root: URL

    func forEachEntry(_ body: (String, BagEntryKind) -> Bool) -> Bool {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey, .isDirectoryKey]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
            return false
        }
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            let values = try? url.resourceValues(forKeys: Set(keys))
            let kind: BagEntryKind =
                values?.isSymbolicLink == true ? .link : values?.isRegularFile == true ? .file : .folder
            guard body(path, kind) else { break }
        }
        return true
    }

    func size(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: root.appending(path: path).path))?[.size] as? Int
    }

    func contents(of path: String) -> Data? {
        FileManager.default.contents(atPath: root.appending(path: path).path)
    }

    func digest(of path: String, _ function: some HashFunction) throws -> String {
        var function = function
        let handle = try FileHandle(forReadingFrom: root.appending(path: path))
        defer { try? handle.close() }
        // A block of 64 KiB: each read allocates a buffer of the full count, and most tag and payload files are small.
        while let block = try handle.read(upToCount: 1 << 16), !block.isEmpty { function.update(data: block) }
        return Digest.hex(function.finalize())
    }
}

/// The files of a bag held in memory; the first of two files with one path counts.
struct MemoryBagStorage: BagStorage {
    let paths: [String]
    let files: [String: Data]

    init(_ files: [BagFile]) {
        var seen = Set<String>()
        paths = files.map(\.path).filter { seen.insert($0).inserted }
        self.files = Dictionary(files.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })
    }

    func forEachEntry(_ body: (String, BagEntryKind) -> Bool) -> Bool {
        for path in paths { guard body(path, .file) else { break } }
        return true
    }

    func size(of path: String) -> Int? { files[path]?.count }

    func contents(of path: String) -> Data? { files[path] }

    func digest(of path: String, _ function: some HashFunction) throws -> String {
        var function = function
        function.update(data: files[path] ?? Data())
        return Digest.hex(function.finalize())
    }
}
