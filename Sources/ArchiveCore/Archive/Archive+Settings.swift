public import Foundation

extension Archive {
    /// Changes the archive's settings and returns the archive with them. Running services read the settings when
    /// they start.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when the settings file cannot be replaced.
    public func changingSettings(_ change: (inout ArchiveSettings) -> Void) throws -> Archive {
        var changed = settings
        change(&changed)
        try writeLock.withLock {
            do {
                try changed.write(to: root.appending(path: ArchiveSettings.fileName))
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
            logger: logger
        )
    }
}
