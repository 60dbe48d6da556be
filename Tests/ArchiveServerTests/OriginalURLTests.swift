import ArchiveCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// A TimeGate or TimeMap named by an original URL appended to its path finds the document captured from exactly
/// that URL: a trailing slash and percent-escapes are part of it, and a source URL outranks an id that spells it.
@Suite struct OriginalURLTests {
    /// The document id a TimeGate's redirect leads to.
    static func target(_ answer: TestResponse) -> String? {
        answer.headers[.location]?.firstMatch(of: /\/documents\/([^\/]+)\/versions/).map { String($0.1) }
    }

    @Test func aSiteRootAndAFolderKeepTheirTrailingSlash() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("root", "Root\n\nThe front page.", url: "https://root.example.org/")
            try await server.seed("folder", "Folder\n\nThe folder.", url: "https://slash.example.org/a/")
            try await server.seed("file", "File\n\nThe file.", url: "https://slash.example.org/a")
            for (uri, id) in [
                ("/timegate/https://root.example.org/", "root"), ("/timegate/https://slash.example.org/a/", "folder"),
                ("/timegate/https://slash.example.org/a", "file"),
            ] {
                let answer = try await client.execute(uri: uri, method: .get)
                #expect(answer.status == .found && Self.target(answer) == id, "\(uri): \(answer.text)")
            }
            let map = try await client.execute(uri: "/timemap/https://root.example.org/", method: .get)
            #expect(map.status == .ok && map.text.contains("/documents/root/versions/"), "\(map.text)")
        }
    }

    @Test(arguments: ["https://x.example/%D0%B0", "https://x.example/a%20b?q=%2F"])
    func aPathWithEscapesIsFoundAsSent(url: String) async throws {
        try await LiveServer.run { server, client in
            try await server.seed("escaped", "Escaped\n\nThe page.", url: url)
            let answer = try await client.execute(uri: "/timegate/\(url)", method: .get)
            #expect(answer.status == .found && Self.target(answer) == "escaped", "\(answer.text)")
        }
    }

    @Test func theDocumentCapturedFromAURLOutranksOneNamedByIt() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("https://amb.example/x", "Named\n\nAn id that spells the URL.")
            try await server.seed("captured", "Captured\n\nFrom the URL.", url: "https://amb.example/x")
            let answer = try await client.execute(uri: "/timegate?url=https://amb.example/x", method: .get)
            #expect(Self.target(answer) == "captured", "\(answer.headers[.location] ?? answer.text)")
        }
    }

    /// A host written in capitals at ingest is stored in lower case, and found by any spelling.
    @Test func aHostWrittenInCapitalsIsFoundInLowerCase() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("capitals", "Capitals\n\nThe page.", url: "https://Host.Example/p")
            for query in ["https://host.example/p", "HTTPS://HOST.EXAMPLE:443/p%23part"] {
                let answer = try await client.execute(uri: "/timegate?url=\(query)", method: .get)
                #expect(answer.status == .found && Self.target(answer) == "capitals", "\(query): \(answer.text)")
            }
            let listed = try await client.execute(uri: "/documents?source=HTTPS://HOST.EXAMPLE/p", method: .get)
            #expect(listed.text.contains("\"capitals\""), "\(listed.text)")
        }
    }
}
