import ArchiveCore

/// Runs an archive's blocking work on the thread of the task that asks for it: for a command that does one thing
/// at a time, where handing each step to another thread only costs the time to start that thread and wake it.
struct CallingThread: BlockingExecutor {
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try body()
    }
}
