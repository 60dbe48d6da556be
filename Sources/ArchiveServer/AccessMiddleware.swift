import ArchiveCore
import Foundation
import HTTPTypes
import Hummingbird

/// Bearer-token access: ingest needs a write token; reads need a read or write token when the archive's settings
/// say so (`readAccess: token`, followed while the service runs), else they are open. `/health` and
/// `/openapi.yaml` are always open.
///
/// The token is looked up by the SHA-256 of the secret; the secret is never logged or stored.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let archive: Archive
    let readAccess: ReadAccessSetting

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let needed = Self.role(needed: request, readsNeedToken: readAccess.current) else {
            return try await next(request, context)
        }
        guard let secret = Self.bearerSecret(request) else {
            throw ServiceError.unauthorized(
                needed == .write
                    ? "Writing needs a write token: send 'Authorization: Bearer TOKEN' (make one with "
                        + "`mura token create --role write`)."
                    : "This archive's reads need a token: send 'Authorization: Bearer TOKEN' (make one with "
                        + "`mura token create --role read`)."
            )
        }
        guard let token = try archive.accessToken(forSecret: secret) else {
            throw ServiceError.unauthorized("The bearer token is unknown or revoked; ask for a new one.")
        }
        guard token.role.allows(needed) else {
            throw ServiceError.forbidden(
                "Token \(token.id) may \(token.role.rawValue) only; this request needs a \(needed.rawValue) token."
            )
        }
        return try await next(request, context)
    }

    /// The role a request needs, or `nil` when it is open.
    static func role(needed request: Request, readsNeedToken: Bool) -> AccessToken.Role? {
        let path = request.uri.path
        if path == "/health" || path == "/openapi.yaml" { return nil }
        switch request.method {
        case .post where path == "/documents": return .write
        case .get, .head, .post: return readsNeedToken ? .read : nil
        default: return nil  // answered 405 by the router
        }
    }

    static func bearerSecret(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        return secret.isEmpty ? nil : secret
    }
}
