public import Foundation

/// Writes a BagIt 1.0 bag file by file, to a folder or into a `.tar`, `.tar.zst`, `.tar.gz`, `.tar.xz` or `.zip`,
/// with SHA-256 and SHA-512 manifests and tag manifests. Payload is streamed: only digests stay in memory.
///
/// The bag is built under a temporary name beside the target and renamed into place when finished, so a failed
/// export leaves nothing at the target.
///
/// Not `Sendable`: create, fill and finish it inside one function.
public final class BagItWriter {
    private let target: URL
    private let staging: URL
    private let writer: LibArchiveWriter?
    /// In a serialized bag every entry sits in one top folder named after the file (RFC 8493, section 4).
    private let topFolder: String
    private var manifests = BagManifests([.sha256, .sha512])
    private var finished = false

    /// Starts a bag at `target`: a folder, or a serialized bag when the name ends in `.tar`, `.tar.zst`, `.tar.gz`,
    /// `.tar.xz` or `.zip`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when the target exists or cannot be created.
    /// Extensions of packages and compressed files other than those a bag is written as.
    private static let otherPackages: Set<String> = [
        "rar", "7z", "tgz", "tbz", "tbz2", "bz2", "gz", "xz", "zst", "lz4", "lzma", "cpio", "iso", "jar", "warc",
    ]

    public init(target: URL) throws {
        self.target = target
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ArchiveError(.writeFailed, "\(target.path) already exists; export to a new path.")
        }
        // A name that asks for a package kind Mura does not write (`x.rar`, `x.tgz`) is not taken for a folder's.
        let asked = target.pathExtension.lowercased()
        if LibArchiveFormat(fileName: target.lastPathComponent) == nil, Self.otherPackages.contains(asked) {
            throw ArchiveError(
                .invalidArgument,
                "\(target.lastPathComponent): Mura does not write .\(asked) files. A bag is written as a folder, or as "
                    + "a .tar, .tar.zst, .tar.gz, .tar.xz or .zip file; name the target so."
            )
        }
        let parent = target.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: parent.path) else {
            throw ArchiveError(.writeFailed, "The folder \(parent.path) does not exist; create it or export elsewhere.")
        }
        staging = ExportStaging.path(for: target)
        var base = target.lastPathComponent
        for suffix in [".zip", ".tar.zst", ".tar.gz", ".tar.xz", ".tar"] where base.lowercased().hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            break
        }
        topFolder = base.isEmpty ? "bag" : base
        if let format = LibArchiveFormat(fileName: target.lastPathComponent) {
            writer = try LibArchiveWriter(url: staging, format: format)
        } else {
            writer = nil
            do {
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
            } catch {
                throw ArchiveError(.writeFailed, "Could not create \(staging.path)", underlying: error)
            }
        }
    }

    deinit {
        if !finished { try? FileManager.default.removeItem(at: staging) }
    }

    /// Adds a payload file; `path` is relative to `data/`.
    public func addPayload(_ path: String, _ data: Data) throws {
        let full = "data/" + path
        try write(full, data)
        manifests.add(full, data)
    }

    /// Writes the tag files and moves the bag into place.
    ///
    /// - Parameters:
    ///   - info: `bag-info.txt` fields; `Payload-Oxum`, `Bag-Size` and `Bagging-Date` are added.
    ///   - tagFiles: Further tag files (outside `data/`), listed in the tag manifests.
    public func finish(info: [Bag.InfoField], tagFiles: [(path: String, data: Data)] = []) throws {
        let fields =
            info + [
                .init("Bagging-Date", ArchiveDate.formatDay(Date())), .init("Bag-Size", Self.size(manifests.octets)),
            ]
        let extra = tagFiles.map { BagFile(path: $0.path, data: $0.data) }
        for file in manifests.tagFiles(info: fields, extra: extra) { try write(file.path, file.data) }
        try writer?.close()
        do {
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            throw ArchiveError(.writeFailed, "Could not move the finished bag to \(target.path)", underlying: error)
        }
        finished = true
    }

    /// The payload written so far: file count and bytes.
    public var payload: (files: Int, bytes: Int) { (manifests.fileCount, manifests.octets) }

    private func write(_ path: String, _ data: Data) throws {
        if let writer { return try writer.add("\(topFolder)/\(path)", data) }
        // The check every archive entry gets: a bag folder is written by the same rules.
        try EntryName.check(path, in: target.path)
        let file = staging.appending(path: path)
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try data.write(to: file)
        } catch {
            throw ArchiveError(.writeFailed, "Could not write \(file.path)", underlying: error)
        }
    }

    /// "12.3 KB": the human-readable size BagIt's Bag-Size suggests.
    private static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", value, units[unit])
    }
}
