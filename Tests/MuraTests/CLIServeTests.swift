import ArchiveTesting
import Foundation
import Testing

/// `mura token` and `mura serve` as a user runs them: tokens printed once and stored hashed, the service writing
/// with them, gated reads after `mura token reads token`, and a graceful stop on SIGTERM.
@Suite struct CLIServeTests {
    static let curl = URL(filePath: "/usr/bin/curl")

    /// Starts `mura serve --port 0` and waits for the port its banner reports (printed once the port is bound).
    static func serve(_ mura: MuraCLI, log: URL) throws -> (ChildProcess, Int) {
        let process = try ProcessRunner.launch(
            MuraCLI.executable,
            ["serve", "--port", "0", "--archive", mura.archive.path],
            in: mura.workingDirectory,
            log: log
        )
        for _ in 0..<200 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /Serving .* on http:\/\/127\.0\.0\.1:([0-9]+)/), let port = Int(match.1),
                port > 0
            {
                return (process, port)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        Issue.record("mura serve did not report its port: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        throw CancellationError()
    }

    static func status(_ arguments: [String]) throws -> String {
        try ProcessRunner.run(curl, ["-s", "-o", "/dev/null", "-w", "%{http_code}"] + arguments).stdoutText
    }

    @Test func servingAFolderThatIsNoArchiveFails() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            let refused = try mura.run(["serve", "--port", "0"])
            #expect(refused.status == 66 && refused.stderrText.contains("mura init"), "\(refused.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: mura.archive.appending(path: "mura-archive.json").path))
        }
    }

    /// A port another program holds: one line naming it, exit 64, and no banner that claims the service runs.
    @Test func aPortInUseIsNamedAndTheServiceDoesNotClaimToRun() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(holder) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) }
            }
            #expect(listen(holder, 1) == 0)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) }
            }
            let port = Int(UInt16(bigEndian: address.sin_port))
            let refused = try mura.run(["serve", "--port", "\(port)"])
            #expect(refused.status == 64, "\(refused.stderrText)")
            #expect(refused.stderrText.contains("Port \(port) on 127.0.0.1 is in use"), "\(refused.stderrText)")
            #expect(!refused.stdoutText.contains("Serving"), "\(refused.stdoutText)")
        }
    }

    @Test func theCacheSizeIsASizeOrTheServiceDoesNotStart() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            for bad in ["lots", "0", "-5M"] {
                let refused = try mura.run(["serve", "--port", "0", "--cache-size=\(bad)"])
                #expect(refused.status == 64, "\(bad): \(refused.stderrText)")
                #expect(refused.stderrText.contains("--cache-size '\(bad)'"), "\(refused.stderrText)")
            }
            #expect(try mura.ok(["serve", "--help"]).contains("--cache-size"))
        }
    }

    @Test func tokensAndTheServiceFromTheCommandLine() async throws {
        try await withTemporaryFolder { folder in
            let mura = MuraCLI(in: folder)
            _ = try mura.ok(["init"])
            let created = try mura.run(["token", "create", "--role", "write", "--name", "cms"])
            #expect(created.status == 0 && created.stderrText.contains("cannot be shown again"))
            let secret = created.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("mura_") && secret.count > 40)
            let reader = try mura.ok(["token", "create", "--role", "read"]).trimmingCharacters(in: .newlines)
            let listed = try mura.ok(["token", "list"])
            #expect(listed.contains("write") && listed.contains("cms") && listed.contains("Reads: open"))
            #expect(!listed.contains(secret) && !listed.contains(reader))
            // A name is one line of text of reasonable length: a line break or an escape sequence would forge lines of
            // the listing or act on the terminal.
            for name in ["evil\nname", "red\u{1B}[31m", String(repeating: "n", count: 201)] {
                let refused = try mura.run(["token", "create", "--role", "write", "--name", name])
                #expect(refused.status == 64 && refused.stderrText.contains("(--name)"), "\(refused.stderrText)")
            }
            #expect(try mura.ok(["token", "list"]) == listed)

            let log = folder.appending(path: "serve.log")
            var (server, port) = try Self.serve(mura, log: log)
            let base = "http://127.0.0.1:\(port)"
            let page = try mura.write("page.txt", Data("Note\n\nText.".utf8))
            let post = ["-X", "POST", "-H", "Content-Type: text/plain", "--data-binary", "@\(page.path)"]
            #expect(try Self.status(post + ["\(base)/documents?id=a"]) == "401")
            #expect(
                try Self.status(post + ["-H", "Authorization: Bearer \(reader)", "\(base)/documents?id=a"]) == "403"
            )
            #expect(
                try Self.status(post + ["-H", "Authorization: Bearer \(secret)", "\(base)/documents?id=a"]) == "201"
            )
            #expect(try Self.status(["\(base)/documents/a"]) == "200")
            server.terminate()
            server.waitUntilExit()
            #expect(server.terminationStatus == 0, "SIGTERM stops the service gracefully")

            #expect(try mura.ok(["token", "reads", "token"]).contains("need a read or write token"))
            (server, port) = try Self.serve(mura, log: log)
            defer { server.terminate() }
            let gated = "http://127.0.0.1:\(port)/documents/a"
            #expect(try Self.status([gated]) == "401")
            #expect(try Self.status(["-H", "Authorization: Bearer \(reader)", gated]) == "200")

            let id = try #require(
                listed.split(separator: "\n").first { $0.contains("read ") }?.split(separator: " ").first
            )
            _ = try mura.ok(["token", "revoke", String(id)])
            #expect(try Self.status(["-H", "Authorization: Bearer \(reader)", gated]) == "401")
            let unknown = try mura.run(["token", "revoke", "nope"])
            #expect(unknown.status == 66 && unknown.stderrText.contains("mura token list"))
            let logText = try String(contentsOf: log, encoding: .utf8)
            #expect(!logText.contains(secret) && !logText.contains(reader))
        }
    }
}
