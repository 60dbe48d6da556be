#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a process still runs: a staging file names its writer's process, and what a process that is gone left
/// may be cleared.
enum ProcessLiveness {
    /// Whether process `pid` runs (one of another user's answers "not permitted", which means it runs).
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
