import Foundation

/// Runs the program's asynchronous work on the main thread, which waits for jobs and runs them until the work is
/// done.
///
/// An `async` main would end the main thread (`dispatch_main`), and for a statically linked executable that is an
/// unwinding that reads its whole frame table; and a task on the global executor starts threads, each of which costs
/// about as much as a step of a restore. Work that another thread resumes comes back to the main thread here.
final class WaitingMain: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {}

    /// Runs `body` and returns its exit status once it finishes.
    static func run(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
        let executor = WaitingMain()
        let outcome = Outcome()
        Task.detached(executorPreference: executor) {
            let status = await body()
            executor.finish(outcome, status)
        }
        while true {
            executor.condition.lock()
            while executor.jobs.isEmpty && outcome.status == nil { executor.condition.wait() }
            if let status = outcome.status, executor.jobs.isEmpty {
                executor.condition.unlock()
                return status
            }
            let job = executor.jobs.removeFirst()
            executor.condition.unlock()
            job.runSynchronously(on: executor.asUnownedTaskExecutor())
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func finish(_ outcome: Outcome, _ status: Int32) {
        condition.lock()
        outcome.status = status
        condition.signal()
        condition.unlock()
    }

    /// The exit status, set under the condition's lock.
    private final class Outcome: @unchecked Sendable {
        var status: Int32?
    }
}
