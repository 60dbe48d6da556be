import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// WARC exports are checked with warcio and indexed and replayed by pywb, as a web archive would.
@Suite struct WARCExportTests {

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    /// Two documents, one with a backfill and unchanged captures, one without a source URL.
    func sampleArchive(in folder: URL) async throws -> Archive {
        let archive = try await Archive.makeForTesting(in: folder)
        let captures: [(String, String?, String, String)] = [
            ("news/1", "https://example.org/news/1", "Title\n\nSecond text.", "2022-03-01"),
            ("news/1", "https://example.org/news/1", "Title\n\nFirst text.", "2022-01-01"),
            ("news/1", "https://example.org/news/1", "Title\n\nFirst text.", "2022-02-01"),
            ("news/1", "https://example.org/news/1", "Title\n\nSecond text.", "2022-04-01"),
            (
                "notes/2", nil,
                "<html><body><h1>Note</h1><p>A note with no source URL, long enough to be read.</p></body></html>",
                "2023-05-05T10:30:00.250Z"
            ),
        ]
        for (id, url, text, date) in captures {
            _ = try await archive.ingest(
                IngestRequest(
                    data: Data(text.utf8),
                    name: id,
                    documentID: id,
                    sourceURL: url,
                    capturedAt: Self.day(date)
                ),
                registry: .builtIn
            )
        }
        return archive
    }

    @Test(.requires(tools: "warcio", "wb-manager")) func warcioChecksEveryRecordAndDigest() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let warc = folder.appending(path: "export.warc.gz")
            let report = try await archive.exportWARC(ExportSelection(), to: warc, registry: .builtIn)
            #expect(report.versions == 3 && report.documents == 2)

            let check = try tools.check(warc)
            #expect(check.status == 0, "warcio check: \(check.stdoutText) \(check.stderrText)")
            #expect(!check.stdoutText.contains("fail"))
            #expect(check.stdoutText.components(separatedBy: "digest pass").count - 1 == 7)

            let records = try tools.index(warc, fields: "warc-type,warc-target-uri,warc-date")
            #expect(
                records.map { $0["warc-type"] } == [
                    "warcinfo", "resource", "metadata", "revisit", "resource", "metadata", "revisit", "resource",
                    "metadata",
                ]
            )
            let resources = records.filter { $0["warc-type"] == "resource" }
            #expect(
                resources.map { $0["warc-date"] } == [
                    "2022-01-01T00:00:00Z", "2022-03-01T00:00:00Z", "2023-05-05T10:30:00.250Z",
                ]
            )
            #expect(resources.last?["warc-target-uri"] == "urn:mura:document:notes/2")
            let revisits = records.filter { $0["warc-type"] == "revisit" }
            #expect(revisits.map { $0["warc-date"] } == ["2022-02-01T00:00:00Z", "2022-04-01T00:00:00Z"])
        }
    }

    /// A capture that found the page removed is a response with the site's status, never a revisit of the page.
    @Test(.requires(tools: "warcio", "wb-manager")) func aCaptureThatFoundThePageGoneIsItsStatus() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            _ = try await archive.recordRemoval(of: "news/1", status: 404, capturedAt: Self.day("2022-05-01"))
            let warc = folder.appending(path: "export.warc.gz")
            _ = try await archive.exportWARC(ExportSelection(documentIDs: ["news/1"]), to: warc, registry: .builtIn)
            let check = try tools.check(warc)
            #expect(check.status == 0, "warcio check: \(check.stdoutText) \(check.stderrText)")
            let records = try tools.index(warc, fields: "warc-type,warc-date,http:status")
            let atRemoval = records.filter { $0["warc-date"] == "2022-05-01T00:00:00Z" }
            #expect(atRemoval.map { $0["warc-type"] } == ["response"], "\(records)")
            #expect(atRemoval.first?["http:status"] == "404", "\(records)")
        }
    }

    @Test(.requires(tools: "warcio", "wb-manager", "cdx-indexer")) func pywbIndexesAndReplaysEveryCapture() async throws
    {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let warc = folder.appending(path: "export.warc.gz")
            _ = try await archive.exportWARC(ExportSelection(documentIDs: ["news/1"]), to: warc, registry: .builtIn)

            let cdx = try ProcessRunner.run(tools.bin.appending(path: "cdx-indexer"), [warc.path])
            #expect(cdx.status == 0)
            #expect(cdx.stdoutText.split(separator: "\n").filter { $0.hasPrefix("org,example)/news/1") }.count == 4)

            let wayback = try tools.wayback(serving: warc, in: folder)
            defer { wayback.process.terminate() }

            let expectations = [
                ("20220115000000", "Title\n\nFirst text."), ("20220215000000", "Title\n\nFirst text."),
                ("20220315000000", "Title\n\nSecond text."), ("20220415000000", "Title\n\nSecond text."),
            ]
            for (timestamp, text) in expectations {
                let body = try tools.fetch(
                    "http://127.0.0.1:\(wayback.port)/mura/\(timestamp)id_/https://example.org/news/1"
                )
                #expect(
                    body?.body == text,
                    "replay at \(timestamp); wayback said: \((try? String(contentsOf: wayback.log, encoding: .utf8)) ?? "")"
                )
            }
        }
    }
}
