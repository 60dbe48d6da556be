import GRDB
import Testing

@testable import ArchiveCore

/// A catalog that cannot be opened because the disk is full or the user may not write beside it is not damaged: the
/// message says what to do instead of moving the catalog aside.
@Suite struct CatalogOpenFailureTests {
    @Test func theAdviceFollowsWhatSQLiteSaid() {
        let path = "/archive/catalog.sqlite"
        let full = SQLiteCatalog.openFailure(path, DatabaseError(resultCode: .SQLITE_FULL))
        #expect(full.message.contains("disk that holds the archive is full") && !full.message.contains("rebuild"))
        let readOnly = SQLiteCatalog.openFailure(path, DatabaseError(resultCode: .SQLITE_READONLY))
        #expect(readOnly.message.contains("may read and write") && !readOnly.message.contains("rebuild"))
        let damaged = SQLiteCatalog.openFailure(path, DatabaseError(resultCode: .SQLITE_CORRUPT))
        #expect(damaged.message.contains("move it aside and run `mura catalog rebuild`"))
        #expect([full, readOnly, damaged].allSatisfy { $0.code == .catalog && $0.message.contains(path) })
        // SQLite's full disk is a full disk (the service answers it with 507), damage is not.
        #expect(full.isStorageFull && !damaged.isStorageFull)
    }
}
