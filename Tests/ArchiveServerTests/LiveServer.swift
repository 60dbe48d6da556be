import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import ArchiveServer

/// A live archive service on 127.0.0.1 over a new archive holding `a/b` (source `https://example.org/a`), talked to
/// with HummingbirdTesting's live client, which sends request targets exactly as written.
struct LiveServer: Sendable {
    /// A route as the router lists it.
    struct Route: Sendable, CustomStringConvertible {
        var path: String
        var method: HTTPRequest.Method
        var description: String { "\(method) \(path)" }
    }

    enum Credential: String, CaseIterable, Sendable { case none, read, write, revoked }

    let archive: Archive
    /// Every route the service's router registers.
    let routes: [Route]
    let readSecret: String
    let writeSecret: String
    /// The secret of a write token that was revoked.
    let revokedSecret: String

    func header(_ credential: Credential) -> HTTPFields {
        switch credential {
        case .none: [:]
        case .read: [.authorization: "Bearer \(readSecret)"]
        case .write: [.authorization: "Bearer \(writeSecret)"]
        case .revoked: [.authorization: "Bearer \(revokedSecret)"]
        }
    }

    /// The credential's header with a Content-Type.
    func header(_ credential: Credential, contentType: String) -> HTTPFields {
        var fields = header(credential)
        fields[.contentType] = contentType
        return fields
    }

    /// Stores a text publication directly in the archive (not over HTTP).
    func seed(
        _ id: String,
        _ text: String,
        at date: String = "2024-02-01",
        format: String = "text",
        url: String? = nil
    ) async throws {
        _ = try await archive.ingest(
            IngestRequest(
                data: Data(text.utf8),
                name: id,
                format: DocumentFormat(format),
                documentID: id,
                sourceURL: url,
                capturedAt: try ArchiveDate.parse(date, field: "date")
            ),
            registry: .builtIn
        )
    }

    static func run(
        settings: ArchiveSettings = ArchiveSettings(),
        configuration: ServiceConfiguration = ServiceConfiguration(host: "127.0.0.1", port: 0),
        logger: Logger = .silent,
        _ body: @Sendable (LiveServer, any TestClientProtocol) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mura-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try await Archive.create(at: folder, settings: settings, logger: .silent)
        _ = try await archive.ingest(
            IngestRequest(
                data: Data("Title\n\nText.".utf8),
                name: "a/b",
                format: DocumentFormat("text"),
                documentID: "a/b",
                sourceURL: "https://example.org/a",
                capturedAt: try ArchiveDate.parse("2024-01-01", field: "date")
            ),
            registry: .builtIn
        )
        let revoked = try await archive.createAccessToken(role: .write, name: "revoked")
        try await archive.revokeAccessToken(id: revoked.token.id)
        let pool = BlockingPool(threadCount: 1)
        let routes = try buildRouter(
            archive: archive,
            registry: .builtIn,
            configuration: configuration,
            blocking: pool,
            logger: .silent
        )
        .routes.map { Route(path: $0.path.description, method: $0.method) }
        try await pool.shutdown()
        let server = LiveServer(
            archive: archive,
            routes: routes,
            readSecret: try await archive.createAccessToken(role: .read).secret,
            writeSecret: try await archive.createAccessToken(role: .write).secret,
            revokedSecret: revoked.secret
        )
        let app = try buildApplication(
            archive: archive,
            registry: .builtIn,
            configuration: configuration,
            logger: logger
        )
        try await app.test(.live) { client in try await body(server, client) }
    }

    /// The path and query of an absolute address of this service (the live client names it `localhost`).
    static func local(_ address: String, base: String = "http://localhost") throws -> String {
        #expect(address.hasPrefix(base + "/"), "\(address) is not an absolute address of the service")
        return String(address.dropFirst(base.count))
    }

    /// Sends one request on a connection of its own, as a separate client would.
    static func separately(
        port: Int,
        _ uri: String,
        method: HTTPRequest.Method,
        headers: HTTPFields = [:],
        body: ByteBuffer? = nil
    ) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(60))) {
            client in
            try await client.execute(.init(uri, method: method, authority: "localhost", headers: headers, body: body))
        }
    }

    /// What `body` returns, or `nil` when it has not returned within `seconds` (it is then cancelled).
    static func within<T: Sendable>(seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// A connection of its own to the service, for bytes written as they are; `receiveBuffer` sets the socket's
    /// receive buffer (a small one makes a slow reader).
    static func connect(port: Int, receiveBuffer: Int? = nil) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let receiveBuffer {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: .init(receiveBuffer))
        }
        return
            try await bootstrap
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Sends `request` as it is over a connection of its own and returns everything the service answers until it
    /// closes the connection: for requests the live client cannot send, such as a chunked body.
    static func raw(_ request: String, port: Int) async throws -> String {
        try await connect(port: port).executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var answer = ""
            for try await buffer in inbound { answer += String(buffer: buffer) }
            return answer
        }
    }
}

extension TestClientProtocol {
    /// `POST /documents?QUERY` with a plain-text body and the given extra headers (such as a token).
    func postText(_ query: String, _ text: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(
            uri: "/documents?\(query)",
            method: .post,
            headers: HTTPFields([HTTPField(name: .contentType, value: "text/plain")]).merging(headers),
            body: ByteBuffer(string: text)
        )
    }

    /// `POST /documents?QUERY` with `body` as `contentType`, as the credential in `headers` sends it.
    func post(
        _ query: String,
        _ body: ByteBuffer,
        contentType: String,
        headers: HTTPFields
    ) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = contentType
        return try await execute(uri: "/documents?\(query)", method: .post, headers: fields, body: body)
    }
}

extension TestResponse {
    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object.
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any], "\(text)")
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
