import CArchive
public import Foundation

/// Streams entries into a tar (plain or compressed), a zip or a gzip member through libarchive, one at a time.
///
/// Every archive Mura writes goes through this type: bundles, exported bags and packages, and WARC records. Each
/// entry name passes the same safety check as on reading, so Mura never writes an archive it would refuse.
///
/// Not `Sendable`: create, fill and close it inside one function.
///
/// ```swift
/// let writer = try LibArchiveWriter(url: target, format: .tar(.zstd))
/// try writer.add("data/a.txt", data)
/// try writer.close()
/// ```
public final class LibArchiveWriter {
    private let archive: OpaquePointer
    private let url: URL?
    private let name: String
    private let modified: Int
    private var closed = false

    /// Opens `url` for writing, replacing it.
    ///
    /// - Parameters:
    ///   - url: The file to write.
    ///   - format: The container and its compression.
    ///   - modified: The modification time given to every entry.
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file.
    public convenience init(url: URL, format: LibArchiveFormat, modified: Date = Date()) throws {
        try self.init(format: format, url: url, name: url.path, modified: modified) {
            archive_write_open_filename($0, url.path)
        }
    }

    /// Appends to an open file descriptor, which stays open after ``close()``; `name` names the file in messages.
    convenience init(descriptor: Int32, name: String, format: LibArchiveFormat) throws {
        try self.init(format: format, url: nil, name: name, modified: Date(timeIntervalSince1970: 0)) {
            archive_write_open_fd($0, descriptor)
        }
    }

    /// Writes into memory (``bytes`` once closed); `name` names the archive in messages.
    private convenience init(memory sink: MemorySink, name: String, format: LibArchiveFormat, modified: Date) throws {
        try self.init(format: format, url: nil, name: name, modified: modified) { archive in
            // As for a regular file: the last block is not padded, so the bytes equal those of a file write.
            archive_write_set_bytes_in_last_block(archive, 1)
            return archive_write_open2(
                archive,
                Unmanaged.passUnretained(sink).toOpaque(),
                nil,
                { _, client, buffer, length in
                    guard let client, let buffer else { return -1 }
                    Unmanaged<MemorySink>.fromOpaque(client).takeUnretainedValue().bytes
                        .append(buffer.assumingMemoryBound(to: UInt8.self), count: length)
                    return la_ssize_t(length)
                },
                nil,
                nil
            )
        }
    }

    private init(
        format: LibArchiveFormat,
        url: URL?,
        name: String,
        modified: Date,
        open: (OpaquePointer) -> Int32
    ) throws {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_write_new() else { throw ArchiveError.unwritableArchive(name, "setup", nil) }
        self.archive = archive
        self.url = url
        self.name = name
        self.modified = Int(modified.timeIntervalSince1970.rounded(.down))
        switch format {
        case .zip:
            try check(archive_write_set_format_zip(archive), "zip format")
        case .tar(let algorithm, let level):
            try check(archive_write_set_format_pax_restricted(archive), "tar format")
            switch algorithm {
            case .zstd: try checkInProcess(archive_write_add_filter_zstd(archive), "zstd")
            case .xz: try checkInProcess(archive_write_add_filter_xz(archive), "xz")
            case .gzip:
                try checkInProcess(archive_write_add_filter_gzip(archive), "gzip")
                // No time in the gzip header (libarchive writes the clock's by default): the same entries written
                // twice, a second apart, give the same bytes.
                _ = archive_write_set_filter_option(archive, "gzip", "timestamp", nil)
            case nil: break
            }
            if let level {
                try check(
                    archive_write_set_filter_option(archive, nil, "compression-level", "\(level)"),
                    "compression level \(level)"
                )
            }
        case .gzipMember:
            try check(archive_write_set_format_raw(archive), "raw format")
            try checkInProcess(archive_write_add_filter_gzip(archive), "gzip")
            // No name or time in the gzip header: the same records give the same bytes.
            _ = archive_write_set_filter_option(archive, "gzip", "timestamp", nil)
        }
        try check(open(archive), "open")
    }

    deinit {
        if !closed { archive_write_close(archive) }
        archive_write_free(archive)
    }

    /// Writes `files` in order into a new archive at `url`, then flushes it to disk.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file, or
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` for an unsafe entry name.
    public static func write(_ files: [BagFile], to url: URL, format: LibArchiveFormat, modified: Date) throws {
        let writer = try LibArchiveWriter(url: url, format: format, modified: modified)
        for file in files { try writer.add(file.path, file.data) }
        try writer.close()
    }

    /// The archive of `files`, in order, as bytes: what ``write(_:to:format:modified:)`` would write into a file.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming `name`, or
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` for an unsafe entry name.
    public static func data(
        _ files: [BagFile],
        name: String,
        format: LibArchiveFormat,
        modified: Date
    ) throws -> Data {
        let sink = MemorySink()
        try withExtendedLifetime(sink) {
            let writer = try LibArchiveWriter(memory: sink, name: name, format: format, modified: modified)
            for file in files { try writer.add(file.path, file.data) }
            try writer.close()
        }
        return sink.bytes
    }

    /// Adds one regular file.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file, or
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` when `path` is empty, absolute, climbs with `..` or holds a
    ///   NUL.
    public func add(_ path: String, _ data: Data) throws {
        try EntryName.check(path, in: name)
        guard let entry = archive_entry_new() else { throw ArchiveError.unwritableArchive(name, "entry \(path)", nil) }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname_utf8(entry, path)
        archive_entry_set_filetype(entry, UInt32(CARCHIVE_AE_IFREG))
        archive_entry_set_perm(entry, 0o644)
        archive_entry_set_size(entry, Int64(data.count))
        archive_entry_set_mtime(entry, modified, 0)
        try check(archive_write_header(archive, entry), "header of \(path)")
        let written = data.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
            return archive_write_data(archive, base, buffer.count)
        }
        if written != data.count { try check(ARCHIVE_FATAL, "data of \(path)") }
    }

    /// Finishes the archive and, when it was opened on a file, flushes it to disk.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file.
    public func close() throws {
        closed = true
        try check(archive_write_close(archive), "close")
        guard let url else { return }
        do {
            try FileSync.sync(fileAt: url)
        } catch {
            throw ArchiveError(
                .writeFailed,
                "Could not flush \(name) to disk. Check the free space and the health of its volume.",
                underlying: error
            )
        }
    }

    /// A compression filter must run inside the process: libarchive warns when, lacking the library, it would run
    /// an external program for it instead.
    private func checkInProcess(_ status: Int32, _ compression: String) throws {
        try check(status, "\(compression) filter")
        guard status == ARCHIVE_OK else {
            throw ArchiveError(
                .writeFailed,
                "Cannot write \(name) with \(compression): this machine's libarchive has no \(compression) library and "
                    + "would run an external program. Install a libarchive built with it (Debian: libarchive13)."
            )
        }
    }

    private func check(_ status: Int32, _ step: String) throws {
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            throw ArchiveError.unwritableArchive(name, step, archive)
        }
    }
}

/// Where an archive written into memory collects its bytes.
private final class MemorySink {
    var bytes = Data()
}
