import ArchiveTesting
import Foundation
import Testing

/// Untrusted archives never start a program. libarchive can decompress some formats only through an external
/// program (lrzip, lzop, grzip); those filters are not enabled, so a bag or a WARC file that claims such a
/// compression is refused without running anything, whatever the `PATH` holds.
@Suite struct ExternalProgramTests {
    /// The first bytes by which libarchive recognises each program's format.
    static let signatures: [(program: String, bytes: [UInt8])] = [
        ("lrzip", Array("LRZI".utf8) + [0, 6]),
        ("lzop", [0x89, 0x4C, 0x5A, 0x4F, 0x00, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("grzip", Array("GRZipII".utf8) + [0x00, 0x02, 0x04, 0x3A, 0x29]),
    ]

    @Test func aBagOrAWARCInAProgramsCompressionRunsNoProgram() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            // Stand-ins for the programs, first on the PATH: each records that it ran.
            let programs = folder.appending(path: "programs", directoryHint: .isDirectory)
            let ran = folder.appending(path: "ran.txt")
            try FileManager.default.createDirectory(at: programs, withIntermediateDirectories: true)
            for (program, _) in Self.signatures {
                let script = programs.appending(path: program)
                try Data("#!/bin/sh\necho \(program) >> '\(ran.path)'\ncat > /dev/null\n".utf8).write(to: script)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            }
            let path = programs.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let before = try mura.state()
            for (program, signature) in Self.signatures {
                let body = Data(signature + [UInt8](repeating: 0x41, count: 4096))
                let bag = try mura.write("bag-\(program).tar", body)
                let received = try mura.run(["receive", bag.path], environment: ["PATH": path])
                #expect(received.status != 0, "receive of a \(program) file: \(received.stdoutText)")
                #expect(received.stderrText.contains("bag-\(program).tar"), "\(received.stderrText)")
                let warc = try mura.write("crawl-\(program).warc", body)
                let ingested = try mura.run(["ingest", warc.path], environment: ["PATH": path])
                #expect(ingested.status != 0, "ingest of a \(program) file: \(ingested.stdoutText)")
                #expect(ingested.stderrText.contains("crawl-\(program).warc"), "\(ingested.stderrText)")
            }
            let programsRun = (try? String(contentsOf: ran, encoding: .utf8)) ?? ""
            #expect(programsRun.isEmpty, "programs run: \(programsRun)")
            #expect(try mura.state() == before)
        }
    }
}
