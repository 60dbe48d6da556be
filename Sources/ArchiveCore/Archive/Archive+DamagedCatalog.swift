public import Foundation
import GRDB
public import Logging

extension Archive {
    /// Rebuilds the catalog of the archive in `folder` from its bundles (``rebuildCatalog(allowEmpty:)``); a catalog
    /// file SQLite finds damaged (its pages malformed, or no database at all) cannot be emptied and filled again, so
    /// it is moved aside, beside the archive's files, and a new one is built.
    ///
    /// - Returns: The rebuild's report, naming the damaged file's new place when it was moved aside.
    public static func rebuildCatalog(
        at folder: URL,
        logger: Logger,
        allowEmpty: Bool = false,
        searchIndexProgress: (@Sendable (_ done: Int, _ finished: Bool) -> Void)? = nil
    ) async throws -> RebuildReport {
        let rebuild = {
            try await open(
                at: folder,
                logger: logger,
                rebuildingCatalog: true,
                searchIndexProgress: searchIndexProgress
            )
            .rebuildCatalog(allowEmpty: allowEmpty)
        }
        // A catalog built where there was none is marked until it is complete: other commands refuse it meanwhile.
        let marker = folder.appending(path: rebuildMarkerName)
        let mark = {
            if !FileManager.default.fileExists(atPath: marker.path) { try FileSync.write(Data(), to: marker) }
        }
        if fileSize(folder.appending(path: catalogFileName).path) ?? 0 == 0 { try mark() }
        var report: RebuildReport
        do {
            report = try await rebuild()
        } catch let error as ArchiveError where error.code == .catalog && isDamage(error.underlying) {
            // The archive opened above is released by now, and its connections with it.
            let aside = try setAsideDamagedCatalog(in: folder)
            logger.warning("the damaged catalog was moved aside", metadata: ["file": "\(aside.path)"])
            try mark()
            report = try await rebuild()
            report.damagedCatalog = aside.path
        }
        try? FileManager.default.removeItem(at: marker)
        return report
    }

    /// Whether SQLite said the file is damaged: malformed pages, or not a database.
    private static func isDamage(_ error: (any Error)?) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Moves the catalog file and its `-wal` and `-shm` companions to `catalog.sqlite.damaged-<time>`.
    private static func setAsideDamagedCatalog(in folder: URL) throws -> URL {
        let stamp = ArchiveDate.format(Date()).filter { $0.isNumber }
        let aside = "\(catalogFileName).damaged-\(stamp)"
        for suffix in ["", "-wal", "-shm"] {
            let file = folder.appending(path: catalogFileName + suffix)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            do {
                try FileManager.default.moveItem(at: file, to: folder.appending(path: aside + suffix))
            } catch {
                throw ArchiveError(
                    .catalog,
                    "The catalog \(file.path) is damaged and could not be moved aside to be rebuilt. Move it away "
                        + "yourself, then run `mura catalog rebuild` again.",
                    underlying: error
                )
            }
        }
        return folder.appending(path: aside)
    }
}
