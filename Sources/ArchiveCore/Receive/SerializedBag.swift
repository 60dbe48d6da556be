import CArchive
import Foundation

/// Unpacking a serialized bag (`.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz`, `.zip`) through libarchive, refusing any
/// entry that would land outside the target folder or that is not a plain file or folder.
enum SerializedBag {
    static func extract(_ source: URL, into folder: URL) throws {
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
                "\(source.lastPathComponent) is not a tar or zip file (\(Self.message(archive))). Give a bag folder, or a .tar, .tar.gz, .tar.zst or .zip."
            )
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw ArchiveError(
                    .undecodableInput,
                    "\(source.lastPathComponent) is damaged: \(Self.message(archive))."
                )
            }
            let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
            let type = archive_entry_filetype(entry)
            let components = path.split(separator: "/")
            guard !path.hasPrefix("/"), !components.contains(".."), !path.isEmpty else {
                throw ArchiveError(
                    .invalidBag,
                    "The bag \(source.lastPathComponent) is invalid and was not received: entry '\(path)' points outside the bag."
                )
            }
            if type == UInt32(CARCHIVE_AE_IFDIR) {
                try FileManager.default.createDirectory(
                    at: folder.appending(path: path),
                    withIntermediateDirectories: true
                )
                continue
            }
            guard type == UInt32(CARCHIVE_AE_IFREG), archive_entry_hardlink(entry) == nil else {
                throw ArchiveError(
                    .invalidBag,
                    "The bag \(source.lastPathComponent) is invalid and was not received: entry '\(path)' is a link or "
                        + "special file; a bag holds only plain files."
                )
            }
            let target = folder.appending(path: path)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                guard count > 0 else {
                    throw ArchiveError(
                        .undecodableInput,
                        "\(source.lastPathComponent): \(path) is damaged: \(Self.message(archive))."
                    )
                }
                data.append(contentsOf: buffer[0..<count])
            }
            try data.write(to: target)
        }
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
