import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import ArchiveServer

/// Every route the router registers × every method × no token, a read token, a write token and a revoked token,
/// with reads open and with reads gated, over a live server; then the same routes reached through raw targets that
/// other software would normalise (trailing and doubled slashes, dot segments, percent-encoded slashes).
@Suite struct RouteAccessTests {
    /// Who may call what: written here independently of the service's own table, so a route registered without a
    /// rule, or a rule changed by accident, fails this test.
    static let expected: [String: [HTTPRequest.Method: RouteAccess]] = [
        "/health": [.get: .open, .head: .open],
        "/openapi.yaml": [.get: .open, .head: .open],
        "/metrics": [.get: .read, .head: .read],
        "/documents": [.get: .read, .head: .read, .post: .write],
        "/documents/**": [.get: .read, .head: .read],
        "/timegate": [.get: .read, .head: .read],
        "/timegate/**": [.get: .read, .head: .read],
        "/timemap/**": [.get: .read, .head: .read],
        "/search": [.get: .read, .head: .read],
        "/watches": [.get: .read, .head: .read],
        "/exports": [.post: .token],
        "/verify": [.post: .token],
    ]

    typealias Credential = LiveServer.Credential

    /// The statuses a request may get: `nil` means any answer but 401 and 403.
    static func expectedStatus(_ access: RouteAccess, _ credential: Credential, readsGated: Bool) -> Int? {
        let needed: AccessToken.Role? =
            switch access {
            case .open: nil
            case .read: readsGated ? .read : nil
            case .token: .read
            case .write: .write
            }
        guard let needed else { return nil }
        switch credential {
        case .none, .revoked: return 401
        case .read: return needed == .write ? 403 : nil
        case .write: return nil
        }
    }

    /// A concrete target for a route pattern, on the seeded document `a/b`.
    static func target(_ path: String, _ method: HTTPRequest.Method) -> String {
        switch path {
        case "/documents" where method == .post: "/documents?id=new/\(UUID().uuidString)"
        case "/documents/**": "/documents/a/b/versions/1"
        case "/timegate/**": "/timegate/a/b"
        case "/timegate": "/timegate?url=https%3A%2F%2Fexample.org%2Fa"
        case "/timemap/**": "/timemap/a/b"
        case "/search": "/search?q=text"
        default: path
        }
    }

    static func body(_ path: String, _ method: HTTPRequest.Method) -> (HTTPFields, ByteBuffer?) {
        guard method == .post else { return ([:], nil) }
        switch path {
        case "/documents": return ([.contentType: "text/plain"], ByteBuffer(string: "Title\n\nText \(UUID())."))
        case "/exports": return ([.contentType: "application/json"], ByteBuffer(string: #"{"documents": ["a/b"]}"#))
        default: return ([.contentType: "application/json"], ByteBuffer(string: "{}"))
        }
    }

    @Test(arguments: [false, true])
    func everyRouteMethodAndToken(readsGated: Bool) async throws {
        try await LiveServer.run(settings: ArchiveSettings(readAccess: readsGated ? .token : .open)) { server, client in
            #expect(server.routes.count > 50, "the router registers the routes and their 405 answers")
            for route in server.routes {
                let path = route.path
                guard let rules = Self.expected[path] else {
                    Issue.record("\(route) has no access rule in this test: say who may call it.")
                    continue
                }
                #expect(RouteTable.knows(endpoint: path), "\(path) is missing from the service's RouteTable")
                for credential in Credential.allCases {
                    let (headers, body) = Self.body(path, route.method)
                    let response = try await client.execute(
                        uri: Self.target(path, route.method),
                        method: route.method,
                        headers: headers.merging(server.header(credential)),
                        body: body
                    )
                    let status = Int(response.status.code)
                    let context = "\(route) with \(credential) token, reads \(readsGated ? "gated" : "open")"
                    guard let access = rules[route.method] else {
                        #expect(status == 405, "\(context): a method the route does not take")
                        continue
                    }
                    if let wanted = Self.expectedStatus(access, credential, readsGated: readsGated) {
                        #expect(status == wanted, "\(context)")
                    } else {
                        #expect(status < 400, "\(context): \(String(buffer: response.body))")
                    }
                }
            }
        }
    }

    /// Raw targets a proxy or a client might normalise: the router matches them to a route (or to none), and
    /// the route decides, so none of them writes or reads gated data without the token the route needs.
    @Test(arguments: [false, true])
    func unusualTargetsNeedTheSameToken(readsGated: Bool) async throws {
        try await LiveServer.run(settings: ArchiveSettings(readAccess: readsGated ? .token : .open)) { server, client in
            let versionsBefore = try await server.archive.catalog.documents().count
            let writes: [(HTTPRequest.Method, String)] = [
                (.post, "/documents/?id=x"), (.post, "//documents?id=x"), (.post, "/documents//?id=x"),
                (.post, "/./documents?id=x"), (.post, "/x/../documents?id=x"), (.post, "/documents/.?id=x"),
                (.post, "/documents%2F?id=x"), (.post, "/%2Fdocuments?id=x"), (.post, "/DOCUMENTS?id=x"),
                (.post, "/documents/x/..?id=x"), (.post, "/documents;x?id=x"), (.post, "/documents%3F?id=x"),
                (.post, "/exports/"), (.post, "//exports"), (.post, "/verify/"), (.post, "/./verify"),
                (.post, "/verify//"), (.post, "/exports%2F"),
            ]
            for (method, target) in writes {
                for credential in [Credential.none, .revoked, .read] {
                    let (headers, body) = Self.body(target.contains("documents") ? "/documents" : "/exports", method)
                    let response = try await client.execute(
                        uri: target,
                        method: method,
                        headers: headers.merging(server.header(credential)),
                        body: body
                    )
                    let status = Int(response.status.code)
                    let writeTarget = target.contains("documents")
                    let allowed: Set<Int> =
                        credential == .read && !writeTarget ? [200, 400, 404, 405] : [401, 403, 404, 405]
                    #expect(allowed.contains(status), "\(method) \(target) with \(credential) token: \(status)")
                }
            }
            #expect(try await server.archive.catalog.documents().count == versionsBefore, "nothing was written")
            guard readsGated else { return }
            let reads = [
                "/documents/", "//documents", "/documents//a/b", "/documents/a//b", "/./documents/a/b",
                "/documents/./a/b", "/documents/x/../a/b", "/documents%2Fa%2Fb", "/documents/a%2Fb",
                "/timemap//a/b", "/timegate/./a/b", "/timegate/?url=https://example.org/a", "//metrics", "/metrics/",
                "/health/../documents/a/b", "/openapi.yaml/../documents", "/health/..%2Fdocuments",
            ]
            for target in reads {
                for credential in [Credential.none, .revoked] {
                    let response = try await client.execute(
                        uri: target,
                        method: .get,
                        headers: server.header(credential),
                        body: nil
                    )
                    let status = Int(response.status.code)
                    #expect([401, 404].contains(status), "GET \(target) with \(credential) token: \(status)")
                }
            }
        }
    }
}
