import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// A browser page of another site can still send a form post or a `text/plain` fetch without CORS; such requests
/// carry the page's `Origin` and must not change the archive, even with a token the page somehow holds.
@Suite struct OriginTests {
    static func post(
        _ client: some TestClientProtocol,
        _ server: LiveServer,
        origin: String?,
        host: String? = nil,
        path: String = "/documents?id=o/\(UUID().uuidString)"
    ) async throws -> Int {
        var headers = server.header(.write)
        headers[.contentType] = "text/plain"
        if let origin { headers[.origin] = origin }
        let response = try await client.execute(
            uri: path,
            method: .post,
            headers: headers,
            body: ByteBuffer(string: "Title\n\nText \(UUID()).")
        )
        return Int(response.status.code)
    }

    @Test func writesFromAnotherSitesPagesAreRefused() async throws {
        try await LiveServer.run { server, client in
            let port = try #require(client.port)
            // Clients that are not browsers send no Origin.
            #expect(try await Self.post(client, server, origin: nil) == 201)
            // The service's own origin, as the Host header names it: the live client sends "Host: localhost", so the
            // scheme's default port (either scheme: a proxy in front may speak HTTPS); any other host or port is
            // another site.
            #expect(try await Self.post(client, server, origin: "http://localhost") == 201)
            #expect(try await Self.post(client, server, origin: "http://LOCALHOST:80") == 201)
            for foreign in [
                "http://evil.example", "https://localhost:80", "http://localhost:\(port)", "null", "", "file://",
                "http://localhost.evil.example", "http://evil.example@localhost:81", "localhost",
            ] {
                #expect(try await Self.post(client, server, origin: foreign) == 403, "Origin: \(foreign)")
            }
            var headers = server.header(.read)
            headers[.origin] = "http://evil.example"
            let export = try await client.execute(
                uri: "/exports",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: #"{"all": true}"#)
            )
            #expect(export.status == .forbidden && String(buffer: export.body).contains("--allow-origin"))
            // Reads are not changed by Origin.
            headers[.origin] = "http://evil.example"
            #expect(try await client.execute(uri: "/documents/a/b", method: .get, headers: headers).status == .ok)
            #expect(try await server.archive.catalog.documents().count == 4, "a/b and the three accepted posts")
        }
    }

    @Test func publicURLAndAllowedOrigins() async throws {
        let configuration = ServiceConfiguration(
            host: "127.0.0.1",
            port: 0,
            publicURL: "https://Archive.Example.org:443/mura/",
            allowedOrigins: ["https://cms.example.org"]
        )
        try await LiveServer.run(configuration: configuration) { server, client in
            let port = try #require(client.port)
            #expect(try await Self.post(client, server, origin: "https://archive.example.org") == 201)
            #expect(try await Self.post(client, server, origin: "https://cms.example.org") == 201)
            // With a public URL, the Host header no longer decides.
            #expect(try await Self.post(client, server, origin: "http://localhost:\(port)") == 403)
            #expect(try await Self.post(client, server, origin: "http://archive.example.org") == 403)
        }
    }

    /// A page of an allowed origin can call the service from a browser: its preflight is answered and every answer
    /// (an error's too) names the origin. A page of any other origin gets no CORS headers, for reads either.
    @Test func pagesOfAnAllowedOriginPassTheBrowsersChecks() async throws {
        let configuration = ServiceConfiguration(
            host: "127.0.0.1",
            port: 0,
            allowedOrigins: ["https://cms.example.org"]
        )
        try await LiveServer.run(configuration: configuration) { server, client in
            func preflight(_ origin: String, path: String = "/documents") async throws -> TestResponse {
                let headers: HTTPFields = [
                    .origin: origin, .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "authorization, content-type",
                ]
                return try await client.execute(uri: path, method: .options, headers: headers)
            }
            let allowed = try await preflight("https://cms.example.org")
            #expect(allowed.status == .noContent, "\(allowed.status)")
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://cms.example.org")
            #expect(allowed.headers[.accessControlAllowMethods]?.contains("POST") == true)
            #expect(allowed.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)

            var headers = server.header(.write)
            headers[.contentType] = "text/plain"
            headers[.origin] = "https://cms.example.org"
            let post = try await client.execute(
                uri: "/documents?id=cms/1",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "Title\n\nFrom the CMS.")
            )
            #expect(post.status == .created && post.headers[.accessControlAllowOrigin] == "https://cms.example.org")
            let exposed = post.headers[.accessControlExposeHeaders] ?? ""
            #expect(["Location", "Content-Location", "ETag", "Memento-Datetime"].allSatisfy(exposed.contains))
            headers[.authorization] = "Bearer wrong"
            let refused = try await client.execute(uri: "/documents?id=cms/2", method: .post, headers: headers)
            #expect(refused.status == .unauthorized && refused.headers[.accessControlAllowOrigin] != nil)
            #expect(String(buffer: refused.body).contains("unknown or revoked"))

            for (origin, path) in [("https://evil.example", "/documents"), ("https://cms.example.org", "/nowhere")] {
                let other = try await preflight(origin, path: path)
                #expect(other.status != .noContent && other.headers[.accessControlAllowOrigin] == nil, "\(origin)")
            }
            let read = try await client.execute(
                uri: "/documents/cms/1",
                method: .get,
                headers: [.origin: "https://evil.example"]
            )
            #expect(read.status == .ok && read.headers[.accessControlAllowOrigin] == nil)
            // Answers to other pages, and to clients that are not browsers, differ from an allowed page's: they say so.
            #expect(read.headers[values: .vary].contains { $0.contains("Origin") }, "\(read.headers)")
        }
    }

    @Test func anInvalidPublicURLIsRefusedAtStart() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mura-origin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try await Archive.create(at: folder, logger: .silent)
        for configuration in [
            ServiceConfiguration(publicURL: "archive.example.org"),
            ServiceConfiguration(allowedOrigins: ["ftp://cms.example.org"]),
        ] {
            #expect(throws: ArchiveError.self) {
                _ = try buildApplication(
                    archive: archive,
                    registry: .init(),
                    configuration: configuration,
                    logger: .silent
                )
            }
        }
    }
}
