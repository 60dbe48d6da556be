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
        let tools = try WARCTools()
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

                let check = try tools.check(warc)
                #expect(check.status == 0, "warcio check: \(check.stdoutText) \(check.stderrText)")
                #expect(!check.stdoutText.contains("fail"))
                let records = try tools.index(warc, fields: "warc-type,warc-target-uri,http:status,http:x-office")
                #expect(
                    records.map { $0["warc-type"] } == [
                        "warcinfo", "response", "metadata", "revisit", "response", "metadata",
                    ]
                )
                let responses = records.filter { $0["warc-type"] == "response" }
                #expect(responses.allSatisfy { $0["warc-target-uri"] == url && $0["http:status"] == "200" })
                #expect(responses.allSatisfy { $0["http:x-office"] == "press" })

                // pywb replays each capture as the response it was.
                let wayback = try tools.wayback(serving: warc, in: folder)
                defer { wayback.process.terminate() }
                let captured = try await archive.history(of: url).entries[0].capturedAt
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "UTC")
                formatter.dateFormat = "yyyyMMddHHmmss"
                let replayed = try tools.fetch(
                    "http://127.0.0.1:\(wayback.port)/mura/\(formatter.string(from: captured))id_/\(url)"
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
}
