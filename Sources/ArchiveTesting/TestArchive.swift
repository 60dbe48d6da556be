public import ArchiveCore
public import Foundation
public import Logging

extension Logger {
    /// A logger that discards everything, for tests.
    public static var silent: Logger {
        Logger(label: "mura.test") { _ in SwiftLogNoOpLogHandler() }
    }
}

extension Archive {
    /// Creates an archive in `folder/archive` with a silent logger.
    public static func makeForTesting(
        in folder: URL,
        compression: BundleCompression = .default
    ) async throws -> Archive {
        try await Archive.create(
            at: folder.appending(path: "archive", directoryHint: .isDirectory),
            settings: ArchiveSettings(compression: compression),
            logger: .silent
        )
    }

    /// Every file under the archive's `bundles/` folder.
    public func bundleFiles() async throws -> [URL] {
        try await store.allKeys().map { root.appending(path: $0) }
    }

    /// Reopens the archive from its folder, as a new process would; `rebuildingCatalog` to rebuild a catalog that
    /// was deleted.
    public func reopened(rebuildingCatalog: Bool = false) async throws -> Archive {
        try await Archive.open(at: root, logger: .silent, rebuildingCatalog: rebuildingCatalog)
    }
}
