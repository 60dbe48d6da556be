import ArchiveCore
import Foundation
import Logging

/// Whether reads need a token, as the archive's settings say now: `mura token reads token` takes effect on a
/// running service within a second, without a restart.
///
/// The settings file's modification time is looked at once a second at most, and the file is read again only
/// when it changed. If it cannot be read, the last setting read stays in force (the file is always replaced whole,
/// so this means it was removed or damaged by hand) and the problem is logged.
final class ReadAccessSetting: @unchecked Sendable {
    private let archive: Archive
    private let logger: Logger
    private let lock = NSLock()
    private var readsNeedToken: Bool
    private var stamp: Date?
    private var checked = ContinuousClock.now

    private static let interval = Duration.seconds(1)

    init(archive: Archive, logger: Logger) {
        self.archive = archive
        self.logger = logger
        readsNeedToken = archive.settings.readsNeedToken
        stamp = Self.modified(archive)
    }

    /// Whether reads need a token now.
    var current: Bool {
        lock.withLock {
            let now = ContinuousClock.now
            guard now - checked >= Self.interval else { return readsNeedToken }
            checked = now
            let modified = Self.modified(archive)
            guard modified != stamp else { return readsNeedToken }
            do {
                readsNeedToken = try archive.currentSettings().readsNeedToken
                stamp = modified
                logger.info("Reads now \(readsNeedToken ? "need a token" : "are open"), as the archive's settings say.")
            } catch {
                logger.error("\(error); reads keep the setting read before.")
            }
            return readsNeedToken
        }
    }

    private static func modified(_ archive: Archive) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: archive.settingsFile.path))?[.modificationDate] as? Date
    }
}
