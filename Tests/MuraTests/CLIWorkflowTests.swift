import ArchiveTesting
import Foundation
import Testing

@Suite struct CLIWorkflowTests {
    @Test func ingestHistoryRestoreShowVerify() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            #expect(try mura.ok(["init"]).contains("Created an archive"))

            // Two captures, the second backfilled before the first, then an unchanged capture.
            let march = Data("Дата публикации\n01 марта 2022\n\nНовая редакция текста.\n".utf8)
            let january = Data("Дата публикации\n01 марта 2022\n\nПервая редакция.\n".utf8)
            let page = try mura.write("page.txt", march)
            _ = try mura.ok(["ingest", "--captured-at", "2022-03-01T10:00:00Z", page.path])
            try mura.write("page.txt", january)
            _ = try mura.ok(["ingest", "--captured-at", "2022-01-01", page.path])
            try mura.write("page.txt", march)
            let unchanged = try mura.ok(["ingest", "--captured-at", "2022-04-01", page.path])
            #expect(unchanged.contains("0 new, 1 unchanged, 0 failed"))

            let list = try #require(try mura.json(["list"]) as? [[String: Any]])
            #expect(list.map { $0["id"] as? String } == ["page"])
            #expect(list.first?["versionCount"] as? Int == 2)

            let history = try #require(try mura.json(["history", "page"]) as? [String: Any])
            let entries = try #require(history["entries"] as? [[String: Any]])
            #expect(entries.map { $0["kind"] as? String } == ["version", "version", "unchanged"])
            #expect(entries.map { $0["ordinal"] as? Int } == [1, 2, 2])
            #expect(
                entries.map { $0["capturedAt"] as? String } == [
                    "2022-01-01T00:00:00Z", "2022-03-01T10:00:00Z", "2022-04-01T00:00:00Z",
                ]
            )

            let restored = folder.appending(path: "restored.txt")
            _ = try mura.ok(["restore", "page", "--at", "2022-02-15", "--output", restored.path])
            #expect(try Data(contentsOf: restored) == january)
            #expect(try mura.run(["restore", "page", "--at", "2022-03-01"]).stdout == march, "a day means its end")
            #expect(try mura.run(["restore", "page", "--at", "2022-03-01T09:59:59Z"]).stdout == january)
            // `-o -` is standard output, as `-` is standard input for an ingest; no file named `-` is written.
            #expect(try mura.run(["restore", "page", "--at", "2022-02-15", "-o", "-"]).stdout == january)
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "-").path))
            let overwrite = try mura.run(["restore", "page", "--at", "2022-03-02", "--output", restored.path])
            #expect(overwrite.status != 0 && overwrite.stderrText.contains("--force"))

            #expect(try mura.run(["show", "page", "--version", "1", "--format", "original"]).stdout == january)
            let json = try mura.ok(["show", "page", "--at", "2022-03-02", "--format", "json"])
            #expect(json.contains("\"published\" : \"2022-03-01T00:00:00Z\""))
            let text = try mura.ok(["show", "page"])
            #expect(text.contains("Новая редакция текста.") && text.contains("Archived by Mura"))

            #expect(try mura.ok(["verify"]).contains("2 versions checked, 0 problems"))
            let rebuilt = try #require(try mura.json(["catalog", "rebuild"]) as? [String: Any])
            #expect(rebuilt["versions"] as? Int == 2 && rebuilt["observations"] as? Int == 1)
        }
    }

    @Test func reextractReadsStoredOriginalsAgainAndSaysWhatChanged() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let page = try mura.write("page.txt", Data("Title\n\n15.04.2025\n\nBody.\n".utf8))
            _ = try mura.ok(["ingest", page.path])

            let bare = try mura.run(["reextract"])
            #expect(bare.status == 64 && bare.stderrText.contains("--all"))
            let unknown = try mura.run(["reextract", "nope"])
            #expect(unknown.status == 66 && unknown.stderrText.contains("'nope'"))
            // Today's importer read this original at ingest: the same result, nothing written.
            let report = try #require(try mura.json(["reextract", "--all"]) as? [String: Any])
            #expect(report["checkedVersions"] as? Int == 1 && report["unchanged"] as? Int == 1)
            #expect((report["changes"] as? [Any])?.isEmpty == true)
            #expect(try mura.ok(["reextract", "page"]).contains("1 version read again: 0 re-extracted, 1 unchanged"))
            #expect(!FileManager.default.fileExists(atPath: mura.archive.appending(path: "extractions").path))
        }
    }

    @Test func standardInputFoldersAndEnvironment() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init", "--compression", "xz", "--level", "6"])
            let stdin = try mura.ok(["ingest", "-", "--id", "press/1"], input: Data("Title\n\nFrom a pipe.".utf8))
            #expect(stdin.contains("1 new"))
            try mura.write("site/news/a.txt", Data("A\n\nText a.".utf8))
            try mura.write("site/news/b.txt", Data("B\n\nText b.".utf8))
            try mura.write("site/.hidden.txt", Data("H\n\nHidden.".utf8))
            let batch = try mura.json(["ingest", folder.appending(path: "site").path]) as? [String: Any]
            #expect(batch?["new"] as? Int == 2)
            let ids = (try mura.json(["list"]) as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["news/a", "news/b", "press/1"])
            #expect(
                FileManager.default.enumerator(atPath: mura.archive.path)?.allObjects.contains {
                    "\($0)".hasSuffix(".tar.xz")
                } == true
            )

            // MURA_ARCHIVE picks the archive when --archive is absent.
            let viaEnvironment = try ProcessRunner.run(
                MuraCLI.executable,
                ["list"],
                environment: ["MURA_ARCHIVE": mura.archive.path],
                in: folder
            )
            #expect(viaEnvironment.status == 0 && viaEnvironment.stdoutText.contains("press/1"))
        }
    }

    /// Files named alike but for their extension would be one document, each replacing the other at every ingest of
    /// the folder: both are refused, naming each other, and the rest is archived; a file with a URL is named by it.
    @Test func filesNamedAlikeButForTheirExtensionAreNotOneDocument() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            try mura.write("site/a.txt", Data("Notice\n\nThe text of the notice.".utf8))
            try mura.write("site/a.html", Data("<html><body><h1>Notice</h1><p>The page.</p></body></html>".utf8))
            try mura.write("site/b.txt", Data("Order\n\nThe text of the order.".utf8))
            for _ in 0..<2 {
                let run = try mura.run(["ingest", folder.appending(path: "site").path])
                #expect(run.status == 2, "\(run.stderrText)")
                #expect(run.stderrText.contains("would be document 'a'"), "\(run.stderrText)")
                #expect(run.stderrText.contains("a.txt") && run.stderrText.contains("a.html"), "\(run.stderrText)")
            }
            let ids = (try mura.json(["list"]) as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == ["b"])
            let map = try mura.write("urls.tsv", Data("a.html\thttps://example.org/notice\n".utf8))
            _ = try mura.ok(["ingest", "--url-map", map.path, folder.appending(path: "site").path])
            let named = (try mura.json(["list"]) as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(named == ["a", "b", "https://example.org/notice"])
        }
    }

    /// A link in an ingested folder is not followed (it may point anywhere on the machine), and a pipe is no file:
    /// both are named as skipped, not passed over in silence.
    @Test func linksAndPipesInAFolderAreNamedAsSkipped() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let note = try mura.write("site/note.txt", Data("Note\n\nThe text of the note.".utf8))
            try FileManager.default.createSymbolicLink(
                at: folder.appending(path: "site/link.txt"),
                withDestinationURL: note
            )
            #expect(mkfifo(folder.appending(path: "site/pipe").path, 0o600) == 0)
            let run = try mura.run(["ingest", folder.appending(path: "site").path])
            #expect(run.status == 0, "\(run.stderrText)")
            #expect(run.stderrText.contains("link.txt: a symbolic link, not followed"), "\(run.stderrText)")
            #expect(run.stderrText.contains("pipe: not a regular file"), "\(run.stderrText)")
            #expect(run.stdoutText.contains("1 new, 0 unchanged, 0 failed"), "\(run.stdoutText)")
        }
    }

    @Test func inspectPrintsOneJSONLinePerDocumentAndWritesNothing() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            let file = try mura.write("a.txt", Data("Title\n\nPublished: 2024-05-01\n\nThe body.".utf8))
            let output = try ProcessRunner.run(
                MuraCLI.executable,
                ["inspect", file.path, "--url", "https://example.org/a"],
                in: folder
            )
            #expect(output.status == 0)
            let line = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
            #expect(line["id"] as? String == "https://example.org/a")
            #expect(line["format"] as? String == "text")
            #expect(line["title"] as? String == "Title")
            #expect(line["published"] as? String == "2024-05-01T00:00:00Z")
            #expect(line["text"] as? String == "The body.")
            #expect(output.stdoutText.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "Archives").path))
        }
    }

    /// A page with bytes its charset does not have is read, and libxml2's encoding layer writes nothing to standard
    /// error (in a service, that went into the log for every such page).
    @Test func aPageWithBytesItsCharsetLacksLeavesStandardErrorClean() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            let page = try mura.write(
                "page.html",
                Data("<html><body><p>Hello ".utf8) + Data([0x9D, 0x6B]) + Data(" there, a page.</p></body></html>".utf8)
            )
            let output = try ProcessRunner.run(MuraCLI.executable, ["inspect", page.path], in: folder)
            #expect(output.status == 0 && output.stdoutText.contains("Hello"))
            #expect(output.stderrText.isEmpty, "\(output.stderrText)")
        }
    }

    @Test func pluginsAreListed() async throws {
        try await withTemporaryFolder { folder in
            let output = try ProcessRunner.run(MuraCLI.executable, ["plugins", "--json"], in: folder)
            let entries = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [[String: Any]])
            #expect(
                entries.map { "\($0["kind"]!) \($0["format"]!)" } == [
                    "importer binary", "importer html", "importer json", "importer text", "exporter html",
                    "exporter json", "exporter text",
                ]
            )
        }
    }
}

@Suite struct CLIProgressTests {
    @Test(.requires(tools: "script"))
    func progressBarOnATerminalOnly() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            for number in 1...3 { try mura.write("batch/\(number).txt", Data("T\(number)\n\nBody \(number).".utf8)) }
            let command = [
                MuraCLI.executable.path, "ingest", folder.appending(path: "batch").path, "--archive", mura.archive.path,
            ]
            let terminal = try ProcessRunner.run(
                try TestRequirement.tool("script"),
                ["-qec", command.joined(separator: " "), "/dev/null"]
            )
            #expect(terminal.status == 0)
            #expect(terminal.stdoutText.contains("] 3/3"))
            #expect(terminal.stdoutText.contains("[##########"))

            let piped = try mura.run(["ingest", folder.appending(path: "batch").path])
            #expect(!piped.stdoutText.contains("3/3"))
            #expect(piped.stdoutText.contains("0 new, 3 unchanged, 0 failed"))
        }
    }
}

@Suite struct CLISniffingTests {
    @Test func inspectPicksImportersByContentAndTakesURLsFromAMap() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            let page = try mura.write(
                "saved/page.txt",
                Data(
                    "<!DOCTYPE html><html><head><title>Saved page</title></head><body><p>A page saved with the wrong extension, long enough to be read.</p></body></html>"
                        .utf8
                )
            )
            let feed = try mura.write(
                "saved/feed",
                Data(
                    #"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "url": "https://example.org/1", "content_text": "One."}, {"id": "2", "url": "https://example.org/2", "content_text": "Two."}]}"#
                        .utf8
                )
            )
            let note = try mura.write("saved/note.html", Data("A note\n\nSaved as HTML but plain text.".utf8))
            // Written on Windows: lines end in CRLF.
            let map = try mura.write("urls.tsv", Data("\r\n\(page.path)\thttps://example.org/page\r\n".utf8))
            let output = try ProcessRunner.run(
                MuraCLI.executable,
                ["inspect", "--url-map", map.path, page.path, feed.path, note.path],
                in: folder
            )
            #expect(output.status == 0, "\(output.stderrText)")
            let lines = try output.stdoutText.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(lines.map { $0["format"] as? String } == ["html", "json", "json", "text"])
            #expect(
                lines.map { $0["id"] as? String } == [
                    "https://example.org/page", "https://example.org/1", "https://example.org/2", "note",
                ]
            )
        }
    }
}

@Suite struct CLIExportTests {
    @Test func exportABagFromTheCommandLine() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init", "--organization", "City Press Office"])
            _ = try mura.ok(["ingest", "-", "--id", "press/1"], input: Data("Title\n\nBody.".utf8))
            let bag = folder.appending(path: "out.tar.zst")
            let report = try #require(
                try mura.json(["export", "--all", "--to", bag.path, "--render", "html,json"]) as? [String: Any]
            )
            #expect(report["versions"] as? Int == 1 && report["files"] as? Int == 3)
            #expect(FileManager.default.fileExists(atPath: bag.path))

            let usage = try mura.run(["export", "--to", folder.appending(path: "x").path])
            #expect(usage.status == 64 && usage.stderrText.contains("--all"))
            let package = try mura.run([
                "export", "--all", "--package", "zip", "--to", folder.appending(path: "y").path,
            ])
            #expect(package.status == 64 && package.stderrText.contains("'bagit', 'ocfl' or 'warc'"))
            let warc = try mura.run([
                "export", "--all", "--package", "warc", "--render", "text", "--to",
                folder.appending(path: "w.warc.gz").path,
            ])
            #expect(warc.status == 64 && warc.stderrText.contains("not warc. (--render)"))
            let render = try mura.run(["export", "--all", "--render", "pdf", "--to", folder.appending(path: "z").path])
            #expect(render.status == 65 && render.stderrText.contains("pdf"))
            let exists = try mura.run(["export", "--all", "--to", bag.path])
            #expect(exists.status == 73 && exists.stderrText.contains("already exists"))
            // The archive's housekeeping clears its tmp/ folder: no package goes anywhere inside the archive.
            for inside in ["tmp/bag", "bag.tar.zst", "bundles/bag"] {
                let target = mura.archive.appending(path: inside)
                let refused = try mura.run(["export", "--all", "--to", target.path])
                #expect(refused.status == 64 && refused.stderrText.contains("inside the archive"), "\(inside)")
                #expect(!FileManager.default.fileExists(atPath: target.path), "\(inside)")
            }
        }
    }

    /// A document named for an export that has no version at `--at` is left out, and the export says so.
    @Test func anExportNamesTheDocumentsItLeavesOut() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            _ = try mura.ok(
                ["ingest", "-", "--id", "old", "--captured-at", "2022-01-01"],
                input: Data("Old\n\nA.".utf8)
            )
            _ = try mura.ok(
                ["ingest", "-", "--id", "new", "--captured-at", "2023-01-01"],
                input: Data("New\n\nB.".utf8)
            )
            let output = try mura.run([
                "export", "old", "new", "--at", "2022-06-01", "--json", "--to", folder.appending(path: "bag").path,
            ])
            #expect(output.status == 0, "\(output.stderrText)")
            #expect(output.stderrText.contains("not exported: 'new' has no version"), "\(output.stderrText)")
            let report = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
            #expect(report["documents"] as? Int == 1 && report["notExported"] as? [String] == ["new"], "\(report)")
        }
    }
}

@Suite struct CLIReceiveTests {
    /// A bag's file names are someone else's text: an escape sequence in one is shown, never sent to the terminal.
    @Test func controlCharactersInABagsNamesAreShownNotSent() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let bag = folder.appending(path: "bag")
            let name = "\u{1B}]0;title\u{07}\u{1B}[31mred.txt"
            try FileManager.default.createDirectory(at: bag.appending(path: "data"), withIntermediateDirectories: true)
            try Data().write(to: bag.appending(path: "data").appending(path: name))
            try Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
                .write(to: bag.appending(path: "bagit.txt"))
            let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            try Data("\(emptySHA256)  data/\(name)\n".utf8).write(to: bag.appending(path: "manifest-sha256.txt"))
            let output = try mura.run(["receive", bag.path])
            #expect(output.status == 2, "\(output.stderrText)")
            #expect(output.stderrText.contains("\\u{1B}[31mred.txt"), "\(output.stderrText)")
            #expect(!output.stderr.contains(0x1B) && !output.stderr.contains(0x07), "\(output.stderrText)")
        }
    }

    @Test func receiveAValidAndAnInvalidBag() async throws {
        try await withTemporaryFolder { folder in
            let source = MuraCLI(in: folder.appending(path: "source"))
            try FileManager.default.createDirectory(at: source.workingDirectory, withIntermediateDirectories: true)
            _ = try source.ok(["init"])
            _ = try source.ok(["ingest", "-", "--id", "press/1"], input: Data("Title\n\nBody.".utf8))
            let bag = folder.appending(path: "bag")
            _ = try source.ok(["export", "--all", "--to", bag.path])

            let target = MuraCLI(in: folder)
            _ = try target.ok(["init"])
            #expect(try target.ok(["receive", bag.path]).contains("1 documents, 1 new versions"))

            // Corrupt one payload byte: refused, naming the file, and nothing archived.
            let payload = try #require(
                FileManager.default.enumerator(atPath: bag.appending(path: "data").path)?.allObjects.map { "\($0)" }
                    .first { $0.hasSuffix("original.txt") }
            )
            try Data("Title\n\nBody!".utf8).write(to: bag.appending(path: "data/\(payload)"))
            let before = try target.state()
            let refused = try target.run(["receive", bag.path])
            #expect(refused.status == 65)
            #expect(refused.stderrText.contains("data/\(payload) does not match its sha256 checksum"))
            #expect(try target.state() == before)
        }
    }

    @Test func receiveLimitsComeFromOptionsAndNameTheOptionToRaise() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            _ = try mura.ok(["ingest", "-", "--id", "press/1"], input: Data("Title\n\nBody.".utf8))
            let bag = folder.appending(path: "bag.tar.gz")
            _ = try mura.ok(["export", "--all", "--to", bag.path])
            let before = try mura.state()

            let bytes = try mura.run(["receive", "--max-bytes", "1K", bag.path])
            #expect(bytes.status == 65)
            #expect(bytes.stderrText.contains("more than 1 KiB"), "\(bytes.stderrText)")
            #expect(bytes.stderrText.contains("with a larger limit (--max-bytes)."), "\(bytes.stderrText)")
            let entries = try mura.run(["receive", "--max-entries", "3", bag.path])
            #expect(entries.status == 65)
            #expect(entries.stderrText.contains("more than 3 entries"), "\(entries.stderrText)")
            #expect(entries.stderrText.contains("--max-entries"), "\(entries.stderrText)")
            #expect(try mura.state() == before)

            #expect(try mura.run(["receive", "--max-bytes", "lots", bag.path]).status == 64)
            #expect(try mura.run(["receive", "--max-entries", "0", bag.path]).status == 64)
            #expect(
                try mura.ok(["receive", "--max-bytes", "20G", "--max-entries", "100", bag.path]).contains("Received")
            )
        }
    }
}
