import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// `POST /exports` streams packages that the field's own validators accept; `POST /verify` reports damage.
@Suite struct OperationRouteTests {
    static let required = ProcessInfo.processInfo.environment["CI"] != nil

    /// Runs a third-party tool off the Swift concurrency threads; `nil` (and a failure in CI) when it is missing.
    static func tool(
        _ name: String,
        _ arguments: [String],
        in directory: URL? = nil
    ) async throws
        -> ProcessRunner.Output?
    {
        guard let executable = ProcessRunner.find(name) else {
            #expect(!required, "\(name) is not on PATH; run the tests with Scripts/test")
            return nil
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ProcessRunner.run(executable, arguments, in: directory) })
            }
        }
    }

    static func seeded(_ server: TestServer) throws {
        try server.seed("press/1", "Budget\n\nFirst draft.", at: "2024-01-01", url: "https://example.org/1")
        try server.seed("press/1", "Budget\n\nPassed.", at: "2024-02-01", url: "https://example.org/1")
        try server.seed("press/2", "Weather\n\nRain.", at: "2024-01-15", url: "https://example.org/2")
    }

    @Test func bagItExportPassesBagitPy() async throws {
        try await TestServer.run { server in
            try Self.seeded(server)
            let folder = try TemporaryFolder()
            let file = folder.url.appending(path: "bag.tar.gz")
            let response = try await server.http(
                "POST",
                "/exports",
                headers: ["Content-Type: application/json", server.writer],
                body: Data(#"{"package": "bagit", "all": true, "render": ["text", "json"]}"#.utf8),
                output: file
            )
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/gzip")
            #expect(response.headers["mura-versions"] == "3" && response.headers["mura-documents"] == "2")
            #expect(response.headers["content-disposition"]?.contains(".tar.gz") == true)
            let unpacked = folder.url.appending(path: "unpacked")
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            let tar = try await Self.tool("tar", ["-xzf", file.path, "-C", unpacked.path])
            #expect(tar?.status == 0)
            let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked.path).first)
            if let result = try await Self.tool("bagit.py", ["--validate", unpacked.appending(path: bag).path]) {
                #expect(result.status == 0, "\(result.stderrText)")
            }
            let payload = try String(
                contentsOf: unpacked.appending(path: "\(bag)/manifest-sha256.txt"),
                encoding: .utf8
            )
            #expect(payload.split(separator: "\n").count == 9)  // 3 versions × original, text, document.json
        }
    }

    @Test func ocflAndWARCExportsPassTheirValidators() async throws {
        try await TestServer.run { server in
            try Self.seeded(server)
            let folder = try TemporaryFolder()
            let ocfl = folder.url.appending(path: "root.tar")
            let response = try await server.http(
                "POST",
                "/exports",
                headers: [server.writer],
                body: Data(#"{"package": "ocfl", "documents": ["press/1"], "serialization": "tar"}"#.utf8),
                output: ocfl
            )
            #expect(response.status == 200 && response.headers["content-type"] == "application/x-tar")
            #expect(response.headers["mura-versions"] == "2")
            let unpacked = folder.url.appending(path: "ocfl")
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            #expect(try await Self.tool("tar", ["-xf", ocfl.path, "-C", unpacked.path])?.status == 0)
            let root = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked.path).first)
            if let result = try await Self.tool("ocfl-validate.py", [unpacked.appending(path: root).path]) {
                #expect(result.status == 0 && !result.stdoutText.contains("[E"), "\(result.stdoutText)")
            }

            let warc = folder.url.appending(path: "capture.warc.gz")
            let since = try await server.http(
                "POST",
                "/exports",
                headers: [server.writer],
                body: Data(#"{"package": "warc", "all": true, "since": "2024-01-10"}"#.utf8),
                output: warc
            )
            #expect(since.status == 200 && since.headers["mura-versions"] == "2")
            if let result = try await Self.tool("warcio", ["check", "-v", warc.path]) {
                #expect(result.status == 0, "\(result.stdoutText) \(result.stderrText)")
            }
        }
    }

    @Test func exportOrdersAreChecked() async throws {
        try await TestServer.run { server in
            try Self.seeded(server)
            let cases: [(String, Int, String)] = [
                ("{}", 400, "documents: Name the documents"), (#"{"all": true, "package": "zip"}"#, 400, "package"),
                (#"{"all": true, "serialization": "rar"}"#, 400, "serialization"),
                (#"{"all": true, "since": "last week"}"#, 400, "\"since: 'last week' is not a date"),
                ("not json", 400, "JSON"),
                (#"{"documents": ["nope"]}"#, 404, "nope"),
                (
                    #"{"all": true, "package": "warc", "render": ["text"]}"#, 400,
                    "render: Renderings go into bagit and ocfl"
                ),
                (#"{"all": true, "render": ["pdf"]}"#, 415, "render: "),
            ]
            for (order, status, word) in cases {
                let response = try await server.http(
                    "POST",
                    "/exports",
                    headers: [server.writer],
                    body: Data(order.utf8)
                )
                #expect(
                    response.status == status && response.body.contains(word),
                    "\(order): \(response.status) \(response.body)"
                )
            }
        }
    }

    @Test func verifyReportsDamagedBundles() async throws {
        try await TestServer.run { server in
            try Self.seeded(server)
            let clean = try TestServer.json(try await server.http("POST", "/verify", headers: [server.writer]))
            #expect(clean["clean"] as? Bool == true && clean["checkedVersions"] as? Int == 3)
            let version = try server.archive.version(of: "press/2", ordinal: 1)
            let bundle = server.archive.root.appending(path: version.bundlePath)
            var bytes = try Data(contentsOf: bundle)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: bundle)
            let damaged = try TestServer.json(
                try await server.http(
                    "POST",
                    "/verify",
                    headers: [server.writer],
                    body: Data(#"{"documents": ["press/2"]}"#.utf8)
                )
            )
            #expect(damaged["clean"] as? Bool == false && damaged["checkedVersions"] as? Int == 1)
            let problems = try #require(damaged["problems"] as? [[String: Any]])
            #expect(problems.first?["bundlePath"] as? String == version.bundlePath)
            #expect(
                try await server.http("POST", "/verify", headers: [server.writer], body: Data("[1]".utf8)).status == 400
            )
        }
    }
}
