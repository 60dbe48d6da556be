import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a package is written before it is moved into place: `.<name>.partial-<pid>-<random>` beside its target, so
/// that a reader never sees half a package. What an export that was killed left there (its process gone) is removed
/// when the next export to the same target begins.
enum ExportStaging {
    /// A new staging path for `target`, after removing what dead exports to it left.
    static func path(for target: URL) -> URL {
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(prefix) && !ownerIsAlive(name.dropFirst(prefix.count)) {
            try? FileManager.default.removeItem(at: parent.appending(path: name))
        }
        return parent.appending(path: prefix + "\(getpid())-\(UUID().uuidString.prefix(8).lowercased())")
    }

    /// Whether the process named at the start of `suffix` (`<pid>-<random>`) still runs; a name without a pid is
    /// an older Mura's, whose writer is not known, and is left alone.
    private static func ownerIsAlive(_ suffix: Substring) -> Bool {
        guard let dash = suffix.firstIndex(of: "-"), let pid = pid_t(suffix[..<dash]) else { return true }
        return pid == getpid() || ProcessLiveness.isRunning(pid)
    }
}
