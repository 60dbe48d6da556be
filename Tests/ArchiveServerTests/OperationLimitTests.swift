import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// Exports and verifications read the whole archive: one of each runs at a time, and an export's temporary space is
/// bounded.
@Suite struct OperationLimitTests {
    @Test func oneOperationOfAKindAtATime() async throws {
        let gate = OperationGate(name: "export", retryAfter: 7)
        var pass: OperationGate.Pass? = try gate.enter()
        do {
            _ = try gate.enter()
            Issue.record("a second export entered while the first ran")
        } catch let error as ServiceError {
            #expect(error.status.code == 429 && error.headers[.retryAfter] == "7")
        }
        #expect(pass != nil)
        pass = nil
        _ = try gate.enter()
    }

    /// The gate opens before the answer ends: a client that asks for another package as soon as it has one is not
    /// told to wait while the first one's staging (an OCFL root of many files) is deleted.
    @Test func theNextExportMayStartAsSoonAsAPackageIsReceived() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            for number in 0..<300 { try await server.seed("press/\(number)", "Note \(number)\n\nText \(number).") }
            for package in ["ocfl", "bagit", "ocfl", "bagit"] {
                // Each on a connection of its own, as separate clients (or a script's requests) come.
                let first = try await LiveServer.separately(
                    port: port,
                    "/exports",
                    method: .post,
                    headers: server.header(.read),
                    body: ByteBuffer(string: #"{"all": true, "package": "\#(package)", "serialization": "tar"}"#)
                )
                #expect(first.status == .ok, "\(first.status)")
                let next = try await LiveServer.separately(
                    port: port,
                    "/exports",
                    method: .post,
                    headers: server.header(.read),
                    body: ByteBuffer(string: #"{"documents": ["a/b"], "serialization": "tar"}"#)
                )
                #expect(
                    next.status == .ok,
                    "after a \(package) export: \(next.status) \(String(buffer: next.body ?? ByteBuffer()))"
                )
            }
        }
    }

    /// A client that reads an export slowly holds the export gate; meanwhile other exports get 429, and once it
    /// goes, exports run again.
    /// The slow reader is curl with `--limit-rate`: the live client reads each response whole, as fast as it comes.
    @Test(.requires(tools: "curl")) func aSecondExportWaitsItsTurn() async throws {
        let curl = try TestRequirement.tool("curl")
        try await LiveServer.run { server, client in
            // Larger than the loopback socket buffers (Linux lets a receive buffer grow to 32 MiB, a send buffer to
            // 4 MiB), so the slow reader keeps the export's response open: three pages of 20 MB, each mostly a
            // comment (quick to read, large to send).
            let filler = String(repeating: "Archive bytes that fill the export. ", count: 550_000)
            for name in ["big", "big2", "big3"] {
                try await server.seed(name, "<title>Big</title><p>\(name).</p><!-- \(filler) -->", format: "html")
            }
            let port = try #require(client.port)
            let folder = try TemporaryFolder()
            let slow = try ProcessRunner.launch(
                curl,
                [
                    "-sv", "--limit-rate", "2K", "-o", "/dev/null", "-H", "Authorization: Bearer \(server.readSecret)",
                    "--data-binary", #"{"documents": ["big", "big2", "big3"], "serialization": "tar"}"#,
                    "http://127.0.0.1:\(port)/exports",
                ],
                in: folder.url,
                log: folder.url.appending(path: "curl.log")
            )
            defer { if slow.isRunning { slow.terminate() } }
            func export() async throws -> TestResponse {
                try await client.execute(
                    uri: "/exports",
                    method: .post,
                    headers: server.header(.read),
                    body: ByteBuffer(string: #"{"documents": ["a/b"]}"#)
                )
            }
            // curl prints the response head (-v) once the package is built and being sent: the gate is held.
            let log = folder.url.appending(path: "curl.log")
            for _ in 0..<600 {
                if let text = try? String(contentsOf: log, encoding: .utf8), text.contains("< HTTP/1.1 200") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let refused = try await export()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(refused.status == .tooManyRequests, "an export while another is being sent gets 429: \(text)")
            #expect(refused.headers[.retryAfter] == "10" && String(buffer: refused.body).contains("export"))
            slow.terminate()
            var status = HTTPResponse.Status.tooManyRequests
            for _ in 0..<100 where status == .tooManyRequests {
                status = try await export().status
                if status == .tooManyRequests { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == .ok, "the gate opens when the slow client goes")
        }
    }

    @Test func exportsBeyondTheScratchLimitAreRefused() async throws {
        let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, maximumScratchSize: 16384)
        try await LiveServer.run(configuration: configuration) { server, client in
            try await server.seed("big", "Big\n\n" + String(repeating: "Words of a long page. ", count: 1500))
            let scratch = FileManager.default.temporaryDirectory
            let answer = try await client.execute(
                uri: "/exports",
                method: .post,
                headers: server.header(.read),
                body: ByteBuffer(string: #"{"all": true}"#)
            )
            let message = String(buffer: answer.body)
            #expect(answer.status.code == 507 && message.contains("--max-scratch-size"), "\(message)")
            #expect(!message.contains(scratch.path), "no server paths in answers")
            // The gate is open again: a small export runs.
            let small = try await client.execute(
                uri: "/exports",
                method: .post,
                headers: server.header(.read),
                body: ByteBuffer(string: #"{"documents": ["a/b"]}"#)
            )
            #expect(small.status == .ok)
        }
    }

    @Test func scratchIsPrivateAndBounded() async throws {
        #expect(throws: ServiceError.self) { _ = try ScratchFolder(reserving: 5000, limit: 4096) }
        let scratch = try ScratchFolder(reserving: 10, limit: 4096)
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
