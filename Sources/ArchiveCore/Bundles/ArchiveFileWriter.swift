import CArchive
public import Foundation

/// Streams files into a tar (optionally compressed) or zip file through libarchive, one entry at a time.
///
/// Not `Sendable`: create, fill and close it inside one function.
///
/// ```swift
/// let writer = try ArchiveFileWriter(url: target, format: .tar(.zstd))
/// try writer.add("data/a.txt", data)
/// try writer.close()
/// ```
public final class ArchiveFileWriter {
    /// The container and its compression.
    public enum Format: Sendable, Equatable {
        case tar(BundleCompression.Algorithm?)
        case zip

        /// The format for a file name ending in `.tar`, `.tar.zst`, `.tar.gz`, `.tar.xz` or `.zip`.
        public init?(fileName: String) {
            let name = fileName.lowercased()
            if name.hasSuffix(".zip") {
                self = .zip
            } else if name.hasSuffix(".tar") {
                self = .tar(nil)
            } else if let algorithm = BundleCompression.Algorithm.allCases.first(where: {
                name.hasSuffix("." + $0.fileExtension)
            }) {
                self = .tar(algorithm)
            } else {
                return nil
            }
        }
    }

    private let archive: OpaquePointer
    private let url: URL
    private var closed = false

    /// Opens `url` for writing (replacing it).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file.
    public init(url: URL, format: Format, modified: Date = Date()) throws {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_write_new() else {
            throw ArchiveError(.writeFailed, "libarchive could not allocate a writer for \(url.path)")
        }
        self.archive = archive
        self.url = url
        self.modified = Int(modified.timeIntervalSince1970)
        switch format {
        case .zip:
            try check(archive_write_set_format_zip(archive), "zip format")
        case .tar(let compression):
            try check(archive_write_set_format_pax_restricted(archive), "tar format")
            switch compression {
            case .zstd: try check(archive_write_add_filter_zstd(archive), "zstd filter")
            case .xz: try check(archive_write_add_filter_xz(archive), "xz filter")
            case .gzip: try check(archive_write_add_filter_gzip(archive), "gzip filter")
            case nil: break
            }
        }
        try check(archive_write_open_filename(archive, url.path), "open")
    }

    private let modified: Int

    deinit {
        if !closed { archive_write_close(archive) }
        archive_write_free(archive)
    }

    /// Adds one regular file.
    public func add(_ path: String, _ data: Data) throws {
        guard let entry = archive_entry_new() else {
            throw ArchiveError(.writeFailed, "libarchive could not allocate an entry for \(path)")
        }
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

    /// Finishes the file and flushes it to disk.
    public func close() throws {
        closed = true
        try check(archive_write_close(archive), "close")
        try FileSync.sync(fileAt: url)
    }

    private func check(_ status: Int32, _ step: String) throws {
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            let detail = archive_error_string(archive).map { String(cString: $0) } ?? "status \(status)"
            throw ArchiveError(.writeFailed, "Could not write \(url.path): \(step): \(detail)")
        }
    }
}
