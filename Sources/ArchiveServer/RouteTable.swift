import HTTPTypes
import Hummingbird

/// Who may call an endpoint. Decided from the route the router matched and the method, never from the path text.
enum RouteAccess: String, Sendable {
    /// Anyone, whatever the archive's settings: `/health` and `/openapi.yaml`.
    case open
    /// A read or write token when the archive's reads need one (`mura token reads token`), else anyone.
    case read
    /// A read or write token, always: operations that cost the service (exports, verification).
    case token
    /// A write token.
    case write
}

/// Every endpoint of the service: its path pattern, the methods it takes and who may call each. The routes are
/// registered from their own files; ``AccessMiddleware`` and the 405 answers read this table.
enum RouteTable {
    static let endpoints: [(path: RouterPath, access: KeyValuePairs<HTTPRequest.Method, RouteAccess>)] = [
        ("/health", [.get: .open]),
        ("/openapi.yaml", [.get: .open]),
        ("/metrics", [.get: .read]),
        ("/documents", [.get: .read, .post: .write]),
        ("/documents/**", [.get: .read]),
        ("/timegate", [.get: .read]),
        ("/timegate/**", [.get: .read]),
        ("/timemap/**", [.get: .read]),
        ("/search", [.get: .read]),
        ("/watches", [.get: .read]),
        ("/exports", [.post: .token]),
        ("/verify", [.post: .token]),
    ]

    /// The methods an endpoint takes (HEAD comes with GET).
    static func methods(
        of endpoint: (path: RouterPath, access: KeyValuePairs<HTTPRequest.Method, RouteAccess>)
    )
        -> [HTTPRequest.Method]
    {
        let methods = endpoint.access.map(\.key)
        return methods.contains(.get) ? methods + [.head] : methods
    }

    private static let byPath: [String: [HTTPRequest.Method: RouteAccess]] = Dictionary(
        uniqueKeysWithValues: endpoints.map { endpoint in
            var access = Dictionary(uniqueKeysWithValues: endpoint.access.map { ($0.key, $0.value) })
            access[.head] = access[.get]
            return (endpoint.path.description, access)
        }
    )

    /// Who may call `method` on the matched endpoint (`context.endpointPath`). A method the endpoint does not
    /// take is open (it is answered 405); an endpoint missing from the table needs a write token, so a route
    /// registered without a rule fails closed.
    static func access(endpoint: String, method: HTTPRequest.Method) -> RouteAccess {
        guard let methods = byPath[endpoint] else { return .write }
        return methods[method] ?? .open
    }

    /// The methods the service knows: each endpoint takes some and answers 405 for the others; any other method is
    /// answered 501 (``RequestFramingMiddleware``).
    static let knownMethods: [HTTPRequest.Method] = [
        .get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!,
    ]

    /// Whether the table names this endpoint.
    static func knows(endpoint: String) -> Bool { byPath[endpoint] != nil }
}
