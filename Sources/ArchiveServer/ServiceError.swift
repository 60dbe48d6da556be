import HTTPTypes
import Hummingbird

/// An error of the service itself (not of the archive): authentication, methods, sizes, negotiation. Answered as
/// `{"error": {"code": ..., "message": ...}}` with its status and headers.
struct ServiceError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONBody.error(status: status, code: code, message: message)
        for field in headers { response.headers[field.name] = field.value }
        return response
    }

    /// - Parameter invalidToken: whether a token was sent but is unknown or revoked (RFC 6750 section 3.1 names
    ///   the error); a request without one is told only where to authenticate.
    static func unauthorized(_ message: String, invalidToken: Bool = false) -> ServiceError {
        ServiceError(
            status: .unauthorized,
            code: "unauthorized",
            message: message,
            headers: [
                .wwwAuthenticate: invalidToken
                    ? "Bearer realm=\"mura\", error=\"invalid_token\", error_description=\"unknown or revoked token\""
                    : "Bearer realm=\"mura\""
            ]
        )
    }

    static func forbidden(_ message: String) -> ServiceError {
        ServiceError(status: .forbidden, code: "forbidden", message: message)
    }

    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> ServiceError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return ServiceError(
            status: .methodNotAllowed,
            code: "method-not-allowed",
            message: "\(method.rawValue) is not supported here; this resource allows \(names).",
            headers: [.allow: names]
        )
    }

    static func badParameter(_ message: String) -> ServiceError {
        ServiceError(status: .badRequest, code: "invalid-argument", message: message)
    }

    static func notAcceptable(_ message: String) -> ServiceError {
        // The answer depends on Accept, as the 200 it stands for does.
        ServiceError(status: .notAcceptable, code: "not-acceptable", message: message, headers: [.vary: "accept"])
    }

    static func contentTooLarge(limit: Int) -> ServiceError {
        ServiceError(
            status: .contentTooLarge,
            code: "content-too-large",
            message: "The request body is larger than this service accepts (\(limit) bytes); "
                + "send a smaller publication or start the service with a larger --max-body-size."
        )
    }

    static func insufficientStorage(_ message: String) -> ServiceError {
        ServiceError(
            status: .init(code: 507, reasonPhrase: "Insufficient Storage"),
            code: "insufficient-storage",
            message: message
        )
    }
}
