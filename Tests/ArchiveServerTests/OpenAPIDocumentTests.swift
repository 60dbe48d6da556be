import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// The OpenAPI document is the service's contract: it is served as stored, and it names every route the router
/// registers, no more and no fewer.
@Suite struct OpenAPIDocumentTests {
    /// The document's paths behind each catch-all route of the router.
    static let catchAlls: [String: [String]] = [
        "/documents/**": [
            "/documents/{id}", "/documents/{id}/versions", "/documents/{id}/versions/{version}", "/documents/{id}/diff",
        ],
        "/timegate/**": ["/timegate/{id}"],
        "/timemap/**": ["/timemap/{id}"],
    ]
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The operations a document names, as `GET /documents/{id}`: the keys under `paths:` (two spaces in) and their
    /// methods (four spaces in). The document is written in block style, which this reader expects.
    static func operations(in yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: true) {
            if !line.hasPrefix(" ") {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths, let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("  /") {
                path = key
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path, Self.methods.contains(key) {
                operations.insert("\(key.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func theDocumentIsServedAsStored() async throws {
        let stored = try OpenAPIDocument.load().bytes
        try await LiveServer.run { _, client in
            let answer = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(answer.status == .ok && answer.headers[.contentType] == "application/yaml")
            #expect(answer.body == stored)
            #expect(String(buffer: answer.body).hasPrefix("openapi: 3.1.0\n"))
        }
    }

    @Test func theReaderFindsPathsAndMethods() {
        let yaml = """
            openapi: 3.1.0
            paths:
              /a:
                parameters: []
                get:
                  responses:
                    post:
                      description: not a method of /a
                post: {}
              /b/{id}:
                delete:
            components:
              schemas:
                get:
            """
        #expect(Self.operations(in: yaml) == ["GET /a", "POST /a", "DELETE /b/{id}"])
    }

    /// Every registered route is documented and every documented operation is registered. HEAD comes with GET,
    /// and the 405 answers registered for the methods an endpoint does not take are not operations.
    @Test func everyRouteIsDocumentedAndEveryOperationRouted() async throws {
        try await LiveServer.run { server, client in
            let documented = Self.operations(
                in: String(buffer: try await client.execute(uri: "/openapi.yaml", method: .get).body)
            )
            #expect(documented.count >= 12, "\(documented)")
            let endpoints = Dictionary(
                uniqueKeysWithValues: RouteTable.endpoints.map { ($0.path.description, RouteTable.methods(of: $0)) }
            )
            let registered = server.routes.filter { route in
                route.method != .head && endpoints[route.path]?.contains(route.method) != false
            }
            // A route registered twice for one method would hide behind the other registration.
            let names = server.routes.map(\.description)
            #expect(Set(names).count == names.count, "routes registered twice: \(names)")
            var routed: Set<String> = []
            for route in registered {
                let paths = Self.catchAlls[route.path] ?? [route.path]
                #expect(!route.path.contains("*") || Self.catchAlls[route.path] != nil, "map \(route.path) in the test")
                for path in paths {
                    let operation = "\(route.method.rawValue) \(path)"
                    routed.insert(operation)
                    #expect(documented.contains(operation), "\(route) is routed but not in openapi.yaml")
                }
            }
            for operation in documented.subtracting(routed).sorted() {
                Issue.record("\(operation) is in openapi.yaml but the router does not register it")
            }
        }
    }
}
