import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// `POST /exports` streams packages that the field's own validators accept; `POST /verify` reports damage.
@Suite struct OperationRouteTests {
    /// Runs a third-party tool off the Swift concurrency threads.
    ///
    /// - Throws: the failed requirement when the tool is not on `PATH` (the test's trait says so).
    static func tool(
        _ name: String,
        _ arguments: [String],
        in directory: URL? = nil
    ) async throws
        -> ProcessRunner.Output
    {
        let executable = try TestRequirement.tool(name)
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try ProcessRunner.run(executable, arguments, in: directory) })
            }
        }
    }

    static func seeded(_ server: LiveServer) async throws {
        try await server.seed("press/1", "Budget\n\nFirst draft.", at: "2024-01-01", url: "https://example.org/1")
        try await server.seed("press/1", "Budget\n\nPassed.", at: "2024-02-01", url: "https://example.org/1")
        try await server.seed("press/2", "Weather\n\nRain.", at: "2024-01-15", url: "https://example.org/2")
    }

    static func export(
        _ order: String,
        _ server: LiveServer,
        _ client: some TestClientProtocol
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/exports",
            method: .post,
            headers: server.header(.write, contentType: "application/json"),
            body: ByteBuffer(string: order)
        )
    }

    @Test(.requires(tools: "tar", "bagit.py")) func bagItExportPassesBagitPy() async throws {
        try await LiveServer.run { server, client in
            try await Self.seeded(server)
            let folder = try TemporaryFolder()
            let file = folder.url.appending(path: "bag.tar.gz")
            // A document named twice is one document of the bag.
            let response = try await Self.export(
                #"{"documents": ["press/1", "press/2", "press/1"], "render": ["text", "json"]}"#,
                server,
                client
            )
            #expect(response.status == .ok)
            try Data(response.body.readableBytesView).write(to: file)
            #expect(response.headers[.contentType] == "application/gzip")
            #expect(response.headers[.muraVersions] == "3" && response.headers[.muraDocuments] == "2")
            #expect(response.headers[.contentDisposition]?.contains(".tar.gz") == true)
            let unpacked = folder.url.appending(path: "unpacked")
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            let tar = try await Self.tool("tar", ["-xzf", file.path, "-C", unpacked.path])
            #expect(tar.status == 0)
            let bag = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked.path).first)
            let result = try await Self.tool("bagit.py", ["--validate", unpacked.appending(path: bag).path])
            #expect(result.status == 0, "\(result.stderrText)")
            let payload = try String(
                contentsOf: unpacked.appending(path: "\(bag)/manifest-sha256.txt"),
                encoding: .utf8
            )
            #expect(payload.split(separator: "\n").count == 9)  // 3 versions × original, text, document.json
        }
    }

    @Test(.requires(tools: "tar", "ocfl-validate.py", "warcio")) func ocflAndWARCExportsPassTheirValidators()
        async throws
    {
        try await LiveServer.run { server, client in
            try await Self.seeded(server)
            let folder = try TemporaryFolder()
            let ocfl = folder.url.appending(path: "root.tar")
            let response = try await Self.export(
                #"{"package": "ocfl", "documents": ["press/1", "press/1"], "serialization": "tar"}"#,
                server,
                client
            )
            #expect(response.status == .ok && response.headers[.contentType] == "application/x-tar")
            #expect(response.headers[.muraVersions] == "2")
            try Data(response.body.readableBytesView).write(to: ocfl)
            let unpacked = folder.url.appending(path: "ocfl")
            try FileManager.default.createDirectory(at: unpacked, withIntermediateDirectories: true)
            #expect(try await Self.tool("tar", ["-xf", ocfl.path, "-C", unpacked.path]).status == 0)
            let root = try #require(try FileManager.default.contentsOfDirectory(atPath: unpacked.path).first)
            let result = try await Self.tool("ocfl-validate.py", [unpacked.appending(path: root).path])
            #expect(result.status == 0 && !result.stdoutText.contains("[E"), "\(result.stdoutText)")

            let warc = folder.url.appending(path: "capture.warc.gz")
            let since = try await Self.export(
                #"{"package": "warc", "documents": ["press/1", "press/2"], "since": "2024-01-10"}"#,
                server,
                client
            )
            #expect(since.status == .ok && since.headers[.muraVersions] == "2")
            try Data(since.body.readableBytesView).write(to: warc)
            let check = try await Self.tool("warcio", ["check", "-v", warc.path])
            #expect(check.status == 0, "\(check.stdoutText) \(check.stderrText)")
        }
    }

    @Test func exportOrdersAreChecked() async throws {
        try await LiveServer.run { server, client in
            try await Self.seeded(server)
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("{}", .badRequest, "documents: Name the documents"),
                (#"{"all": true, "package": "zip"}"#, .badRequest, "package"),
                (#"{"all": true, "serialization": "rar"}"#, .badRequest, "serialization"),
                (#"{"all": true, "since": "last week"}"#, .badRequest, "\"since: 'last week' is not a date"),
                ("not json", .badRequest, "JSON"),
                (#"{"documents": ["nope"]}"#, .notFound, "nope"),
                (
                    #"{"all": true, "package": "warc", "render": ["text"]}"#, .badRequest,
                    "render: Renderings go into bagit and ocfl"
                ),
                (#"{"all": true, "render": ["pdf"]}"#, .unsupportedMediaType, "render: "),
                (#"{"documents": ["a/b", ""]}"#, .badRequest, "documents[1]: an empty id"),
                (
                    #"{"documents": ["\#(String(repeating: "x", count: 1 << 20))"]}"#, .contentTooLarge,
                    "name fewer documents"
                ),
            ]
            for (order, status, word) in cases {
                let response = try await Self.export(order, server, client)
                #expect(
                    response.status == status && response.text.contains(word),
                    "\(order): \(response.status) \(response.text)"
                )
            }
        }
    }

    @Test func verifyReportsDamagedBundles() async throws {
        try await LiveServer.run { server, client in
            try await Self.seeded(server)
            func verify(_ body: String? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: "/verify",
                    method: .post,
                    headers: server.header(.write),
                    body: body.map { ByteBuffer(string: $0) }
                )
            }
            let clean = try await verify().json()
            // The live server's archive holds a/b besides the three seeded versions.
            #expect(clean["clean"] as? Bool == true && clean["checkedVersions"] as? Int == 4)
            let version = try await server.archive.version(of: "press/2", ordinal: 1)
            let bundle = server.archive.root.appending(path: version.bundlePath)
            var bytes = try Data(contentsOf: bundle)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: bundle)
            // A document named twice is checked once.
            let damaged = try await verify(#"{"documents": ["press/2", "press/2"]}"#).json()
            #expect(damaged["clean"] as? Bool == false && damaged["checkedVersions"] as? Int == 1)
            let problems = try #require(damaged["problems"] as? [[String: Any]])
            #expect(problems.first?["bundlePath"] as? String == version.bundlePath)
            #expect(try await verify("[1]").status == .badRequest)
            let empty = try await verify(#"{"documents": [""]}"#)
            #expect(empty.status == .badRequest && empty.text.contains("documents[0]"), "\(empty.text)")
        }
    }
}
