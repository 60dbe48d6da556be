import ArchiveCore
import ArchiveTesting
import Foundation
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `mura watch` as a user runs it, against the press office's newsroom on 127.0.0.1.
@Suite struct WatchCommandTests {
    static func run(_ arguments: [String], in folder: URL) async throws -> ProcessRunner.Output {
        try await CaptureCommandTests.run(arguments, in: folder)
    }

    @Test func addListRunAndRemove() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                #expect(try await Self.run(["init", "--contact", "press-archive@example.org"], in: folder).status == 0)
                let feed = site.base + "/newsroom/feed.xml"
                let added = try await Self.run(["watch", "add", feed, "--every", "2h"], in: folder)
                #expect(added.status == 0, "\(added.stderrText)")
                #expect(added.stdoutText.hasPrefix("watching "))
                let twice = try await Self.run(["watch", "add", feed], in: folder)
                #expect(twice.status == 64 && twice.stderrText.contains("is watched already"))
                #expect(try await Self.run(["watch", "add", feed + "x", "--every", "10s"], in: folder).status == 64)

                let now = Date().addingTimeInterval(-60)
                for number in 1...3 {
                    await site.state.publish(number, "Release \(number)", "Text \(number).", at: now)
                }
                let once = try await Self.run(["watch", "run", "--once", "--delay", "0", "--json"], in: folder)
                #expect(once.status == 0, "\(once.stderrText)")
                let report = try JSONDecoder().decode(CaptureCommandTests.Report.self, from: once.stdout)
                #expect((report.new, report.failed) == (3, 0))
                // Nothing is due again yet.
                let again = try await Self.run(["watch", "run", "--once", "--delay", "0"], in: folder)
                #expect(again.stdoutText.contains("0 new, 0 unchanged, 0 failed"), "\(again.stdoutText)")

                let list = try await Self.run(["watch", "list"], in: folder)
                #expect(list.stdoutText.contains("\(feed)  3 publications, last run "), "\(list.stdoutText)")
                let removed = try await Self.run(["watch", "remove", feed], in: folder)
                #expect(removed.status == 0 && removed.stdoutText.hasPrefix("no longer watching"))
                #expect(try await Self.run(["watch", "list"], in: folder).stdoutText.isEmpty)
                #expect(try await Self.run(["watch", "remove", feed], in: folder).status == 66)
            }
        }
    }

    /// A run killed with SIGKILL part way: every capture it printed is archived and journaled, and the next run
    /// captures the rest without archiving any page twice.
    @Test func aKilledRunLosesNothingItReported() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                #expect(try await Self.run(["init"], in: folder).status == 0)
                #expect(try await Self.run(["watch", "add", site.base + "/newsroom/feed.xml"], in: folder).status == 0)
                let now = Date().addingTimeInterval(-60)
                for number in 1...30 {
                    await site.state.publish(number, "Release \(number)", "Text \(number).", at: now)
                }
                await site.state.slowReleases(.milliseconds(100))
                let log = folder.appending(path: "watch.log")
                let process = try ProcessRunner.launch(
                    CaptureCommandTests.mura,
                    ["watch", "run", "--delay", "0", "--archive", folder.appending(path: "archive").path],
                    in: folder,
                    log: log
                )
                var reported: [String] = []
                for _ in 0..<300 where reported.count < 6 {
                    try await Task.sleep(for: .milliseconds(50))
                    reported = String(decoding: try Data(contentsOf: log), as: UTF8.self).split(separator: "\n")
                        .filter { $0.hasPrefix("new ") }.map {
                            String($0.split(separator: " ", omittingEmptySubsequences: true)[1])
                        }
                }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(reported.count >= 6 && reported.count < 30, "\(reported)")

                let archive = try await Archive.open(at: folder.appending(path: "archive"), logger: .silent)
                for id in reported { #expect(try await archive.latestVersion(of: id).documentID == id) }
                let before = try await archive.catalog.documents().count

                let rest = try await Self.run(["watch", "run", "--once", "--delay", "0", "--json"], in: folder)
                #expect(rest.status == 0, "\(rest.stderrText)")
                let report = try JSONDecoder().decode(CaptureCommandTests.Report.self, from: rest.stdout)
                #expect(report.new == 30 - before)
                #expect(!report.items.contains { reported.contains($0.input) }, "reported captures are not taken again")
                let reopened = try await Archive.open(at: folder.appending(path: "archive"), logger: .silent)
                #expect(try await reopened.catalog.documents().map(\.versionCount) == Array(repeating: 1, count: 30))
                #expect(try await reopened.bundleFiles().count == 30)
            }
        }
    }
}
