import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// A captured page leaves a WARC export as the HTTP response it was: checked by warcio, replayed by pywb with its
/// original header fields.
@Suite struct CaptureWARCTests {
    @Test(.requires(tools: "warcio", "wb-manager", "wayback"))
    func aCapturedPageIsAResponseRecordThatPywbReplaysWithItsHeaders() async throws {
        let bin = try TestRequirement.tool("warcio").deletingLastPathComponent()
        try await PressOffice.run { site in
            try await withTemporaryFolder { folder in
                let archive = try await Archive.makeForTesting(in: folder)
                let url = site.base + "/news/1"
                let first = await site.state.release
                try await CaptureTests.withFetcher { fetcher in
                    _ = try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                    _ = try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                    await site.state.change("The budget was amended on Tuesday.")
                    _ = try await archive.capture(url, registry: .builtIn, fetcher: fetcher)
                }
                let warc = folder.appending(path: "capture.warc.gz")
                _ = try await archive.exportWARC(ExportSelection(), to: warc, registry: .builtIn)

                let check = try ProcessRunner.run(bin.appending(path: "warcio"), ["check", "-v", warc.path])
                #expect(check.status == 0, "warcio check: \(check.stdoutText) \(check.stderrText)")
                #expect(!check.stdoutText.contains("fail"))
                let index = try ProcessRunner.run(
                    bin.appending(path: "warcio"),
                    ["index", "-f", "warc-type,warc-target-uri,http:status,http:x-office", warc.path]
                )
                let records = try index.stdoutText.split(separator: "\n").map {
                    try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
                }
                #expect(
                    records.map { $0["warc-type"] } == [
                        "warcinfo", "response", "metadata", "revisit", "response", "metadata",
                    ]
                )
                let responses = records.filter { $0["warc-type"] == "response" }
                #expect(responses.allSatisfy { $0["warc-target-uri"] == url && $0["http:status"] == "200" })
                #expect(responses.allSatisfy { $0["http:x-office"] == "press" })

                // pywb replays each capture as the response it was.
                let root = folder.appending(path: "pywb")
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                #expect(
                    try ProcessRunner.run(bin.appending(path: "wb-manager"), ["init", "mura"], in: root).status == 0
                )
                #expect(
                    try ProcessRunner.run(bin.appending(path: "wb-manager"), ["add", "mura", warc.path], in: root)
                        .status == 0
                )
                let port = 20_000 + Int.random(in: 0..<20_000)
                let log = folder.appending(path: "wayback.log")
                let server = try ProcessRunner.launch(
                    bin.appending(path: "wayback"),
                    ["-p", "\(port)", "-b", "127.0.0.1"],
                    in: root,
                    log: log
                )
                defer { server.terminate() }
                let history = try await archive.history(of: url).entries.map(\.capturedAt)
                let timestamp = { (date: Date) in
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: "en_US_POSIX")
                    formatter.timeZone = TimeZone(identifier: "UTC")
                    formatter.dateFormat = "yyyyMMddHHmmss"
                    return formatter.string(from: date)
                }
                let replayed = try Self.fetch(
                    "http://127.0.0.1:\(port)/mura/\(timestamp(history[0]))id_/\(url)",
                    bin: bin
                )
                #expect(replayed?.body == PressOffice.page(title: "Budget approved", body: first))
                #expect(replayed?.headers["x-office"] == "press", "\(replayed?.headers ?? [:])")
                // pywb passes validators and the date on under its own prefix, as every replay of them would be stale.
                #expect(replayed?.headers["x-archive-orig-etag"] == "\"r1\"", "\(replayed?.headers ?? [:])")
                #expect(replayed?.headers["x-archive-orig-last-modified"] == PressOffice.lastModified)
                #expect(replayed?.headers["content-type"] == "text/html; charset=utf-8")
            }
        }
    }

    /// Fetches a URL with the venv's Python, retrying while the server starts (bounded: 15 s): the body and the
    /// header fields (names in lower case).
    static func fetch(_ url: String, bin: URL) throws -> (body: String, headers: [String: String])? {
        let script = """
            import json, sys, urllib.request
            answer = urllib.request.urlopen(sys.argv[1], timeout=5)
            print(json.dumps({"body": answer.read().decode(), "headers": {k.lower(): v for k, v in answer.getheaders()}}))
            """
        var lastError = ""
        for _ in 0..<30 {
            let result = try ProcessRunner.run(bin.appending(path: "python"), ["-c", script, url])
            if result.status == 0,
                let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any],
                let body = object["body"] as? String, let headers = object["headers"] as? [String: String]
            {
                return (body, headers)
            }
            lastError = result.stderrText
            Thread.sleep(forTimeInterval: 0.5)
        }
        Issue.record("fetch of \(url) failed: \(lastError.suffix(300))")
        return nil
    }
}
