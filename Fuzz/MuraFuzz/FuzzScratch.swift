import ArchiveCore
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private temporary folder of one fuzzing process, removed when it exits: inputs that must be files
/// (serialized bags, bundles, tag files) are written here, and an archive made here receives bags and looks up
/// tokens.
final class FuzzScratch: Sendable {
    static let shared = FuzzScratch()

    let root: URL

    private init() {
        root = FileManager.default.temporaryDirectory.appending(
            path: "mura-fuzz-\(getpid())-\(UUID().uuidString.prefix(8))",
            directoryHint: .isDirectory
        )
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Removes the folder when the process exits normally (libFuzzer ends with `exit`).
    func removeOnExit() {
        atexit { try? FileManager.default.removeItem(at: FuzzScratch.shared.root) }
    }

    /// A path in the scratch folder.
    func url(_ name: String) -> URL { root.appending(path: name) }

    /// Writes `data` to a scratch file, replacing it.
    func write(_ data: Data, to name: String) -> URL {
        let url = url(name)
        try! data.write(to: url)
        return url
    }

    /// An archive in the scratch folder, made on first use, with the secret of its one read token.
    static let archive: (archive: Archive, tokenSecret: String) = {
        try! waitFor {
            let archive = try await Archive.create(
                at: shared.url("archive"),
                logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            return (archive, try await archive.createAccessToken(role: .read, name: "fuzz").secret)
        }
    }()
}
