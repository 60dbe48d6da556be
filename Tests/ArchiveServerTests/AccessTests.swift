import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Logging
import Testing

@Suite struct AccessTests {
    @Test func writesNeedAWriteToken() async throws {
        try await TestServer.run { server in
            let read = try server.archive.createAccessToken(role: .read, name: "reader").secret
            let text = "Note\n\nText."
            let anonymous = try await server.postText("id=a", text)
            #expect(anonymous.status == 401 && anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let wrong = try await server.postText("id=a", text, headers: ["Authorization: Bearer mura_not-a-token"])
            #expect(wrong.status == 401 && wrong.body.contains("unknown or revoked"))
            let reader = try await server.postText("id=a", text, headers: ["Authorization: Bearer \(read)"])
            #expect(reader.status == 403 && reader.body.contains("read only"))
            #expect(try server.archive.catalog.documents().isEmpty)
            let writer = try await server.postText("id=a", text, headers: [server.writer])
            #expect(writer.status == 201)
            // Reads are open by default.
            #expect(try await server.http("GET", "/documents/a").status == 200)

            // A revoked token no longer works.
            let token = try #require(try server.archive.accessToken(forSecret: server.writeSecret))
            try server.archive.revokeAccessToken(id: token.id)
            let revoked = try await server.postText("id=b", text, headers: [server.writer])
            #expect(revoked.status == 401)
        }
    }

    @Test func readSettingChangedWhileTheServiceRuns() async throws {
        try await TestServer.run { server in
            try server.seed("a", "Note\n\nText.", at: "2024-01-01")
            #expect(try await server.http("GET", "/documents/a").status == 200)
            // As `mura token reads token` does it, from another process: the service follows within a second.
            func status(after change: ArchiveSettings.ReadAccess) async throws -> Int {
                _ = try server.archive.changingSettings { $0.readAccess = change }
                let expected = change == .token ? 401 : 200
                var last = 0
                for _ in 0..<30 {
                    last = try await server.http("GET", "/documents/a").status
                    if last == expected { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return last
            }
            #expect(try await status(after: .token) == 401)
            #expect(try await status(after: .open) == 200)
        }
    }

    @Test func gatedReadsAndTokensNeverLogged() async throws {
        let log = LogCapture()
        var logger = Logger(label: "mura.test") { _ in log }
        logger.logLevel = .trace
        try await TestServer.run(settings: ArchiveSettings(readAccess: .token), logger: logger) { server in
            try server.seed("a", "Note\n\nText.", at: "2024-01-01")
            let read = try server.archive.createAccessToken(role: .read).secret
            #expect(try await server.http("GET", "/documents/a").status == 401)
            #expect(try await server.http("GET", "/documents").status == 401)
            #expect(try await server.http("GET", "/timemap/a").status == 401)
            #expect(try await server.http("GET", "/health").status == 200)
            #expect(try await server.http("GET", "/openapi.yaml").status == 200)
            #expect(
                try await server.http("GET", "/documents/a", headers: ["Authorization: Bearer \(read)"]).status == 200
            )
            #expect(try await server.http("GET", "/documents/a", headers: [server.writer]).status == 200)
            #expect(
                try await server.http("GET", "/documents/a", headers: ["Authorization: Bearer \(read)x"]).status == 401
            )
            // Only hashes are stored.
            let stored = try server.archive.accessTokens.tokens()
            #expect(stored.count == 2 && stored.allSatisfy { $0.secretSHA256.count == 64 })
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

    func log(
        level: Logger.Level,
        message: Logger.Message,
        metadata: Logger.Metadata?,
        source: String,
        file: String,
        function: String,
        line: UInt
    ) {
        lock.withLock { lines.append("\(level) \(message) \(metadata ?? [:]) \(self.metadata)") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
