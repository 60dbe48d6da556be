public import Foundation
public import Logging

/// A Mura archive: a catalog and a bundle store, opened from a folder.
///
/// Every front end (CLI, HTTP server) goes through this type; none touches SQL or libarchive directly.
///
/// ```swift
/// let archive = try await Archive.open(at: URL(filePath: "Archives"), logger: logger)
/// let results = try await archive.ingest(IngestRequest(data: bytes, name: "page.txt"), registry: registry)
/// ```
///
/// Operations that touch the catalog are `async`: catalog queries suspend (``Catalog``), and the work that blocks a
/// thread (the bundle store's files, compression, hashing, parsing, the journals) runs on ``blocking``.
public struct Archive: Sendable {
    /// The archive folder.
    public let root: URL
    /// The archive's settings.
    public let settings: ArchiveSettings
    /// The catalog.
    public let catalog: any Catalog
    /// The bundle store.
    public let store: any BundleStore
    /// The journal of observations.
    public let journal: any ObservationJournal
    /// The access tokens of the archive service.
    public let accessTokens: any AccessTokenStore
    /// Where blocking work runs (Dispatch threads by default; the archive service gives its own threads).
    public let blocking: any BlockingExecutor
    let logger: Logger
    /// The zstd dictionaries read so far, shared by the copies of this archive value.
    private(set) var dictionaries: DictionaryCache
    /// One writer at a time, in this process and others.
    var writeLock: WriteLock { WriteLock(archive: root) }

    /// Assembles an archive from its parts (for other catalog or store implementations).
    public init(
        root: URL,
        settings: ArchiveSettings,
        catalog: any Catalog,
        store: any BundleStore,
        journal: any ObservationJournal,
        accessTokens: any AccessTokenStore,
        blocking: any BlockingExecutor = BlockingWork.dispatch,
        logger: Logger
    ) {
        self.root = root
        self.settings = settings
        self.catalog = catalog
        self.store = store
        self.journal = journal
        self.accessTokens = accessTokens
        self.blocking = blocking
        self.logger = logger
        dictionaries = DictionaryCache()
    }

    /// The same archive, running its blocking work on `executor`.
    public func runningBlockingWork(on executor: any BlockingExecutor) -> Archive {
        var archive = Archive(
            root: root,
            settings: settings,
            catalog: catalog,
            store: store.runningBlockingWork(on: executor),
            journal: journal,
            accessTokens: accessTokens,
            blocking: executor,
            logger: logger
        )
        archive.dictionaries = dictionaries
        return archive
    }

    /// Runs blocking work (file reads, parsing, compression) on the archive's executor (see
    /// ``runningBlockingWork(on:)``).
    public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await blocking.run(body)
    }

    /// Creates a new archive in `folder` (created if missing; it may hold only a README, hidden files, and what
    /// an interrupted `create` left: the settings file is written last, so until it exists the folder is no archive).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/archiveExists`` when the folder is already an archive or holds
    ///   other files.
    @discardableResult
    public static func create(
        at folder: URL,
        settings: ArchiveSettings = .init(),
        logger: Logger
    ) async throws -> Archive {
        try settings.compression.validate()
        let manager = FileManager.default
        let marker = folder.appending(path: ArchiveSettings.fileName)
        if manager.fileExists(atPath: marker.path) {
            throw ArchiveError(.archiveExists, "\(folder.path) is already a Mura archive; nothing was changed.")
        }
        let existing = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") && $0 != "README.md" && !$0.hasPrefix(catalogFileName) && $0 != "tmp" }
        guard existing.isEmpty else {
            throw ArchiveError(
                .archiveExists,
                "\(folder.path) is not empty (it holds \(existing.sorted().prefix(3).joined(separator: ", "))). "
                    + "Create the archive in a new or empty folder."
            )
        }
        do {
            try await BlockingWork.run {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                _ = try SQLiteCatalog(path: folder.appending(path: catalogFileName).path)
                try settings.write(to: marker)
            }
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError(.bundleIO, "Could not create an archive in \(folder.path)", underlying: error)
        }
        logger.info("created archive", metadata: ["archive": "\(folder.path)"])
        return try await open(at: folder, logger: logger)
    }

    /// Opens an existing archive, removes staging files left by an interrupted write, and completes the search
    /// index when versions are missing from it (an archive stored before it existed, a rebuilt catalog), reporting
    /// the versions indexed so far to `searchIndexProgress`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/notAnArchive`` with the command that creates one.
    /// - Parameter rebuildingCatalog: Whether the archive is opened to rebuild its catalog from its bundles (`mura
    ///   catalog rebuild`), which may be missing; any other open refuses an archive whose catalog is gone while its
    ///   bundles are there.
    public static func open(
        at folder: URL,
        logger: Logger,
        rebuildingCatalog: Bool = false,
        searchIndexProgress: (@Sendable (_ done: Int, _ finished: Bool) -> Void)? = nil
    ) async throws -> Archive {
        let archive = try await opened(
            at: folder,
            logger: logger,
            readingOnly: false,
            rebuildingCatalog: rebuildingCatalog
        )
        try await archive.recoverInterruptedWrites()
        await archive.journalCatalogRecords()
        let removed = try await archive.store.removeStaleStagingFiles()
        if removed > 0 {
            logger.notice("removed staging files left by an interrupted write", metadata: ["count": "\(removed)"])
        }
        do {
            try await archive.completeSearchIndex(progress: searchIndexProgress)
        } catch let error as ArchiveError {
            // Searches miss what is not indexed yet; everything else works, and the next open tries again.
            logger.warning("the search index could not be completed", metadata: ["error": "\(error)"])
        }
        return archive
    }

    /// Opens an archive for reading versions only (a restore, a show): its settings and catalog, nothing more. A
    /// write another process left half done is neither completed nor undone (the catalog does not name it, so no
    /// read sees it), and the search index is not completed; the next ``open(at:logger:searchIndexProgress:)`` does
    /// both. The catalog is opened to read only, so that its content is never written, not even when it closes,
    /// unless the archive records reads (``ArchiveSettings/recordsReads``) or its catalog needs migrating.
    ///
    /// Its blocking work, opening the catalog included, runs on `blocking`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/notAnArchive`` with the command that creates one.
    public static func openForReading(
        at folder: URL,
        logger: Logger,
        blocking: any BlockingExecutor = BlockingWork.dispatch
    ) async throws -> Archive {
        try await opened(at: folder, logger: logger, readingOnly: true, blocking: blocking)
    }

    /// The archive's settings and catalog; with `readingOnly`, the catalog is opened to read only unless reads are
    /// recorded or it is not migrated to this version yet.
    private static func opened(
        at folder: URL,
        logger: Logger,
        readingOnly: Bool,
        rebuildingCatalog: Bool = false,
        blocking: any BlockingExecutor = BlockingWork.dispatch
    ) async throws -> Archive {
        let marker = folder.appending(path: ArchiveSettings.fileName)
        guard let data = FileManager.default.contents(atPath: marker.path) else {
            let exists = FileManager.default.fileExists(atPath: folder.path)
            throw ArchiveError(
                .notAnArchive,
                "\(folder.path) \(exists ? "is not a Mura archive" : "does not exist"). "
                    + "Create one with `mura init --archive \(folder.path)`, or point --archive (or MURA_ARCHIVE) "
                    + "at an existing archive."
            )
        }
        let settings = try ArchiveSettings.decode(data, from: marker)
        guard settings.kind == ArchiveSettings.kindMarker else {
            throw ArchiveError(
                .notAnArchive,
                "\(marker.path) does not describe a Mura archive (its kind is '\(settings.kind)'). Point --archive "
                    + "at a Mura archive, or create one in another folder with `mura init`."
            )
        }
        guard settings.layoutVersion <= ArchiveSettings.currentLayoutVersion else {
            throw ArchiveError(
                .invalidSettings,
                "\(folder.path) uses archive layout \(settings.layoutVersion), newer than this Mura "
                    + "(\(MuraVersion.current)) reads (\(ArchiveSettings.currentLayoutVersion)). Upgrade Mura."
            )
        }
        let store = FileBundleStore(root: folder)
        let path = folder.appending(path: catalogFileName).path
        // A catalog gone beside the bundles it listed is not an empty archive: one made anew would take the next
        // capture of a page for its first version, and `list` would say the archive is empty.
        // An empty file (truncated, or left by a copy that failed) is no catalog either: SQLite would take it for a
        // new one.
        if !rebuildingCatalog, Self.fileSize(path) ?? 0 == 0, Self.fileSize(path + "-wal") ?? 0 == 0,
            Self.holdsBundles(folder)
        {
            let state = FileManager.default.fileExists(atPath: path) ? "empty" : "missing"
            throw ArchiveError(
                .catalog,
                "The catalog of \(folder.path) (\(catalogFileName)) is \(state), but its bundles/ folder holds "
                    + "versions; nothing was changed. Rebuild the catalog from the bundles with `mura catalog rebuild`, "
                    + "or put the catalog file back."
            )
        }
        if !rebuildingCatalog, FileManager.default.fileExists(atPath: folder.appending(path: rebuildMarkerName).path) {
            throw ArchiveError(
                .catalog,
                "A rebuild of the catalog of \(folder.path) was stopped before it ended: the catalog lists only part "
                    + "of the archive, so nothing was changed. Run `mura catalog rebuild` again."
            )
        }
        let catalog = try await blocking.run {
            try (readingOnly && settings.recordsReads != true ? SQLiteCatalog.readingOnly(path: path) : nil)
                ?? SQLiteCatalog(path: path)
        }
        return Archive(
            root: folder,
            settings: settings,
            catalog: catalog,
            store: store.runningBlockingWork(on: blocking),
            journal: FileObservationJournal(root: folder),
            accessTokens: catalog,
            blocking: blocking,
            logger: logger
        )
    }

    static let catalogFileName = "catalog.sqlite"

    /// The file that marks a catalog being rebuilt where there was none (or an empty one): a rebuild stopped before
    /// it ended leaves a catalog that lists part of the archive, which only another rebuild may open.
    static let rebuildMarkerName = "catalog.sqlite.rebuilding"

    /// The size of the file at `path`, or `nil` when there is none.
    static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }

    /// Whether the archive's `bundles/` folder holds a bundle file.
    private static func holdsBundles(_ folder: URL) -> Bool {
        let extensions = BundleCompression.Algorithm.allCases.map { "." + $0.fileExtension }
        guard let files = FileManager.default.enumerator(atPath: folder.appending(path: "bundles").path) else {
            return false
        }
        for case let file as String in files where extensions.contains(where: file.hasSuffix) { return true }
        return false
    }
}
