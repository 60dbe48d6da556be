import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process still runs: a staging file names its writer's process, and what a process that is gone left
/// may be cleared.
enum ProcessLiveness {
    /// Whether process `pid` runs (one of another user's answers "not permitted", which means it runs). A process
    /// that was killed and not yet reaped by its parent (a zombie) answers signals but writes nothing: it is gone.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !isZombie(pid)
    }

    /// Whether `/proc` says the process has ended: its state, the field after its name in parentheses, is Z or X.
    private static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
            let close = stat.lastIndex(of: UInt8(ascii: ")")), stat.index(close, offsetBy: 2) < stat.endIndex
        else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state == UInt8(ascii: "Z") || state == UInt8(ascii: "X")
    }
}
