import ArchiveTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The harness that starts the programs other tests check with: a child gets its three streams and nothing else of
/// the test process, its input, and a status that tells an exit from a signal.
@Suite struct ProcessRunnerTests {
    static let shell = URL(filePath: "/bin/sh")

    @Test func aChildHoldsOnlyItsThreeStreams() async throws {
        try await withTemporaryFolder { folder in
            // Descriptors the test process holds open, and not close-on-exec, while the child starts.
            let held = (0..<64).map { open(folder.appending(path: "held-\($0)").path, O_WRONLY | O_CREAT, 0o644) }
            defer { for descriptor in held { close(descriptor) } }
            #expect(held.allSatisfy { $0 > 2 })
            let listed = try ProcessRunner.run(Self.shell, ["-c", "ls /proc/$$/fd"])
            #expect(listed.status == 0, "\(listed.stderrText)")
            let descriptors = Set(listed.stdoutText.split(whereSeparator: \.isWhitespace).map(String.init))
            #expect(descriptors == ["0", "1", "2"], "the shell held \(descriptors.sorted())")
        }
    }

    @Test func inputOutputStatusAndDirectory() async throws {
        try await withTemporaryFolder { folder in
            let result = try ProcessRunner.run(
                Self.shell,
                ["-c", "tr a-z A-Z; pwd; echo problem >&2; exit 3"],
                input: Data("мұра heritage\n".utf8),
                in: folder
            )
            let lines = result.stdoutText.split(separator: "\n").map(String.init)
            #expect(lines.first == "мұра HERITAGE")
            let directory = lines.last.map { URL(filePath: $0, directoryHint: .isDirectory) }
            #expect(directory?.resolvingSymlinksInPath().path == folder.resolvingSymlinksInPath().path)
            #expect(result.stderrText == "problem\n" && result.status == 3)
        }
    }

    @Test func aChildEndedBySignalAndOneThatIgnoresItsInput() async throws {
        let killed = try ProcessRunner.run(Self.shell, ["-c", "kill -TERM $$"])
        #expect(killed.status == 128 + SIGTERM)
        // A child that exits without reading a large input: the write fails quietly, the test process lives on.
        let early = try await ProcessRunner.run(detached: Self.shell, ["-c", "exit 0"], input: Data(count: 1 << 20))
        #expect(early.status == 0)
    }

    @Test func aLaunchedServerStopsOnTerminate() async throws {
        try await withTemporaryFolder { folder in
            let log = folder.appending(path: "log")
            let child = try ProcessRunner.launch(
                Self.shell,
                ["-c", "echo started; exec sleep 60"],
                in: folder,
                log: log
            )
            for _ in 0..<200 where (try? String(contentsOf: log, encoding: .utf8)) != "started\n" {
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(child.isRunning)
            child.terminate()
            child.waitUntilExit()
            #expect(!child.isRunning && child.terminationStatus == 128 + SIGTERM)
            #expect((try String(contentsOf: log, encoding: .utf8)) == "started\n")
        }
    }
}
