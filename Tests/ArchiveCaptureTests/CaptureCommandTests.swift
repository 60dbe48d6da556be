import ArchiveTesting
import Foundation
import HTTPTypes
import Testing

/// `mura capture` as a user runs it, against a real site on 127.0.0.1.
@Suite struct CaptureCommandTests {
    /// The `mura` executable the package built beside the tests.
    static var mura: URL {
        let beside = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "mura")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(filePath: FileManager.default.currentDirectoryPath).appending(path: ".build/debug/mura")
    }

    /// Runs `mura` on the archive in `folder`, on a thread of its own: the site it fetches from answers on this
    /// process's concurrency threads, which a blocking wait here would hold.
    static func run(_ arguments: [String], in folder: URL) async throws -> ProcessRunner.Output {
        try await ProcessRunner.run(
            detached: mura,
            arguments + ["--archive", folder.appending(path: "archive").path],
            input: Data(),
            environment: [:],
            in: folder
        )
    }

    struct Report: Decodable {
        struct Item: Decodable {
            var input: String
            var status: String
            var documentID: String?
            var error: String?
        }

        var items: [Item]
        var new: Int
        var unchanged: Int
        var gone: Int
        var failed: Int
        /// WARC records skipped, by reason.
        var skipped: [String: Int]
    }

    @Test func capturesWhatItCanAndNamesWhatFailed() async throws {
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                #expect(try await Self.run(["init", "--contact", "press-archive@example.org"], in: folder).status == 0)
                let urls = [site.base + "/news/1", site.base + "/missing", site.base + "/story"]
                let first = try await Self.run(["capture"] + urls + ["--delay", "0.05", "--json"], in: folder)
                #expect(first.status == 2, "\(first.stderrText)")
                let report = try JSONDecoder().decode(Report.self, from: first.stdout)
                #expect((report.new, report.unchanged, report.failed) == (2, 0, 1))
                #expect(report.items.map(\.status) == ["new", "failed", "new"])
                #expect(report.items[2].documentID == site.base + "/news/story-home")
                #expect(first.stderrText.contains("error: \(site.base)/missing: the server answered 404"))
                #expect(
                    await site.state.received.compactMap(\.userAgent).allSatisfy {
                        $0.hasPrefix("Mura/") && $0.contains("press-archive@example.org")
                    }
                )

                let again = try await Self.run(["capture", site.base + "/news/1", "--delay", "0.05"], in: folder)
                #expect(again.status == 0, "\(again.stderrText)")
                #expect(again.stdoutText.contains("unchanged"))
                #expect(again.stdoutText.contains("0 new, 1 unchanged, 0 failed"))

                // Removed by the site: recorded as gone, shown so, and a read of now says so.
                await site.state.remove(.notFound)
                let removed = try await Self.run(["capture", site.base + "/news/1", "--delay", "0.05"], in: folder)
                #expect(removed.status == 0, "\(removed.stderrText)")
                #expect(removed.stdoutText.contains("0 new, 0 unchanged, 0 failed, 1 gone"))
                let history = try await Self.run(["history", site.base + "/news/1"], in: folder)
                #expect(history.stdoutText.contains("gone (the site answered 404; last version #1)"))
                let now = ISO8601DateFormatter().string(from: Date().addingTimeInterval(1))
                let show = try await Self.run(["show", site.base + "/news/1", "--at", now], in: folder)
                #expect(show.status == 66)
                #expect(show.stderrText.contains("was gone"))
                // Without a date, show reads now, as `GET /documents/{id}` does; the version asked for by number stays.
                let latest = try await Self.run(["show", site.base + "/news/1"], in: folder)
                #expect(latest.status == 66, "\(latest.stdoutText)")
                #expect(latest.stderrText.contains("is gone") && latest.stderrText.contains("last version is #1"))
                #expect(try await Self.run(["show", site.base + "/news/1", "--version", "1"], in: folder).status == 0)
                await site.state.remove(nil)

                let invalid = try await Self.run(
                    ["capture", site.base + "/a", site.base + "/b", "--id", "x"],
                    in: folder
                )
                #expect(invalid.status == 64)

                // A local file no importer reads is still refused, unless the fallback is named.
                let pdf = folder.appending(path: "annual.pdf")
                try Data(PressOffice.report).write(to: pdf)
                let refused = try await Self.run(["ingest", "--id", "reports/annual", pdf.path], in: folder)
                #expect(refused.status == 2 || refused.status == 65, "\(refused.stderrText)")
                #expect(refused.stderrText.contains("No importer recognises"))
                let kept = try await Self.run(
                    ["ingest", "--id", "reports/annual", "--format", "binary", pdf.path],
                    in: folder
                )
                #expect(kept.status == 0, "\(kept.stderrText)")
                let restored = folder.appending(path: "restored.pdf")
                let restore = try await Self.run(
                    ["restore", "reports/annual", "--at", "2100-01-01", "--output", restored.path],
                    in: folder
                )
                #expect(restore.status == 0, "\(restore.stderrText)")
                #expect(try Data(contentsOf: restored) == Data(PressOffice.report))
                let plugins = try ProcessRunner.run(Self.mura, ["plugins"], in: folder)
                #expect(plugins.stdoutText.contains("binary"))
            }
        }
    }
}
