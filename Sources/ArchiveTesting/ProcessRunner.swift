public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs external programs (the `mura` binary, `tar`, `bagit.py`) for tests, capturing their output.
public enum ProcessRunner {
    /// What a finished process left.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input, and waits for it.
    public static func run(
        _ executable: URL,
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        in directory: URL? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let outFile = FileManager.default.temporaryDirectory.appending(path: "mura-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appending(path: "mura-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        process.standardInput = stdin
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        // A program that exits before reading its input must not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try withUnblockedSignals { try process.run() }
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: outFile),
            stderr: try Data(contentsOf: errFile)
        )
    }

    /// ``run(_:_:input:environment:in:)`` on a thread of its own, awaited: while the program runs, no Swift
    /// concurrency thread is held, so a server in the test process that the program talks to can answer it (the
    /// concurrency pool is as wide as the machine has cores, and other tests hold threads too).
    public static func run(
        detached executable: URL,
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:],
        in directory: URL? = nil
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try run(executable, arguments, input: input, environment: environment, in: directory)
                    }
                )
            }
            thread.start()
        }
    }

    /// Starts a long-running program (a server) with its output in `log`; stop it with `terminate()`.
    public static func launch(_ executable: URL, _ arguments: [String], in directory: URL, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try withUnblockedSignals { try process.run() }
        return process
    }

    /// Runs `body` with no signal blocked on this thread: a child inherits the mask of the thread that spawns it,
    /// and test threads block every signal, which leaves servers deaf to SIGTERM and event loops stuck.
    private static func withUnblockedSignals<T>(_ body: () throws -> T) rethrows -> T {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try body()
    }

    /// The first executable called `name` on `PATH`, or `nil`.
    public static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(filePath: String(folder)).appending(path: name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
