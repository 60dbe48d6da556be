public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started with `posix_spawn`: its standard streams on given descriptors, every other descriptor of the
/// test process closed in it, no signal blocked or ignored.
///
/// Foundation's `Process` is not used: on Linux its `run()` lists `/proc/self/fd` with a read past the end of each
/// directory entry, which crashes now and then in a test process holding many descriptors.
public final class ChildProcess: Sendable {
    /// The process's identifier.
    public let processIdentifier: pid_t
    /// Its wait status once reaped.
    private let waitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` and `environment` in `directory`, its standard input, output and error
    /// on the descriptors given (duplicated into the child; the caller keeps and closes its own).
    init(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String],
        in directory: URL?,
        standardStreams: (input: Int32, output: Int32, error: Int32)
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The callers' descriptors are their own files and pipes, all above 2, so no dup2 overwrites another's source.
        let sources = [standardStreams.input, standardStreams.output, standardStreams.error]
        for (target, source) in sources.enumerated() {
            try Self.check(posix_spawn_file_actions_adddup2(&actions, source, Int32(target)), executable)
        }
        try Self.check(Self.closeFrom(&actions, 3), executable)
        if let directory {
            try Self.check(Self.changeDirectory(&actions, directory.path), executable)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid = pid_t()
        try Self.check(posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp), executable)
        processIdentifier = pid
    }

    /// Whether the process has not exited yet.
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit status, or 128 + the signal that ended it; waits for the process to end.
    public var terminationStatus: Int32 {
        let status = reap(blocking: true) ?? 0
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Asks the process to stop (SIGTERM).
    public func terminate() { kill(processIdentifier, SIGTERM) }

    /// Waits until the process has ended.
    public func waitUntilExit() { _ = reap(blocking: true) }

    /// The wait status, reaping the process once; `nil` while it runs and `blocking` is false.
    private func reap(blocking: Bool) -> Int32? {
        waitStatus.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            var result: pid_t
            repeat {
                result = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
            } while result == -1 && errno == EINTR
            guard result == processIdentifier else { return result == -1 ? -1 : nil }
            known = status
            return status
        }
    }

    /// A spawn failure as an error naming the program.
    private static func check(_ code: Int32, _ executable: URL) throws {
        guard code != 0 else { return }
        throw posixError("cannot start \(executable.path)", code: code)
    }

    /// The error `code` (an `errno` value) names, with what was being done.
    static func posixError(_ doing: String, code: Int32 = errno) -> NSError {
        NSError(
            domain: NSPOSIXErrorDomain,
            code: Int(code),
            userInfo: [NSLocalizedDescriptionKey: "\(doing): \(String(cString: strerror(code)))"]
        )
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34 and later), which Swift's Glibc module does not show.
    private static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) -> Int32 {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = libraryFunction("posix_spawn_file_actions_addclosefrom_np") else { return ENOSYS }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29 and later), which Swift's Glibc module does not show.
    private static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
            -> Int32
        guard let symbol = libraryFunction("posix_spawn_file_actions_addchdir_np") else { return ENOSYS }
        return unsafeBitCast(symbol, to: AddChdir.self)(&actions, path)
    }

    /// A function of the C library the process has loaded, by name.
    private static func libraryFunction(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }
}
