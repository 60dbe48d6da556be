import ArchiveCore
import Foundation
import Logging

extension FuzzTarget {
    /// The archive's settings file, read when an archive is opened and, while the service runs, whenever it
    /// changes.
    static let settings: [FuzzTarget] = [
        FuzzTarget(
            name: "settings",
            maximumLength: 4096,
            summary:
                "mura-archive.json: Archive.open and Archive.currentSettings on an archive whose settings are the input",
            run: { data in
                let (archive, _) = FuzzScratch.archive
                try! data.write(to: archive.settingsFile)
                _ = try? archive.currentSettings()
                _ = try? FuzzScratch.waitFor { try await Archive.open(at: archive.root, logger: logger) }
            }
        )
    ]

    private static let logger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
}
