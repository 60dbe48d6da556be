import CArchive
public import Foundation

/// Writes and reads compressed tar files through libarchive.
public enum TarArchive {
    /// Writes `files` as a pax tar compressed with `compression` to `url`, then flushes it to disk.
    ///
    /// - Parameters:
    ///   - files: The entries, in order; paths are relative and UTF-8.
    ///   - url: Where to write; an existing file is replaced.
    ///   - compression: The filter and level.
    ///   - modified: The modification time given to every entry.
    /// - Throws: ``ArchiveError/Code-swift.struct/bundleIO`` naming the file and libarchive's message.
    public static func write(
        _ files: [BagFile],
        to url: URL,
        compression: BundleCompression,
        modified: Date
    ) throws {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_write_new() else {
            throw ArchiveError(.bundleIO, "libarchive could not allocate a writer for \(url.path)")
        }
        defer { archive_write_free(archive) }

        func check(_ status: Int32, _ step: String) throws {
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
                let detail = archive_error_string(archive).map { String(cString: $0) } ?? "status \(status)"
                throw ArchiveError(.bundleIO, "Could not write bundle \(url.path): \(step): \(detail)")
            }
        }

        try check(archive_write_set_format_pax_restricted(archive), "tar format")
        switch compression.algorithm {
        case .zstd: try check(archive_write_add_filter_zstd(archive), "zstd filter")
        case .xz: try check(archive_write_add_filter_xz(archive), "xz filter")
        case .gzip: try check(archive_write_add_filter_gzip(archive), "gzip filter")
        }
        try check(
            archive_write_set_filter_option(archive, nil, "compression-level", "\(compression.level)"),
            "compression level \(compression.level)"
        )
        try check(archive_write_open_filename(archive, url.path), "open")

        let seconds = Int(modified.timeIntervalSince1970.rounded(.down))
        for file in files {
            guard let entry = archive_entry_new() else {
                throw ArchiveError(.bundleIO, "libarchive could not allocate an entry for \(file.path)")
            }
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname_utf8(entry, file.path)
            archive_entry_set_filetype(entry, UInt32(CARCHIVE_AE_IFREG))
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_size(entry, Int64(file.data.count))
            archive_entry_set_mtime(entry, seconds, 0)
            try check(archive_write_header(archive, entry), "header of \(file.path)")
            let written = file.data.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
                return archive_write_data(archive, base, buffer.count)
            }
            guard written == file.data.count else {
                try check(ARCHIVE_FATAL, "data of \(file.path)")
                return
            }
        }
        try check(archive_write_close(archive), "close")
        try FileSync.sync(fileAt: url)
    }

    /// Reads every regular file of a (compressed) tar at `url`.
    ///
    /// Entries that are not regular files, or whose paths are absolute or contain `..`, are refused: a bundle
    /// never holds them.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the file.
    public static func read(from url: URL) throws -> [BagFile] {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_read_new() else {
            throw ArchiveError(.bundleIO, "libarchive could not allocate a reader for \(url.path)")
        }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_tar(archive)

        func failure(_ step: String) -> ArchiveError {
            let detail = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
            return ArchiveError(
                .corruptBundle,
                "Bundle \(url.path) is unreadable (\(step): \(detail)). Run `mura verify` to list damaged bundles."
            )
        }

        guard archive_read_open_filename(archive, url.path, 64 * 1024) == ARCHIVE_OK else {
            throw failure("open")
        }
        var files: [BagFile] = []
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw failure("header") }
            let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
            let type = archive_entry_filetype(entry)
            if type == UInt32(CARCHIVE_AE_IFDIR) { continue }
            guard type == UInt32(CARCHIVE_AE_IFREG), Self.isSafe(path) else {
                throw ArchiveError(
                    .corruptBundle,
                    "Bundle \(url.path) holds an entry '\(path)' that is not a plain relative file."
                )
            }
            // The header's size is only a claim, which a damaged bundle can make absurd: reserve at most 16 MiB.
            var data = Data(capacity: Int(min(max(0, archive_entry_size(entry)), 1 << 24)))
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else { throw failure("data of \(path)") }
                data.append(contentsOf: buffer[0..<count])
            }
            files.append(BagFile(path: path, data: data))
        }
        return files
    }

    private static func isSafe(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }
}
