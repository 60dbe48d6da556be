import Foundation
import Testing

@testable import ArchiveCore

#if canImport(Glibc)
import Glibc
#endif

/// A writer killed and not yet reaped by its parent (a zombie) is gone: what it staged may be recovered.
@Suite struct ProcessLivenessTests {
    @Test func aProcessThatEndedIsNotRunningBeforeItIsReaped() throws {
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", "exit 0"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        #expect(posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0)
        #expect(ProcessLiveness.isRunning(getpid()))
        // Not waited for: the ended child stays a zombie until waitpid() below.
        var waited = 0
        while ProcessLiveness.isRunning(pid), waited < 500 {
            usleep(10_000)
            waited += 1
        }
        #expect(kill(pid, 0) == 0, "the child is still there to be reaped")
        #expect(!ProcessLiveness.isRunning(pid))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(!ProcessLiveness.isRunning(pid))
    }
}
