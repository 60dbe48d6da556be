import Foundation

/// A private temporary folder (mode 0700) for staging an export, deleted by ``remove()`` or with its last reference.
final class ScratchFolder: Sendable {
    let url: URL

    /// Makes the folder once it is sure the export's `bytes` fit: within the service's `limit` and within the free
    /// space of the temporary volume.
    ///
    /// - Throws: ``ServiceError`` 507 naming the sizes and what to do.
    init(reserving bytes: Int, limit: Int) throws {
        let base = FileManager.default.temporaryDirectory
        if bytes > limit {
            throw ServiceError.insufficientStorage(
                "This export needs about \(Self.megabytes(bytes)) of temporary space, more than the service allows "
                    + "(\(Self.megabytes(limit))); export fewer documents or a date range, use `mura export` on the "
                    + "archive's machine, or start the service with a larger --max-scratch-size."
            )
        }
        let free = (try? base.resourceValues(forKeys: [.volumeAvailableCapacityKey]))?.volumeAvailableCapacity
        if let free, bytes > free {
            throw ServiceError.insufficientStorage(
                "This export needs about \(Self.megabytes(bytes)) of temporary space and the service's "
                    + "temporary volume has \(Self.megabytes(free)) free; free some space or export fewer documents."
            )
        }
        url = base.appending(path: "mura-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url,
            withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o700]
        )
    }

    /// Deletes the folder now, before its last reference goes; nothing is left to delete then.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    deinit {
        remove()
    }

    private static func megabytes(_ bytes: Int) -> String {
        bytes < 1 << 20 ? "\(bytes) bytes" : "\(bytes >> 20) MB"
    }
}
