import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Logging
import Testing

/// `mura ingest` of WARC files written by warcio and by Mura's own export, and of a WACZ package.
@Suite struct WARCIngestTests {
    typealias Report = CaptureCommandTests.Report

    static func page(_ title: String, _ text: String) -> Data {
        Data(
            """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(title)</title></head>
            <body><article><h1>\(title)</h1><p>\(text)</p></article></body></html>
            """.utf8
        )
    }

    static let first = page("Budget hearing", "The committee heard the budget on Monday and adjourned until spring.")
    static let second = page("Budget hearing", "The committee heard the budget on Monday and approved it on Tuesday.")
    static let earliest = page("Budget hearing", "The committee will hear the budget on Monday.")
    static let other = page("Water tariffs", "Water tariffs stay unchanged for households this year.")

    /// A press office's crawl as warcio writes it: the same page fetched four times (gzip and chunked once, with a
    /// tracking parameter once, changed once, then a revisit), a plain-text resource, a PDF, a redirect, a page that
    /// is later gone, and a capture older than the rest at the end (backfilled).
    static func crawl() -> [WARCSpecRecord] {
        let html = ("Content-Type", "text/html; charset=utf-8")
        var zipped = WARCSpecRecord(
            "response",
            "https://press.example/news/1",
            date: "2024-03-01T10:00:00Z",
            body: first,
            status: "200 OK",
            headers: [html, ("ETag", "\"v1\""), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            name: "first"
        )
        zipped.gzip = true
        zipped.chunked = true
        return [
            WARCSpecRecord("warcinfo", "", date: "2024-03-01T09:59:00Z"),
            WARCSpecRecord(
                "request",
                "https://press.example/news/1",
                date: "2024-03-01T10:00:00Z",
                status: "GET /news/1 HTTP/1.1",
                headers: [("Host", "press.example")]
            ),
            zipped,
            WARCSpecRecord(
                "metadata",
                "https://press.example/news/1",
                date: "2024-03-01T10:00:00Z",
                body: Data("via: https://press.example/\r\n".utf8),
                contentType: "application/warc-fields"
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/news/1?utm_source=feed",
                date: "2024-03-02T10:00:00Z",
                body: first,
                status: "200 OK",
                headers: [html]
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/news/1",
                date: "2024-03-03T10:00:00.250Z",
                body: second,
                status: "200 OK",
                headers: [html, ("ETag", "\"v2\"")],
                name: "second"
            ),
            WARCSpecRecord(
                "revisit",
                "https://press.example/news/1",
                date: "2024-03-04T10:00:00Z",
                status: "200 OK",
                headers: [html],
                fields: ["WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"],
                refers: "second"
            ),
            WARCSpecRecord(
                "resource",
                "https://press.example/notes.txt",
                date: "2024-03-02T08:00:00Z",
                body: Data("Notes for editors\n\nThe hearing is open to the press.\n".utf8),
                contentType: "text/plain; charset=utf-8"
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/old",
                date: "2024-03-01T10:05:00Z",
                status: "301 Moved Permanently",
                headers: [("Location", "https://press.example/news/1")]
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/annual.pdf",
                date: "2024-03-02T11:00:00Z",
                body: Data(PressOffice.report),
                status: "200 OK",
                headers: [("Content-Type", "application/pdf")]
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/news/2",
                date: "2024-03-01T12:00:00Z",
                body: other,
                status: "200 OK",
                headers: [html]
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/news/2",
                date: "2024-03-03T12:00:00Z",
                body: Data("Not found".utf8),
                status: "404 Not Found",
                headers: [("Content-Type", "text/plain")]
            ),
            WARCSpecRecord(
                "response",
                "https://press.example/news/1",
                date: "2024-02-20T10:00:00Z",
                body: earliest,
                status: "200 OK",
                headers: [html]
            ),
        ]
    }

    static func ingest(_ file: URL, in folder: URL) async throws -> (ProcessRunner.Output, Report?) {
        let run = try await CaptureCommandTests.run(["ingest", file.path, "--json"], in: folder)
        return (run, try? JSONDecoder().decode(Report.self, from: run.stdout))
    }

    static func date(_ text: String) throws -> Date { try ArchiveDate.parse(text, field: "test") }

    @Test(.requires(tools: "warcio", "wb-manager")) func warcioCrawlBecomesHistory() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let warc = folder.appending(path: "crawl.warc.gz")
            try tools.write(Self.crawl(), to: warc)
            #expect(try await CaptureCommandTests.run(["init"], in: folder).status == 0)
            let (run, report) = try await Self.ingest(warc, in: folder)
            #expect(run.status == 0, "\(run.stderrText)")
            let counts = try #require(report, "\(run.stdoutText)")
            #expect((counts.new, counts.unchanged, counts.gone, counts.failed) == (6, 2, 1, 0))
            #expect(counts.skipped == ["warcinfo": 1, "request": 1, "metadata": 1, "redirect": 1])
            #expect(counts.items.allSatisfy { $0.input.hasPrefix(warc.path + " record ") })

            let archive = try await Archive.open(at: folder.appending(path: "archive"), logger: .silent)
            let page = try await archive.history(of: "https://press.example/news/1")
            let versions = page.entries.compactMap { if case .version(_, let v) = $0 { v } else { nil } }
            let seen = page.entries.compactMap { if case .observation(_, let o) = $0 { o } else { nil } }
            #expect(
                try versions.map(\.capturedAt)
                    == ["2024-02-20T10:00:00Z", "2024-03-01T10:00:00Z", "2024-03-03T10:00:00.250Z"].map(Self.date)
            )
            #expect(try seen.map(\.capturedAt) == ["2024-03-02T10:00:00Z", "2024-03-04T10:00:00Z"].map(Self.date))
            #expect(seen.map(\.versionID) == [versions[1].id, versions[2].id])
            // The body as the reader got it: chunks joined, gzip undone; the header fields kept, but for the codings.
            let zipped = try await archive.content(of: versions[1])
            #expect(zipped.original == Self.first)
            #expect(zipped.version.source == "https://press.example/news/1")
            let response = try #require(zipped.response)
            #expect(response.status == 200)
            #expect(response.url == "https://press.example/news/1")
            #expect(response.value("ETag") == "\"v1\"")
            #expect(response.value("Content-Encoding") == nil && response.value("Transfer-Encoding") == nil)
            #expect(try await archive.content(of: versions[0]).original == Self.earliest)
            #expect(try await archive.content(of: versions[2]).original == Self.second)

            let notes = try await archive.latestVersion(of: "https://press.example/notes.txt")
            #expect(notes.format.rawValue == "text")
            #expect(try await archive.content(of: notes).response == nil)
            let pdf = try await archive.latestVersion(of: "https://press.example/annual.pdf")
            #expect(pdf.format.rawValue == "binary")
            #expect(try await archive.content(of: pdf).original == Data(PressOffice.report))
            let removed = try await archive.removal(of: "https://press.example/news/2", at: Self.date("2024-03-05"))
            #expect(removed?.removal.gone == 404)
            #expect(try removed?.removal.capturedAt == Self.date("2024-03-03T12:00:00Z"))

            // A later crawl in a file of its own: a 304, a revisit found by its payload digest alone (its record
            // is in the first file), a 404 for a page never archived.
            let later = folder.appending(path: "later.warc.gz")
            let digest = WARCWriter.digest(Self.second)
            try tools.write(
                [
                    WARCSpecRecord(
                        "response",
                        "https://press.example/news/1",
                        date: "2024-03-10T10:00:00Z",
                        status: "304 Not Modified"
                    ),
                    WARCSpecRecord(
                        "revisit",
                        "https://press.example/news/1",
                        date: "2024-03-11T10:00:00Z",
                        fields: ["WARC-Payload-Digest": digest]
                    ),
                    WARCSpecRecord(
                        "response",
                        "https://press.example/never",
                        date: "2024-03-11T10:00:00Z",
                        status: "404 Not Found"
                    ),
                ],
                to: later
            )
            let (next, nextReport) = try await Self.ingest(later, in: folder)
            #expect(next.status == 0, "\(next.stderrText)")
            #expect((nextReport?.new, nextReport?.unchanged, nextReport?.gone) == (0, 2, 0))
            #expect(nextReport?.skipped == ["404 for a page not archived": 1])
            let seenLater = try await archive.history(of: "https://press.example/news/1").entries.compactMap {
                if case .observation(_, let o) = $0 { o } else { nil }
            }
            #expect(seenLater.suffix(2).map(\.versionID) == [versions[2].id, versions[2].id])

            // The same file again: every capture is seen unchanged, and nothing is written: no bundle, no history.
            let bundles = try await archive.bundleFiles().count
            let entries = try await archive.history(of: "https://press.example/news/1").entries.count
            let (again, repeated) = try await Self.ingest(warc, in: folder)
            #expect(again.status == 0, "\(again.stderrText)")
            #expect(repeated?.new == 0)
            #expect(try await archive.bundleFiles().count == bundles)
            #expect(try await archive.history(of: "https://press.example/news/1").entries.count == entries)
            #expect(try await archive.history(of: "https://press.example/news/2").entries.count == 2)
        }
    }

    @Test(.requires(tools: "warcio", "wb-manager")) func muraExportComesBackWithItsHistory() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let registry = PluginRegistry.builtIn
            let source = try await Archive.create(at: folder.appending(path: "source"), logger: .silent)
            func ingest(_ request: IngestRequest) async throws {
                _ = try await source.ingest(request, registry: registry)
            }
            // A text without a URL: changed once, then seen unchanged.
            for (day, words) in [
                ("2024-01-01", "Rates rise."), ("2024-02-01", "Rates fall."), ("2024-03-01", "Rates fall."),
            ] {
                let text = Data("Factsheet\n\n\(words)\n".utf8)
                try await ingest(.init(data: text, name: day, documentID: "factsheet", capturedAt: try Self.date(day)))
            }
            try await ingest(
                .init(
                    data: Self.other,
                    name: "d",
                    documentID: "release 7/ru",
                    sourceURL: "https://press.example/r/7?lang=ru",
                    capturedAt: try Self.date("2024-01-15T08:30:00.125Z")
                )
            )
            let fetched = CapturedResponse(
                url: "https://press.example/news/9",
                status: 200,
                reason: "OK",
                headers: [.init("Content-Type", "text/html; charset=utf-8"), .init("ETag", "\"9a\"")]
            )
            for (day, page) in [("2024-01-10", Self.first), ("2024-01-20", Self.second)] {
                try await ingest(
                    .init(
                        data: page,
                        name: day,
                        capturedAt: try Self.date(day),
                        response: fetched,
                        pageURL: fetched.url
                    )
                )
            }
            let warc = folder.appending(path: "export.warc.gz")
            _ = try await source.exportWARC(ExportSelection(), to: warc, registry: registry)
            #expect(try tools.check(warc).status == 0)

            #expect(try await CaptureCommandTests.run(["init"], in: folder).status == 0)
            let (run, report) = try await Self.ingest(warc, in: folder)
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(report?.skipped == ["warcinfo": 1, "metadata": 5])
            let copy = try await Archive.open(at: folder.appending(path: "archive"), logger: .silent)
            let ids = ["factsheet", "release 7/ru", "https://press.example/news/9"]
            #expect(try await copy.catalog.documents().map(\.id).sorted() == ids.sorted())
            for id in ids {
                let original = try await source.history(of: id).entries.map(Self.summary)
                let returned = try await copy.history(of: id).entries.map(Self.summary)
                #expect(returned == original, "\(id)")
                let latest = try await copy.content(of: try await copy.latestVersion(of: id))
                let was = try await source.content(of: try await source.latestVersion(of: id))
                #expect(latest.version.source == was.version.source, "\(id)")
                #expect(latest.response == was.response, "\(id)")
            }
        }
    }

    /// A history entry as a comparison across archives sees it: kind, time, content.
    static func summary(_ entry: DocumentHistory.Entry) -> String {
        switch entry {
        case .version(let ordinal, let version):
            "version \(ordinal) \(ArchiveDate.formatPrecise(version.capturedAt)) \(version.sha256)"
        case .observation(let ordinal, let observation):
            "seen \(ordinal) \(ArchiveDate.formatPrecise(observation.capturedAt)) \(observation.sha256)"
        }
    }

    @Test(.requires(tools: "warcio", "wb-manager")) func waczAndPlainWARC10() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let warc = folder.appending(path: "crawl.warc")
            try tools.write(Self.crawl(), to: warc, version: "1.0", gzip: false)
            let wacz = folder.appending(path: "crawl.wacz")
            try tools.wacz([warc], to: wacz)
            // Inspected record by record, as ingest reads it: a line per document of each capture, nothing written.
            let inspected = try await ProcessRunner.run(
                detached: CaptureCommandTests.mura,
                ["inspect", warc.path],
                input: Data(),
                environment: [:],
                in: folder
            )
            #expect(inspected.status == 0, "\(inspected.stderrText)")
            let lines = try inspected.stdoutText.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(lines.count >= 6, "\(inspected.stdoutText)")
            #expect(lines.allSatisfy { ($0["input"] as? String)?.hasPrefix(warc.path + " record ") == true })
            #expect(
                lines.contains {
                    $0["id"] as? String == "https://press.example/news/1" && $0["format"] as? String == "html"
                }
            )
            #expect(try await CaptureCommandTests.run(["init"], in: folder).status == 0)
            let (packed, fromPackage) = try await Self.ingest(wacz, in: folder)
            #expect(packed.status == 0, "\(packed.stderrText)")
            #expect((fromPackage?.new, fromPackage?.unchanged, fromPackage?.gone) == (6, 2, 1))
            #expect(fromPackage?.items.first?.input.hasPrefix(wacz.path + "/archive/crawl.warc record ") == true)
            // The plain WARC holds the same records: all seen unchanged now.
            let (plain, fromFile) = try await Self.ingest(warc, in: folder)
            #expect(plain.status == 0, "\(plain.stderrText)")
            #expect((fromFile?.new, fromFile?.failed) == (0, 0))
            #expect(fromFile?.unchanged == 8)
        }
    }

    @Test(.requires(tools: "warcio", "wb-manager")) func damagedFilesKeepWhatCameBefore() async throws {
        let tools = try WARCTools()
        try await withTemporaryFolder { folder in
            let warc = folder.appending(path: "crawl.warc")
            try tools.write(Self.crawl(), to: warc, gzip: false)
            let bytes = try Data(contentsOf: warc)
            // Cut inside the PDF response: the records before it are archived, the file is named as damaged.
            let cut = try #require(bytes.range(of: Data("%PDF".utf8))).lowerBound + 10
            let damaged = folder.appending(path: "cut.warc")
            try bytes.prefix(cut).write(to: damaged)
            #expect(try await CaptureCommandTests.run(["init"], in: folder).status == 0)
            let (run, report) = try await Self.ingest(damaged, in: folder)
            #expect(run.status == 2)
            #expect(run.stderrText.contains("cut.warc, record 10"), "\(run.stderrText)")
            #expect(run.stderrText.contains("cut short"))
            #expect((report?.new, report?.unchanged, report?.failed) == (3, 2, 1))

            // Not a WARC file at all, though named as one: refused, naming it, nothing archived.
            let fake = folder.appending(path: "notes.warc")
            try Data("Notes for editors\n".utf8).write(to: fake)
            let (refused, nothing) = try await Self.ingest(fake, in: folder)
            #expect(refused.status == 2)
            #expect(refused.stderrText.contains("notes.warc, record 1: does not start with a WARC version line"))
            #expect(nothing?.new == 0)

            // Options that describe one document do not apply to a WARC file.
            let conflict = try await CaptureCommandTests.run(["ingest", warc.path, "--id", "x"], in: folder)
            #expect(conflict.status == 64)
            #expect(conflict.stderrText.contains("--id cannot be given with the WARC file"))
        }
    }
}
