import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unpacking a serialized bag (`.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz`, `.zip`) through libarchive within
/// ``ReceiveLimits``, refusing any entry that would land outside the target folder or that is not a plain file or
/// folder.
///
/// Two passes: the first reads only the headers, so a bag with too many entries, a declared size over the limit
/// (a sparse 20 GB file is 5 KB of tar) or more than the free space is refused before a byte is written; the
/// second copies each entry to disk in fixed-size blocks, counting the bytes it really gets, since a zip entry can
/// inflate to more than its header declares.
enum SerializedBag {
    static func extract(_ source: URL, into folder: URL, limits: ReceiveLimits) throws {
        var names = EntryNames()
        let declared = try withEntries(of: source, limits: limits) { _, entry in
            if let clash = names.add(entry.path, isFolder: entry.isFolder) {
                throw ArchiveError(
                    .invalidBag,
                    "The bag \(source.lastPathComponent) is invalid and was not received: \(clash). Ask its sender for "
                        + "a new copy."
                )
            }
        }
        let parent = folder.deletingLastPathComponent()
        if let free = (try? parent.resourceValues(forKeys: [.volumeAvailableCapacityKey]))?.volumeAvailableCapacity,
            declared > free
        {
            throw ArchiveError(
                .writeFailed,
                "The bag \(source.lastPathComponent) was not received: it unpacks to \(ReceiveLimits.describe(declared)) "
                    + "and the archive's volume has \(ReceiveLimits.describe(free)) free (\(parent.path)). Free some "
                    + "space, or receive it into an archive on a larger volume."
            )
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        try withEntries(of: source, limits: limits) { reader, entry in
            let target = folder.appending(path: entry.path)
            if entry.isFolder {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                return
            }
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try copy(reader, entry: entry, of: source, to: target, buffer: buffer) { count in
                total += count
                guard total <= limits.maxBytes else {
                    throw tooLarge(
                        source,
                        .bytes,
                        "its entries unpack to more than \(ReceiveLimits.describe(limits.maxBytes)) (at '\(entry.path)')"
                    )
                }
            }
        }
    }

    /// Copies the current entry's data to a new file at `target` block by block, calling `counted` after each
    /// block with its size; refuses an entry that gives more bytes than its header declares.
    private static func copy(
        _ reader: LibArchiveReader,
        entry: LibArchiveReader.Entry,
        of source: URL,
        to target: URL,
        buffer: UnsafeMutableRawBufferPointer,
        counted: (Int) throws -> Void
    ) throws {
        let path = entry.path
        let file = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ArchiveError(.writeFailed, "Could not unpack '\(path)' to \(target.path): \(reason).")
        }
        defer { close(file) }
        var entryBytes = 0
        while true {
            let count = try reader.read(into: buffer)
            if count == 0 { return }
            entryBytes += count
            if let size = entry.declaredSize, entryBytes > size {
                throw ArchiveError(
                    .invalidBag,
                    "The bag \(source.lastPathComponent) is invalid and was not received: '\(path)' unpacks to more "
                        + "than the \(ReceiveLimits.describe(size)) its header declares; the file is damaged or "
                        + "crafted. Ask the sender for a new copy."
                )
            }
            try counted(count)
            var offset = 0
            while offset < count {
                let written = write(file, buffer.baseAddress! + offset, count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    let reason = String(cString: strerror(errno))
                    throw ArchiveError(.writeFailed, "Could not unpack '\(path)' to \(target.path): \(reason).")
                }
                offset += written
            }
        }
    }

    /// Opens `source` and calls `body` with each entry (a plain file or folder with a safe relative path: the
    /// reader checks), after checking the entry count and the declared sizes against `limits`.
    ///
    /// - Returns: The sum of the declared sizes.
    @discardableResult
    private static func withEntries(
        of source: URL,
        limits: ReceiveLimits,
        _ body: (LibArchiveReader, LibArchiveReader.Entry) throws -> Void
    ) throws -> Int {
        let reader = try LibArchiveReader(url: source)
        var entries = 0
        var declared = 0
        while let entry = try reader.next() {
            entries += 1
            guard entries <= limits.maxEntries else {
                throw tooLarge(
                    source,
                    .entries,
                    "it holds more than \(limits.maxEntries) entries (files and folders; the next is '\(entry.path)')"
                )
            }
            let size = entry.declaredSize ?? 0
            // A sparse entry declares its full size: that is what it unpacks to, holes and all.
            guard size <= limits.maxBytes - declared else {
                throw tooLarge(
                    source,
                    .bytes,
                    "'\(entry.path)' declares \(ReceiveLimits.describe(size)), which with the entries before it ("
                        + ReceiveLimits.describe(declared) + ") is more than " + ReceiveLimits.describe(limits.maxBytes)
                )
            }
            declared += size
            try body(reader, entry)
        }
        return declared
    }

    private static func tooLarge(_ source: URL, _ limit: ReceiveLimits.Limit, _ reason: String) -> ArchiveError {
        ArchiveError(
            .invalidBag,
            "The bag \(source.lastPathComponent) was not received: \(reason). Nothing was archived; if the bag is "
                + "genuine, receive it again with a larger limit.",
            underlying: ReceiveLimits.Exceeded(limit: limit)
        )
    }

    /// The bag's top folder: the unpacked folder itself, or its only child folder when that holds `bagit.txt`.
    static func bagRoot(in folder: URL, source: URL) throws -> URL {
        if FileManager.default.fileExists(atPath: folder.appending(path: "bagit.txt").path) { return folder }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if children.count == 1,
            FileManager.default.fileExists(atPath: folder.appending(path: "\(children[0])/bagit.txt").path)
        {
            return folder.appending(path: children[0])
        }
        throw ArchiveError(
            .invalidBag,
            "The bag \(source.lastPathComponent) is invalid and was not received: bagit.txt is missing (neither at the top nor in one top folder)."
        )
    }
}

/// The names of a serialized bag's entries so far, to refuse a name that comes twice or is both a file and a folder
/// before anything is unpacked: the second would fail to unpack, or overwrite the first. Names are compared as Swift
/// compares strings, so two spellings of one letter (`é` as one character, or `e` and an accent) are one name, as
/// they are one document id.
private struct EntryNames {
    private var files: Set<String> = []
    private var folders: Set<String> = []

    /// Records an entry; returns what is wrong when its name clashes with an earlier one.
    mutating func add(_ path: String, isFolder: Bool) -> String? {
        let name = path.hasSuffix("/") ? String(path.dropLast()) : path
        var parent = ""
        for part in name.split(separator: "/").dropLast() {
            parent += parent.isEmpty ? String(part) : "/" + part
            if files.contains(parent) { return "'\(parent)' is both a file and a folder" }
            folders.insert(parent)
        }
        if isFolder {
            if files.contains(name) { return "'\(name)' is both a file and a folder" }
            folders.insert(name)
            return nil
        }
        if folders.contains(name) { return "'\(name)' is both a file and a folder" }
        guard files.insert(name).inserted else {
            return "'\(name)' comes twice (two entries of one name, or of names that differ only in how Unicode "
                + "spells a letter)"
        }
        return nil
    }
}
