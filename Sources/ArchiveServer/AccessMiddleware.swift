import ArchiveCore
import Foundation
import HTTPTypes
package import Hummingbird

/// Bearer-token access, decided from the route the router matched and the method (``RouteTable``), never from
/// the path text: `/documents/`, `//documents` and `/documents` are one route and need the same token.
///
/// Ingest needs a write token; exports and verification need a token of either role; reads need a read or write
/// token when the archive's settings say so (`readAccess: token`, followed while the service runs), else they are
/// open. `/health` and `/openapi.yaml` are always open. Writes from a browser page of another site are refused
/// (``OriginPolicy``). The token is looked up by the SHA-256 of the secret; the secret is never logged or stored.
package struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let archive: Archive
    let readAccess: ReadAccessSetting
    let origins: OriginPolicy
    let blocking: BlockingPool

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // No endpoint matched: the router answers 404 without touching the archive.
        guard let endpoint = context.endpointPath else { return try await next(request, context) }
        let access = RouteTable.access(endpoint: endpoint, method: request.method)
        if access != .open, !Self.isSafe(request.method) { try origins.check(request) }
        guard let needed = Self.role(for: access, readsNeedToken: readAccess.current) else {
            return try await next(request, context)
        }
        guard let secret = Self.bearerSecret(request) else {
            throw ServiceError.unauthorized(Self.missingTokenMessage(access))
        }
        let archive = archive
        guard let token = try await archive.accessToken(forSecret: secret) else {
            throw ServiceError.unauthorized(
                "The bearer token is unknown or revoked; ask for a new one.",
                invalidToken: true
            )
        }
        guard token.role.allows(needed) else {
            throw ServiceError.forbidden(
                "Token \(token.id) may \(token.role.rawValue) only; this request needs a \(needed.rawValue) token."
            )
        }
        return try await next(request, context)
    }

    /// The role a request needs, or `nil` when it is open.
    static func role(for access: RouteAccess, readsNeedToken: Bool) -> AccessToken.Role? {
        switch access {
        case .open: nil
        case .read: readsNeedToken ? .read : nil
        case .token: .read
        case .write: .write
        }
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options || method == .trace
    }

    private static func missingTokenMessage(_ access: RouteAccess) -> String {
        switch access {
        case .write:
            "Writing needs a write token: send 'Authorization: Bearer TOKEN' (make one with "
                + "`mura token create --role write`)."
        case .token:
            "Exports and verification need a read or write token: send 'Authorization: Bearer TOKEN' (make one "
                + "with `mura token create --role read`)."
        case .read, .open:
            "This archive's reads need a token: send 'Authorization: Bearer TOKEN' (make one with "
                + "`mura token create --role read`)."
        }
    }

    /// The secret of an `Authorization: Bearer SECRET` header (the scheme in any case), or `nil` when the request
    /// has no such header or the secret is empty.
    package static func bearerSecret(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        return secret.isEmpty ? nil : secret
    }
}
