import ArchiveCore
import Foundation

extension FuzzTarget {
    /// The archive's settings file, read when an archive is opened and, while the service runs, whenever it
    /// changes.
    static let settings: [FuzzTarget] = [
        FuzzTarget(
            name: "settings",
            maximumLength: 4096,
            summary:
                "mura-archive.json: the settings an archive reads from the input, and their round trip through the file",
            run: { data in
                let (archive, _) = FuzzScratch.archive
                try! data.write(to: archive.settingsFile)
                guard let settings = try? archive.currentSettings() else { return }
                // What the archive accepts, it must write back in a form it reads as the same settings. Opening
                // an archive adds only the kind and layout checks to this parse, and a catalog open per input
                // would make this target a hundred times slower.
                try! JSONEncoder().encode(settings).write(to: archive.settingsFile)
                precondition(
                    (try? archive.currentSettings()) == settings,
                    "settings change in a round trip through their file"
                )
            }
        )
    ]
}
