import CArchive
import Foundation

/// The one mapping from libarchive's failures to ``ArchiveError``: whoever reads or writes, the same failure gives
/// the same code, with the file named.
extension ArchiveError {
    /// A tar, zip or gzip file that libarchive cannot read: damaged, truncated or of another kind.
    ///
    /// Code ``Code-swift.struct/undecodableInput``.
    static func unreadableArchive(_ file: String, _ step: String, _ archive: OpaquePointer?) -> ArchiveError {
        ArchiveError(
            .undecodableInput,
            "\(file) is damaged or is not a tar or zip file (\(step): \(libarchiveDetail(archive))); "
                + "a complete, undamaged copy is needed."
        )
    }

    /// A tar, zip or gzip file that libarchive cannot write.
    ///
    /// Code ``Code-swift.struct/writeFailed``.
    static func unwritableArchive(_ file: String, _ step: String, _ archive: OpaquePointer?) -> ArchiveError {
        ArchiveError(
            .writeFailed,
            "Could not write \(file) (\(step): \(libarchiveDetail(archive))). "
                + "Check the free space and the permissions of its folder."
        )
    }

    /// An entry whose name or kind could put a file outside the folder it is unpacked into.
    ///
    /// Code ``Code-swift.struct/invalidBag``.
    static func unsafeEntry(_ path: String, in file: String, _ problem: String) -> ArchiveError {
        ArchiveError(
            .invalidBag,
            "\(file) is refused: its entry '\(path.replacingOccurrences(of: "\0", with: "\\0"))' \(problem). "
                + "Ask its sender for a copy made of plain files with relative paths."
        )
    }

    static func libarchiveDetail(_ archive: OpaquePointer?) -> String {
        guard let archive else { return "libarchive could not allocate its state" }
        return archive_error_string(archive).map { String(cString: $0) } ?? "status \(archive_errno(archive))"
    }
}
