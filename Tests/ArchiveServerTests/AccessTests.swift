import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct AccessTests {
    @Test func writesNeedAWriteToken() async throws {
        try await LiveServer.run { server, client in
            let read = try await server.archive.createAccessToken(role: .read, name: "reader").secret
            let text = "Note\n\nText."
            let anonymous = try await client.postText("id=a", text)
            #expect(
                anonymous.status == .unauthorized && anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true
            )
            let wrong = try await client.postText("id=a", text, headers: [.authorization: "Bearer mura_not-a-token"])
            #expect(wrong.status == .unauthorized && wrong.text.contains("unknown or revoked"))
            // RFC 6750 section 3.1: a token that was sent and is no good is named as such; none sent, no error.
            #expect(wrong.headers[.wwwAuthenticate]?.contains("error=\"invalid_token\"") == true)
            #expect(anonymous.headers[.wwwAuthenticate]?.contains("error=") == false)
            let reader = try await client.postText("id=a", text, headers: [.authorization: "Bearer \(read)"])
            #expect(reader.status == .forbidden && reader.text.contains("read only"))
            #expect(try await server.archive.catalog.documents().map(\.id) == ["a/b"])
            let writer = try await client.postText("id=a", text, headers: server.header(.write))
            #expect(writer.status == .created)
            // Reads are open by default.
            #expect(try await client.execute(uri: "/documents/a", method: .get).status == .ok)

            // A revoked token no longer works.
            let token = try await #require(try server.archive.accessToken(forSecret: server.writeSecret))
            try await server.archive.revokeAccessToken(id: token.id)
            let revoked = try await client.postText("id=b", text, headers: server.header(.write))
            #expect(revoked.status == .unauthorized)
        }
    }

    @Test func readSettingChangedWhileTheServiceRuns() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("a", "Note\n\nText.", at: "2024-01-01")
            #expect(try await client.execute(uri: "/documents/a", method: .get).status == .ok)
            // As `mura token reads token` does it, from another process: the service follows within a second.
            func status(after change: ArchiveSettings.ReadAccess) async throws -> HTTPResponse.Status {
                _ = try await server.archive.changingSettings { $0.readAccess = change }
                let expected: HTTPResponse.Status = change == .token ? .unauthorized : .ok
                var last = HTTPResponse.Status.continue
                for _ in 0..<30 {
                    last = try await client.execute(uri: "/documents/a", method: .get).status
                    if last == expected { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return last
            }
            #expect(try await status(after: .token) == .unauthorized)
            #expect(try await status(after: .open) == .ok)
        }
    }

    @Test func gatedReadsAndTokensNeverLogged() async throws {
        let log = LogCapture()
        var logger = Logger(label: "mura.test") { _ in log }
        logger.logLevel = .trace
        try await LiveServer.run(settings: ArchiveSettings(readAccess: .token), logger: logger) { server, client in
            try await server.seed("a", "Note\n\nText.", at: "2024-01-01")
            let read = try await server.archive.createAccessToken(role: .read).secret
            func status(_ uri: String, _ headers: HTTPFields = [:]) async throws -> HTTPResponse.Status {
                try await client.execute(uri: uri, method: .get, headers: headers).status
            }
            #expect(try await status("/documents/a") == .unauthorized)
            #expect(try await status("/documents") == .unauthorized)
            #expect(try await status("/timemap/a") == .unauthorized)
            #expect(try await status("/health") == .ok)
            #expect(try await status("/openapi.yaml") == .ok)
            #expect(try await status("/documents/a", [.authorization: "Bearer \(read)"]) == .ok)
            #expect(try await status("/documents/a", server.header(.write)) == .ok)
            #expect(try await status("/documents/a", [.authorization: "Bearer \(read)x"]) == .unauthorized)
            // Only hashes are stored.
            let stored = try await server.archive.accessTokens.tokens()
            #expect(stored.allSatisfy { $0.secretSHA256.count == 64 })
            let database = try Data(contentsOf: server.archive.root.appending(path: "catalog.sqlite"))
            #expect(database.range(of: Data(read.utf8)) == nil)
            #expect(log.text.contains("/documents/a"), "requests are logged")
            #expect(!log.text.contains(read) && !log.text.contains(server.writeSecret))
        }
    }
}

/// Collects every log line, to check what the service logs.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(self.metadata)") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
