import ArchiveTesting
import Foundation
import Testing

/// Bad input: one `error:` line naming the thing and what to do, a non-zero exit, nothing written.
@Suite struct CLIErrorTests {
    func expectFailure(
        _ mura: MuraCLI,
        _ arguments: [String],
        status: Int32,
        mentioning: [String],
        input: Data = Data(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try mura.state()
        let output = try mura.run(arguments, input: input)
        #expect(
            output.status == status,
            "status \(output.status): \(output.stderrText)",
            sourceLocation: sourceLocation
        )
        #expect(output.stderrText.hasPrefix("error: "), "stderr: \(output.stderrText)", sourceLocation: sourceLocation)
        for text in mentioning {
            #expect(
                output.stderrText.contains(text),
                "stderr lacks '\(text)': \(output.stderrText)",
                sourceLocation: sourceLocation
            )
        }
        #expect(try mura.state() == before, "the archive changed", sourceLocation: sourceLocation)
    }

    /// A title with an escape sequence (kept as the publication gave it) is listed with it shown, not sent to the
    /// terminal.
    @Test func listingsShowControlCharacters() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let article = #"{"@type": "NewsArticle", "headline": "Red\u001b[31m alert", "articleBody": "The text."}"#
            let page = try mura.write("article.json", Data(article.utf8))
            _ = try mura.ok(["ingest", "--id", "a", page.path])
            for arguments in [["list"], ["history", "a"], ["search", "text"]] {
                let listed = try mura.ok(arguments)
                #expect(listed.contains("Red\\u{1B}[31m alert") && !listed.contains("\u{1B}"), "\(listed)")
            }
        }
    }

    @Test func badInputs() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let page = try mura.write("page.txt", Data("Title\n\nBody.".utf8))
            _ = try mura.ok(["ingest", "--captured-at", "2022-05-01", page.path])
            let empty = try mura.write("empty.txt", Data())
            let binary = try mura.write("scan.txt", Data([0x00, 0xFF, 0x10, 0x00, 0x80, 0x00]))

            // A file alone that fails is the command's failure, with its own code (65: bad input data).
            try expectFailure(mura, ["ingest", empty.path], status: 65, mentioning: ["empty.txt", "empty"])
            try expectFailure(mura, ["ingest", binary.path], status: 65, mentioning: ["scan.txt", "--format"])
            // A feed whose content is at fault (two texts for one document, an item without an id) is bad input data.
            let feed = try mura.write(
                "feed.json",
                Data(
                    (#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "url": "https://e.org/a", "#
                        + #""content_text": "One."}, {"id": "2", "url": "https://e.org/a", "content_text": "Two."}]}"#)
                        .utf8
                )
            )
            try expectFailure(mura, ["ingest", feed.path], status: 65, mentioning: ["items 1 and 2 of 2"])
            // Of a batch, some failed: 2.
            try expectFailure(
                mura,
                ["ingest", empty.path, binary.path],
                status: 2,
                mentioning: ["empty.txt", "scan.txt"]
            )
            // An id or a URL for every input is the command's own mistake, refused before any input is read.
            try expectFailure(mura, ["ingest", "--id", ".", page.path, empty.path], status: 64, mentioning: ["(--id)"])
            try expectFailure(mura, ["ingest", "--url", "ftp://x", page.path], status: 64, mentioning: ["--url"])
            try expectFailure(
                mura,
                ["ingest", folder.appending(path: "missing.txt").path],
                status: 66,
                mentioning: ["missing.txt", "does not exist"]
            )
            try expectFailure(
                mura,
                ["ingest", "--format", "docx", page.path],
                status: 65,
                mentioning: ["docx", "Registered formats: binary, html, json, text"]
            )
            try expectFailure(
                mura,
                ["ingest", "--captured-at", "last tuesday", page.path],
                status: 64,
                mentioning: ["--captured-at", "YYYY-MM-DD"]
            )
            try expectFailure(
                mura,
                ["ingest", "-"],
                status: 64,
                mentioning: ["stdin", "--id"],
                input: Data("T\n\nx".utf8)
            )
            try expectFailure(mura, ["history", "nope"], status: 66, mentioning: ["'nope'", "mura list"])
            try expectFailure(mura, ["restore", "nope", "--at", "2022-01-01"], status: 66, mentioning: ["'nope'"])
            try expectFailure(
                mura,
                ["restore", "page", "--at", "2022-04-30"],
                status: 66,
                mentioning: ["2022-05-01T00:00:00Z"]
            )
            try expectFailure(
                mura,
                ["restore", "page", "--at", "soon"],
                status: 64,
                mentioning: ["--at", "YYYY-MM-DD"]
            )
            try expectFailure(mura, ["show", "page", "--version", "9"], status: 66, mentioning: ["versions 1 to 1"])
            try expectFailure(
                mura,
                ["show", "page", "--format", "pdf"],
                status: 65,
                mentioning: ["pdf", "html, json, original, text"]
            )
            try expectFailure(mura, ["init"], status: 1, mentioning: ["already a Mura archive"])
        }
    }

    /// Standard output that cannot be written (a full disk behind `>`) is an error naming the cause and exit 73, not
    /// a crash: for the restore that `mura` answers itself and for the commands it hands on.
    @Test(.requires(tools: "sh")) func standardOutputThatCannotBeWrittenIsAnError() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let page = try mura.write("page.txt", Data("Notice\n\nThe text of the notice.".utf8))
            _ = try mura.ok(["ingest", page.path])
            for command in ["restore page --at 9999-01-01", "show page --format original", "list"] {
                let run = try ProcessRunner.run(
                    URL(filePath: "/bin/sh"),
                    ["-c", "'\(MuraCLI.executable.path)' \(command) --archive '\(mura.archive.path)' > /dev/full"],
                    in: folder
                )
                #expect(run.status == 73, "\(command): \(run.stderrText)")
                #expect(
                    run.stderrText.contains("standard output could not be written"),
                    "\(command): \(run.stderrText)"
                )
                #expect(!run.stderrText.contains("Fatal error"), "\(command)")
            }
        }
    }

    @Test func missingAndForeignArchives() async throws {
        try await withTemporaryFolder { folder in
            let missing = MuraCLI(in: folder)
            let output = try missing.run(["list"])
            #expect(output.status == 66)
            #expect(output.stderrText.contains("does not exist") && output.stderrText.contains("mura init --archive"))
            #expect(!FileManager.default.fileExists(atPath: missing.archive.path))

            try FileManager.default.createDirectory(at: missing.archive, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: missing.archive.appending(path: "notes.txt"))
            let foreign = try missing.run(["ingest", "-", "--id", "a"], input: Data("T\n\nx".utf8))
            #expect(foreign.status == 66 && foreign.stderrText.contains("is not a Mura archive"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: missing.archive.path) == ["notes.txt"])
        }
    }

    @Test func inputsOverTheSizeLimitAreRefusedByName() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let big = "Big\n\n" + String(repeating: "Words of a long page. ", count: 60_000)
            let file = try mura.write("batch/big.txt", Data(big.utf8))
            _ = try mura.write("batch/small.txt", Data("Small\n\nText.".utf8))
            let refused = try mura.run(["ingest", "--max-document-size", "1M", file.path])
            #expect(refused.status == 65 && refused.stderrText.contains("big.txt"), "\(refused.stderrText)")
            #expect(refused.stderrText.contains("--max-document-size"))
            let piped = try mura.run(
                ["ingest", "--max-document-size", "1M", "--id", "big", "-"],
                input: Data(big.utf8)
            )
            #expect(piped.status == 65 && piped.stderrText.contains("stdin"))
            // In a batch, the large input fails alone.
            let batch = try mura.run(["ingest", "--max-document-size", "1M", file.deletingLastPathComponent().path])
            #expect(batch.status == 2 && batch.stdoutText.contains("small"))
            #expect(try mura.run(["ingest", "--max-document-size", "lots", file.path]).status == 64)
            // A size too large to count in bytes is a bad option, not a crash.
            #expect(try mura.run(["ingest", "--max-document-size", "99999999999999999G", file.path]).status == 64)
            #expect(try mura.run(["ingest", file.path]).status == 0, "the default limit is 64 MB")
            // A device named as a file is read as a stream, up to the limit: /dev/zero never ends.
            let endless = try mura.run(["ingest", "--max-document-size", "64K", "--id", "zero", "/dev/zero"])
            #expect(endless.status == 65, "\(endless.stderrText)")
            #expect(endless.stderrText.contains("/dev/zero is larger than 64 KB"), "\(endless.stderrText)")
        }
    }

    /// A folder inside the one named that cannot be listed is an input that failed, named, not one passed over.
    @Test func aFolderThatCannotBeListedIsAFailedInput() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let inputs = folder.appending(path: "inputs")
            let locked = inputs.appending(path: "locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            try Data("Open\n\nThe open text.".utf8).write(to: inputs.appending(path: "open.txt"))
            try Data("Locked\n\nThe locked text.".utf8).write(to: locked.appending(path: "inside.txt"))
            var command = [MuraCLI.executable.path, "ingest", inputs.path, "--archive", mura.archive.path]
            if getuid() == 0 {
                // Root lists any folder: the ingest runs as an unprivileged user, who may write the archive.
                for path in [folder.path]
                    + (FileManager.default.subpaths(atPath: folder.path) ?? []).map({
                        folder.appending(path: $0).path
                    })
                {
                    chmod(path, 0o777)
                }
                command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
            }
            chmod(locked.path, 0)
            defer { chmod(locked.path, 0o755) }
            let output = try ProcessRunner.run(URL(filePath: command[0]), Array(command.dropFirst()), in: folder)
            #expect(output.status == 2, "\(output.stderrText)")
            #expect(output.stderrText.contains("Cannot list the folder \(locked.path)"), "\(output.stderrText)")
            #expect(output.stdoutText.contains("1 new, 0 unchanged, 1 failed"), "\(output.stdoutText)")
        }
    }

    @Test func oneBadFileDoesNotStopABatch() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            try mura.write("batch/1-good.txt", Data("Good\n\nText.".utf8))
            try mura.write("batch/2-empty.txt", Data())
            try mura.write("batch/3-good.txt", Data("Also good\n\nText.".utf8))
            let output = try mura.run(["ingest", folder.appending(path: "batch").path])
            #expect(output.status == 2)
            #expect(output.stdoutText.contains("2 new, 0 unchanged, 1 failed"))
            #expect(output.stderrText.contains("2-empty.txt"))
            #expect(try mura.ok(["list"]).contains("1-good"))
        }
    }

    /// A path of a batch that does not exist is one input that failed: the others are archived.
    @Test func aMissingPathDoesNotStopABatch() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let first = try mura.write("first.txt", Data("First\n\nText.".utf8))
            let last = try mura.write("last.txt", Data("Last\n\nText.".utf8))
            let missing = folder.appending(path: "missing.txt").path
            let output = try mura.run(["ingest", first.path, missing, last.path])
            #expect(output.status == 2, "\(output.stderrText)")
            #expect(output.stdoutText.contains("2 new, 0 unchanged, 1 failed"), "\(output.stdoutText)")
            #expect(output.stderrText.contains("\(missing) does not exist"), "\(output.stderrText)")
            let listed = try mura.ok(["list"])
            #expect(listed.contains("first") && listed.contains("last"), "\(listed)")
        }
    }

    @Test func verifyNamesAFlippedByte() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            _ = try mura.ok(["ingest", "-", "--id", "a"], input: Data("A\n\nText.".utf8))
            let bundle = try #require(
                FileManager.default.enumerator(atPath: mura.archive.appending(path: "bundles").path)?.allObjects
                    .map { "\($0)" }.first { $0.hasSuffix(".tar.zst") }
            )
            let file = mura.archive.appending(path: "bundles/\(bundle)")
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count - 5] ^= 0x40
            try bytes.write(to: file)
            let output = try mura.run(["verify"])
            #expect(output.status == 1)
            #expect(output.stderrText.contains("bundles/\(bundle)"))
            #expect(output.stdoutText.contains("1 versions checked, 1 problems"))
            // Reading the damaged version is the archive's own file failing (74), with what to do.
            for command in [["restore", "a", "--at", "2099-01-01"], ["show", "a"]] {
                let read = try mura.run(command)
                #expect(read.status == 74, "\(command): \(read.stderrText)")
                #expect(read.stderrText.contains("mura verify"), "\(command): \(read.stderrText)")
            }
        }
    }

    @Test func searchAndDiffFromTheCommandLine() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let first = try mura.write("v1.txt", Data("Хабарландыру\n\nМектептерде оқу жылы басталды.".utf8))
            let second = try mura.write("v2.txt", Data("Хабарландыру\n\nМектептерде оқу жылы ертең басталады.".utf8))
            _ = try mura.ok(["ingest", "--id", "kk/1", "--captured-at", "2024-09-01", first.path])
            _ = try mura.ok(["ingest", "--id", "kk/1", "--captured-at", "2024-09-02", second.path])
            let results = try #require(try mura.json(["search", "мектеп", "--at", "2024-09-01"]) as? [String: Any])
            let hits = try #require(results["hits"] as? [[String: Any]])
            #expect(hits.map { $0["documentID"] as? String } == ["kk/1"])
            #expect(hits.first?["capturedAt"] as? String == "2024-09-01T00:00:00Z")
            #expect(try mura.ok(["search", "ертең"]).contains("kk/1"))
            #expect(try mura.ok(["search", "ертең", "--at", "2024-09-01"]).contains("No document matches"))
            let diff = try mura.ok(["diff", "kk/1", "--from", "1", "--to", "2024-09-02"])
            #expect(diff.contains("~Мектептерде оқу жылы [-басталды.-] {+ертең басталады.+}"))
            #expect(try mura.ok(["history", "kk/1"]).contains("% of words changed"))
            try expectFailure(mura, ["search", "мектеп", "AND"], status: 64, mentioning: ["ends with AND"])
            try expectFailure(mura, ["search", "x", "--limit", "0"], status: 64, mentioning: ["--limit"])
            // An offset past the deepest page is refused before anything is ranked (the largest once crashed Mura).
            for offset in ["100001", "9223372036854775807"] {
                try expectFailure(mura, ["search", "x", "--offset", offset], status: 64, mentioning: ["--offset"])
            }
            // Two scans no importer reads text from: the diff names the originals that differ, and history does not
            // call it 0% changed.
            for (day, bytes) in [("2024-01-01", [UInt8](repeating: 7, count: 3_000)), ("2024-02-01", [1, 2, 3])] {
                let scan = try mura.write("scan-\(day).bin", Data(bytes))
                _ = try mura.ok(["ingest", "--format", "binary", "--id", "scan", "--captured-at", day, scan.path])
            }
            let scans = try mura.ok(["diff", "scan", "--from", "1", "--to", "2"])
            #expect(scans.contains("@@ original @@") && scans.contains("-3000 bytes") && scans.contains("+3 bytes"))
            #expect(try mura.ok(["history", "scan"]).contains("same text"))
            try expectFailure(mura, ["diff", "kk/1", "--from", "3"], status: 66, mentioning: ["kk/1"])
            try expectFailure(mura, ["diff", "kk/2", "--from", "1"], status: 66, mentioning: ["kk/2"])
        }
    }
}
