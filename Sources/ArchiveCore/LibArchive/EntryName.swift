import CArchive

/// The one check of entry names and kinds that every archive Mura reads or writes goes through: an entry is a
/// plain file or folder with a relative path that stays below the folder it is unpacked into.
enum EntryName {
    /// Why `path` may not be an entry name, or `nil` when it may: empty, absolute, climbing with `..`, or holding
    /// a NUL.
    static func problem(with path: String) -> String? {
        if path.isEmpty { return "has no name" }
        if path.contains("\0") { return "holds a NUL character" }
        if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            return "points outside the folder it unpacks to"
        }
        return nil
    }

    /// Refuses a name that ``problem(with:)`` objects to.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` naming `file` and the entry.
    static func check(_ path: String, in file: String) throws {
        if let problem = problem(with: path) { throw ArchiveError.unsafeEntry(path, in: file, problem) }
    }

    /// Refuses an entry read from an archive whose name is unsafe, or that is a link (symbolic or hard) or a
    /// special file, which could make a later write land outside the folder.
    ///
    /// - Returns: Whether the entry is a folder (otherwise it is a regular file).
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` naming `file` and the entry.
    static func check(_ entry: OpaquePointer, path: String, in file: String) throws -> Bool {
        try check(path, in: file)
        let type = archive_entry_filetype(entry)
        guard type == UInt32(CARCHIVE_AE_IFDIR) || type == UInt32(CARCHIVE_AE_IFREG),
            archive_entry_hardlink(entry) == nil, archive_entry_symlink(entry) == nil
        else {
            throw ArchiveError.unsafeEntry(path, in: file, "is a link or special file; a bag holds only plain files")
        }
        return type == UInt32(CARCHIVE_AE_IFDIR)
    }
}
