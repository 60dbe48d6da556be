import Foundation
import GRDB

extension ArchiveError {
    /// Whether the failure comes from a full disk (or a full quota): the system's `ENOSPC` or `EDQUOT`, SQLite's
    /// `SQLITE_FULL` or Foundation's out-of-space error, here or in an error it wraps. The archive is not damaged:
    /// the same request succeeds once there is space.
    public var isStorageFull: Bool {
        var cause = underlying
        while let current = cause {
            if let posix = current as? POSIXError, [.ENOSPC, .EDQUOT].contains(posix.code) { return true }
            if let database = current as? DatabaseError, database.resultCode == .SQLITE_FULL { return true }
            if let cocoa = current as? CocoaError, cocoa.code == .fileWriteOutOfSpace { return true }
            cause = (current as? ArchiveError)?.underlying
        }
        return false
    }
}
