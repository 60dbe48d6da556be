import CArchive
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
        let declared = try withEntries(of: source, limits: limits) { _, _, _ in }
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
        try withEntries(of: source, limits: limits) { archive, entry, path in
            let target = folder.appending(path: path)
            if archive_entry_filetype(entry) == UInt32(CARCHIVE_AE_IFDIR) {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                return
            }
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let size = archive_entry_size_is_set(entry) != 0 ? max(0, Int(archive_entry_size(entry))) : nil
            try copy(archive, entry: path, of: source, declaring: size, to: target, buffer: buffer) { count in
                total += count
                guard total <= limits.maxBytes else {
                    throw tooLarge(
                        source,
                        .bytes,
                        "its entries unpack to more than \(ReceiveLimits.describe(limits.maxBytes)) (at '\(path)')"
                    )
                }
            }
        }
    }

    /// Copies the current entry's data to a new file at `target` block by block, calling `counted` after each
    /// block with its size; refuses an entry that gives more bytes than its header declares.
    private static func copy(
        _ archive: OpaquePointer,
        entry path: String,
        of source: URL,
        declaring size: Int?,
        to target: URL,
        buffer: UnsafeMutableRawBufferPointer,
        counted: (Int) throws -> Void
    ) throws {
        let file = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ArchiveError(.writeFailed, "Could not unpack '\(path)' to \(target.path): \(reason).")
        }
        defer { close(file) }
        var entryBytes = 0
        while true {
            let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
            if count == 0 { return }
            guard count > 0 else {
                throw ArchiveError(
                    .undecodableInput,
                    "\(source.lastPathComponent): \(path) is damaged: \(message(archive))."
                )
            }
            entryBytes += count
            if let size, entryBytes > size {
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

    /// Opens `source` and calls `body` with each entry that is a plain file or folder with a safe relative path,
    /// after checking the entry count and the declared sizes against `limits`.
    ///
    /// - Returns: The sum of the declared sizes.
    @discardableResult
    private static func withEntries(
        of source: URL,
        limits: ReceiveLimits,
        _ body: (OpaquePointer, OpaquePointer, String) throws -> Void
    ) throws -> Int {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_read_new() else {
            throw ArchiveError(.bundleIO, "libarchive could not allocate a reader for \(source.path)")
        }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)
        archive_read_support_format_zip(archive)
        guard archive_read_open_filename(archive, source.path, 64 * 1024) == ARCHIVE_OK else {
            throw ArchiveError(
                .undecodableInput,
                "\(source.lastPathComponent) is not a tar or zip file (\(message(archive))). Give a bag folder, or a .tar, .tar.gz, .tar.zst or .zip."
            )
        }
        var entries = 0
        var declared = 0
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return declared }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw ArchiveError(.undecodableInput, "\(source.lastPathComponent) is damaged: \(message(archive)).")
            }
            entries += 1
            let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
            guard entries <= limits.maxEntries else {
                throw tooLarge(
                    source,
                    .entries,
                    "it holds more than \(limits.maxEntries) entries (files and folders; the next is '\(path)')"
                )
            }
            try checkEntry(entry, path: path, source: source)
            let size = archive_entry_size_is_set(entry) != 0 ? max(0, Int(archive_entry_size(entry))) : 0
            // A sparse entry declares its full size: that is what it unpacks to, holes and all.
            guard size <= limits.maxBytes - declared else {
                throw tooLarge(
                    source,
                    .bytes,
                    "'\(path)' declares \(ReceiveLimits.describe(size)), which with the entries before it ("
                        + ReceiveLimits.describe(declared) + ") is more than " + ReceiveLimits.describe(limits.maxBytes)
                )
            }
            declared += size
            try body(archive, entry, path)
        }
    }

    /// Refuses an entry that is absolute, climbs with `..`, or is a link or special file.
    private static func checkEntry(_ entry: OpaquePointer, path: String, source: URL) throws {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains(".."), !path.isEmpty else {
            throw ArchiveError(
                .invalidBag,
                "The bag \(source.lastPathComponent) is invalid and was not received: entry '\(path)' points outside the bag."
            )
        }
        let type = archive_entry_filetype(entry)
        guard type == UInt32(CARCHIVE_AE_IFDIR) || type == UInt32(CARCHIVE_AE_IFREG),
            archive_entry_hardlink(entry) == nil
        else {
            throw ArchiveError(
                .invalidBag,
                "The bag \(source.lastPathComponent) is invalid and was not received: entry '\(path)' is a link or "
                    + "special file; a bag holds only plain files."
            )
        }
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

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
