import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArchiveTesting
import Foundation
import Hummingbird
import Logging
import Testing

/// A real archive service on 127.0.0.1 (an ephemeral port) over a new archive, talked to with curl.
struct TestServer: Sendable {
    /// One HTTP exchange: status, headers (lowercased names) and body.
    struct Exchange: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    let port: Int
    let archive: Archive
    /// A write token made for the test; `writer` sends it.
    let writeSecret: String
    var writer: String { "Authorization: Bearer \(writeSecret)" }

    static func run(
        settings: ArchiveSettings = ArchiveSettings(),
        configuration: ServiceConfiguration = ServiceConfiguration(host: "127.0.0.1", port: 0),
        logger: Logger = .silent,
        _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "mura-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try Archive.create(at: folder.appending(path: "archive"), settings: settings, logger: .silent)
        let secret = try archive.createAccessToken(role: .write, name: "tests").secret
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(
            archive: archive,
            registry: .builtIn,
            configuration: configuration,
            logger: logger
        ) {
            port in
            continuation.yield(port)
        }
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        var ports = stream.makeAsyncIterator()
        let port = try #require(await ports.next())
        try await body(TestServer(port: port, archive: archive, writeSecret: secret))
    }

    /// Stores a text publication directly in the archive (not over HTTP), for tests about reading.
    func seed(_ id: String, _ text: String, at date: String, url: String? = nil) throws {
        _ = try archive.ingest(
            IngestRequest(
                data: Data(text.utf8),
                name: id,
                format: DocumentFormat("text"),
                documentID: id,
                sourceURL: url,
                capturedAt: try ArchiveDate.parse(date, field: "date")
            ),
            registry: .builtIn
        )
    }

    /// `POST /documents?QUERY` with a plain-text body and the given extra headers (such as a token).
    func postText(_ query: String, _ text: String, headers: [String] = []) async throws -> Exchange {
        try await http(
            "POST",
            "/documents?\(query)",
            headers: ["Content-Type: text/plain"] + headers,
            body: Data(text.utf8)
        )
    }

    /// Runs curl on a thread of its own: blocking a Swift concurrency thread while the server needs one would
    /// deadlock on a two-core machine. With `output`, the body goes to that file instead of `body`.
    func http(
        _ method: String,
        _ path: String,
        headers: [String] = [],
        body: Data? = nil,
        output: URL? = nil
    ) async throws -> Exchange {
        let port = port
        return try await withCheckedThrowingContinuation { continuation in
            // A thread of its own: clients waiting on a busy server must not starve each other of Dispatch threads.
            Thread.detachNewThread {
                continuation.resume(
                    with: Result {
                        try Self.blockingHTTP(port, method, path, headers: headers, body: body, output: output)
                    }
                )
            }
        }
    }

    private static func blockingHTTP(
        _ port: Int,
        _ method: String,
        _ path: String,
        headers: [String],
        body: Data?,
        output: URL?
    ) throws -> Exchange {
        // An absolute address (as the service writes them in links) is used as it is.
        let url = path.hasPrefix("http://") ? path : "http://127.0.0.1:\(port)\(path)"
        var arguments = ["-s", "--max-time", "60", "-X", method, url]
        arguments += output.map { ["-D", "-", "-o", $0.path] } ?? ["-i"]
        if method == "HEAD" { arguments = ["-s", "-I", "--max-time", "60", url] }
        for header in headers { arguments += ["-H", header] }
        if body != nil { arguments += ["--data-binary", "@-"] }
        let result = try ProcessRunner.run(URL(filePath: "/usr/bin/curl"), arguments, input: body ?? Data())
        let text = result.stdoutText
        let split = text.range(of: "\r\n\r\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Exchange(status: status, headers: fields, body: split.map { String(text[$0.upperBound...]) } ?? "")
    }

    /// The body parsed as a JSON object.
    static func json(_ exchange: Exchange) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(exchange.body.utf8)) as? [String: Any])
    }
}
