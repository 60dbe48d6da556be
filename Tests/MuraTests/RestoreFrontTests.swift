import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// `mura restore` is answered by `mura` itself; `mura-commands restore` by the full command line. Both must write the
/// same bytes and say the same things, and every other command must reach `mura-commands` through `mura`.
@Suite struct RestoreFrontTests {
    /// `mura-commands`, beside the `mura` the tests run.
    static var commands: URL {
        MuraCLI.executable.deletingLastPathComponent().appending(path: "mura-commands")
    }

    @Test func muraAndMuraCommandsRestoreTheSameBytesAndSayTheSame() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let bytes = Data("<html><title>Т</title><p>Қазақ тілі\r\n\t ".utf8)
            let page = try mura.write("page.html", bytes)
            _ = try mura.ok(["ingest", "--id", "p/1", "--captured-at", "2024-01-01", page.path])
            let edited = try mura.write("page.html", bytes + Data("<p>more</p>".utf8))
            _ = try mura.ok(["ingest", "--id", "p/1", "--captured-at", "2024-02-01", edited.path])
            let cases: [[String]] = [
                ["restore", "p/1", "--at", "2024-01-15"], ["restore", "p/1", "--at", "2024-02-01"],
                ["restore", "p/1", "--at", "2023-12-31"], ["restore", "nope", "--at", "2024-01-15"],
                ["restore", "p/1", "--at", "2024-13-01"], ["restore", "p/1", "--at", "2024-01-31T23:59:59+01:00"],
            ]
            for arguments in cases {
                let front = try mura.run(arguments)
                let full = try ProcessRunner.run(
                    Self.commands,
                    arguments + ["--archive", mura.archive.path],
                    in: mura.workingDirectory
                )
                #expect(front.status == full.status, "\(arguments)")
                #expect(front.stdout == full.stdout, "\(arguments)")
                #expect(front.stderrText == full.stderrText, "\(arguments)")
            }
            #expect(try mura.run(["restore", "p/1", "--at", "2024-01-15"]).stdout == bytes)
            // Written to a file: replaced only with --force, and the note names the version and the file.
            let target = folder.appending(path: "out.html")
            _ = try mura.ok(["restore", "p/1", "--at", "2024-01-15", "-o", target.path])
            #expect(try Data(contentsOf: target) == bytes)
            let refused = try mura.run(["restore", "p/1", "--at", "2024-02-15", "--output", target.path])
            #expect(refused.status == 64 && refused.stderrText.contains("--force"), "\(refused.stderrText)")
            let replaced = try mura.run(["restore", "p/1", "--at=2024-02-15", "--output=\(target.path)", "--force"])
            #expect(replaced.status == 0 && replaced.stderrText.contains("to \(target.path)"), "\(replaced.stderrText)")
            #expect(try Data(contentsOf: target) == bytes + Data("<p>more</p>".utf8))
            let unwritable = try mura.run(["restore", "p/1", "--at", "2024-02-15", "-o", "\(folder.path)/no/such/f"])
            #expect(unwritable.status == 73 && unwritable.stderrText.contains("no/such/f"), "\(unwritable.stderrText)")
            // A device (/dev/null) or a pipe is written into without --force, and stays what it is; a folder is no
            // file's name. (The test writes into a pipe of its own: a fault here must not replace the machine's
            // /dev/null.)
            let pipe = folder.appending(path: "pipe")
            #expect(mkfifo(pipe.path, 0o600) == 0)
            // The reader gives up after a while: a restore that replaced the pipe would leave it waiting for ever.
            let reader = Task.detached {
                try ProcessRunner.run(URL(filePath: "/usr/bin/timeout"), ["60", "cat", pipe.path]).stdout
            }
            _ = try mura.ok(["restore", "p/1", "--at", "2024-01-15", "-o", pipe.path])
            #expect(try await reader.value == bytes)
            var status = stat()
            #expect(lstat(pipe.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
            // A link whose target is missing is there all the same: replaced only with --force.
            let link = folder.appending(path: "link.html")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/no/such/target")
            let linked = try mura.run(["restore", "p/1", "--at", "2024-01-15", "-o", link.path])
            #expect(linked.status == 64 && linked.stderrText.contains("already exists"), "\(linked.stderrText)")
            // Nothing is written into the archive's own folder, --force or not: it would replace the archive's files.
            for inside in ["catalog.sqlite", "restored.html"] {
                let path = mura.archive.appending(path: inside).path
                let refused = try mura.run(["restore", "p/1", "--at", "2024-01-15", "-o", path, "--force"])
                #expect(
                    refused.status == 64 && refused.stderrText.contains("inside the archive"),
                    "\(refused.stderrText)"
                )
            }
            _ = try mura.ok(["list"])
            let intoFolder = try mura.run(["restore", "p/1", "--at", "2024-01-15", "-o", folder.path, "--force"])
            #expect(
                intoFolder.status == 64 && intoFolder.stderrText.contains("is a folder"),
                "\(intoFolder.stderrText)"
            )
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
            #expect(left.isEmpty, "staged files left: \(left)")
        }
    }

    /// In an archive that records reads, `mura`'s restore records its event like any other read.
    @Test func aRestoreIsRecordedWhereTheArchiveAsks() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init", "--record-reads"])
            let page = try mura.write("page.txt", Data("Title\n\nBody.".utf8))
            _ = try mura.ok(["ingest", "--id", "p/1", "--captured-at", "2024-01-01", page.path])
            #expect(try mura.run(["restore", "p/1", "--at", "2024-01-02"]).stdout == Data("Title\n\nBody.".utf8))
            let archive = try await Archive.openForReading(at: mura.archive, logger: .silent)
            let events = try await archive.catalog.events(documentID: "p/1")
            #expect(events.map(\.kind) == [.ingest, .restore], "\(events.map(\.kind))")
        }
    }

    /// What `mura` does not answer itself, `mura-commands` answers, with its own help and messages.
    @Test func otherCommandsAndOtherFormsReachMuraCommands() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let help = try ProcessRunner.run(MuraCLI.executable, ["restore", "--help"], in: folder)
            #expect(help.status == 0 && help.stdoutText.contains("USAGE: mura restore"), "\(help.stdoutText)")
            let missing = try mura.run(["restore", "p/1", "--at"])
            #expect(missing.status == 64 && missing.stderrText.contains("--at"), "\(missing.stderrText)")
            let version = try ProcessRunner.run(MuraCLI.executable, ["--version"], in: folder)
            #expect(version.status == 0 && !version.stdoutText.isEmpty)
            _ = try mura.ok(["list"])
        }
    }

    /// A `mura` installed without `mura-commands` restores by itself, and for anything else says what is missing and
    /// how to install it.
    @Test func muraAloneRestoresAndNamesAMissingMuraCommands() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let page = try mura.write("page.txt", Data("Title\n\nBody.".utf8))
            _ = try mura.ok(["ingest", "--id", "p/1", "--captured-at", "2024-01-01", page.path])
            let alone = folder.appending(path: "bin/mura")
            try FileManager.default.createDirectory(
                at: alone.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(at: MuraCLI.executable, to: alone)
            let restored = try ProcessRunner.run(
                alone,
                ["restore", "p/1", "--at", "2024-01-02", "--archive", mura.archive.path]
            )
            #expect(restored.status == 0 && restored.stdout == Data("Title\n\nBody.".utf8), "\(restored.stderrText)")
            for arguments in [["list"], ["restore", "--help"]] {
                let output = try ProcessRunner.run(alone, arguments, in: folder)
                #expect(output.status == 70, "\(output.stderrText)")
                #expect(output.stderrText.contains("mura-commands") && output.stderrText.contains("Scripts/install"))
            }
        }
    }
}
