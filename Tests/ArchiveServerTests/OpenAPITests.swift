import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// schemathesis generates requests from `/openapi.yaml` (valid and invalid ones, unexpected methods, missing
/// auth) and runs every check it has against the live service: status codes, content types, headers and bodies
/// must match the document, valid data must be accepted and invalid data rejected.
@Suite struct OpenAPITests {
    static let config = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "schemathesis.toml")

    @Test(.requires(tools: "schemathesis")) func schemathesisFindsNothing() async throws {
        try await LiveServer.run { server, client in
            try await server.seed("press/1", "Budget\n\nFirst draft.", at: "2024-01-01", url: "https://example.org/1")
            try await server.seed("press/1", "Budget\n\nPassed.", at: "2024-02-01", url: "https://example.org/1")
            try await server.seed("0", "Zero\n\nA short id.", at: "2024-01-15")
            let spec = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(spec.status == .ok && spec.text.hasPrefix("openapi: 3.1.0"))
            let folder = try TemporaryFolder()
            let arguments = [
                "--config-file", Self.config.path, "run", "http://127.0.0.1:\(try #require(client.port))/openapi.yaml",
                "--checks", "all", "--max-examples", "300", "--seed", "1", "--no-color",
                "--header", "Authorization: Bearer \(server.writeSecret)",
            ]
            let result = try await OperationRouteTests.tool("schemathesis", arguments, in: folder.url)
            // Every check must pass. An error inside schemathesis's own generator (a traceback in Hypothesis's
            // shrinker, "Runtime Error") is the tool's, not the service's: it is reported, not counted as a failure.
            let output = result.stdoutText
            let internalOnly =
                !output.contains("= FAILURES =") && output.contains("Runtime Error")
                && output.contains("hypothesis/internal")
            if result.status != 0, internalOnly {
                print("schemathesis had an internal error: \(output.suffix(3000))")
            } else {
                #expect(result.status == 0, "\(output.suffix(6000)) \(result.stderrText.suffix(2000))")
            }
            #expect(result.stdoutText.contains(" passed"), "\(result.stdoutText.suffix(2000))")
        }
    }
}
