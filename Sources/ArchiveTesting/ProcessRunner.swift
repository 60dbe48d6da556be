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
        let outFile = FileManager.default.temporaryDirectory.appending(path: "mura-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appending(path: "mura-err-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        let outDescriptor = try openForWriting(outFile)
        defer { close(outDescriptor) }
        let errDescriptor = try openForWriting(errFile)
        defer { close(errDescriptor) }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ChildProcess.posixError("cannot make a pipe") }
        // Every child started here closes all but its three streams; close-on-exec also keeps other programs (not
        // started here) from holding the write end, which would leave this child's input open forever.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let child: ChildProcess
        do {
            defer { close(ends[0]) }
            child = try ChildProcess(
                executable,
                arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                in: directory,
                standardStreams: (ends[0], outDescriptor, errDescriptor)
            )
        } catch {
            close(ends[1])
            throw error
        }
        // A program that exits before reading its input must not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        try? writer.write(contentsOf: input)
        try? writer.close()
        return Output(
            status: child.terminationStatus,
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
    public static func launch(
        _ executable: URL,
        _ arguments: [String],
        in directory: URL,
        log: URL
    ) throws -> ChildProcess {
        let output = try openForWriting(log)
        defer { close(output) }
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw ChildProcess.posixError("cannot open /dev/null") }
        defer { close(input) }
        return try ChildProcess(
            executable,
            arguments,
            environment: ProcessInfo.processInfo.environment,
            in: directory,
            standardStreams: (input, output, output)
        )
    }

    /// `file`, created empty or truncated, open for writing (not inherited by children but through dup2).
    private static func openForWriting(_ file: URL) throws -> Int32 {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ChildProcess.posixError("cannot open \(file.path)") }
        return descriptor
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
