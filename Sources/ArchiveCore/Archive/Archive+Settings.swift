public import Foundation

extension Archive {
    /// Changes the archive's settings and returns the archive with them. A running service follows the read-access
    /// setting within a second; other settings apply to what it writes after a restart.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when the settings file cannot be replaced.
    public func changingSettings(_ change: (inout ArchiveSettings) -> Void) async throws -> Archive {
        var changed = settings
        change(&changed)
        let settingsFile = settingsFile
        try await writeLock.withLock {
            do {
                try await runBlocking { [changed] in try changed.write(to: settingsFile) }
            } catch let error as ArchiveError {
                throw error
            } catch {
                throw ArchiveError(.writeFailed, "Could not write the settings of \(root.path)", underlying: error)
            }
        }
        return Archive(
            root: root,
            settings: changed,
            catalog: catalog,
            store: store,
            journal: journal,
            accessTokens: accessTokens,
            blocking: blocking,
            logger: logger
        )
    }

    /// The settings as the archive's settings file states them now. Another process (`mura token reads`) may
    /// have changed them since this archive was opened; the file is always replaced whole.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidSettings`` when the file cannot be read as settings.
    public func currentSettings() throws -> ArchiveSettings {
        guard let data = FileManager.default.contents(atPath: settingsFile.path) else {
            throw ArchiveError(.invalidSettings, "\(settingsFile.path) cannot be read; restore it from a backup.")
        }
        return try ArchiveSettings.decode(data, from: settingsFile)
    }

    /// The archive's settings file, `mura-archive.json`, which also marks its folder as an archive.
    public var settingsFile: URL { root.appending(path: ArchiveSettings.fileName) }
}
