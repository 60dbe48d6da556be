import Foundation
package import HTTPTypes
package import Hummingbird

/// Refuses requests that HTTP itself says a server must not guess at, before any route reads them:
///
/// - a method the service does not know at all (`PROPFIND`, `MKCOL`, `CONNECT`): 501 (RFC 9110 section 9.1); methods
///   it knows but a path does not take get 405 from their route, with `Allow`;
/// - an HTTP/1.1 request without `Host`, more than one `Host` header, or one that is no host name or address with a
///   port: 400 (RFC 9112 section 3.2);
/// - a transfer coding other than `chunked` (`gzip, chunked`): 501 (RFC 9112 section 6.1), rather than a body read
///   still compressed; codings that do not end in `chunked` (`xchunked`): 400, and the connection is closed;
/// - a content coding (`Content-Encoding: gzip`): 415 with `Accept-Encoding: identity` (RFC 9110 section 15.5.16),
///   rather than a publication stored compressed;
/// - an expectation other than `100-continue` (which ``ContinueAndCloseHandler`` answers): 417 (RFC 9110 section 10.1.1).
package struct RequestFramingMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `Host`, which HTTPTypes keeps as the request's authority and so does not name as a field.
    static var host: HTTPField.Name { HTTPField.Name("Host")! }

    package init() {}

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try Self.check(request.head)
        return try await next(request, context)
    }

    package static func check(_ head: HTTPRequest) throws {
        guard RouteTable.knownMethods.contains(head.method) else {
            throw ServiceError(
                status: .notImplemented,
                code: "not-implemented",
                message: "This service does not implement \(head.method.rawValue.prefix(40)); it answers GET, HEAD "
                    + "and POST (openapi.yaml lists each endpoint's methods)."
            )
        }
        if head.headerFields[HTTPField.Name(HTTP1HeadHandler.missingHost)!] != nil {
            throw ServiceError.badParameter(
                "An HTTP/1.1 request must carry a Host header (RFC 9112 section 3.2); send the address the service "
                    + "was reached at, such as Host: archive.example.org:8080."
            )
        }
        // The first Host header became the request's authority; any other is still among the fields.
        if !head.headerFields[values: Self.host].isEmpty {
            throw ServiceError.badParameter("The request has more than one Host header; send exactly one.")
        }
        // An empty Host is allowed (RFC 9112 section 3.2); one that is no host name or address with a port is not.
        if let host = head.authority, !host.isEmpty, !ResourceURLs.isHost(host) {
            throw ServiceError.badParameter(
                "Host: '\(host.prefix(200))' is not a host name or address with an optional port (up to 65535); "
                    + "send the address the service was reached at, such as Host: archive.example.org:8080."
            )
        }
        let codings = head.headerFields.tokens(.transferEncoding)
        if let last = codings.last, last != "chunked" {
            // The body's end cannot be told (RFC 9112 section 6.3): the connection cannot be read further.
            throw ServiceError(
                status: .badRequest,
                code: "bad-request",
                message: "Transfer-Encoding: '\(codings.joined(separator: ", ").prefix(100))' does not end in "
                    + "chunked, so the body's end cannot be told; send it with a Content-Length or as "
                    + "'Transfer-Encoding: chunked'.",
                headers: [.connection: "close"]
            )
        }
        if codings.count > 1 {
            throw ServiceError(
                status: .notImplemented,
                code: "not-implemented",
                message: "Transfer-Encoding: '\(codings.joined(separator: ", ").prefix(100))' is not supported; "
                    + "send the body as it is, with a Content-Length or as 'Transfer-Encoding: chunked'."
            )
        }
        let contentCodings = head.headerFields.tokens(.contentEncoding)
        if contentCodings.contains(where: { $0 != "identity" && !$0.isEmpty }) {
            throw ServiceError(
                status: .unsupportedMediaType,
                code: "unsupported-media-type",
                message: "Content-Encoding: '\(contentCodings.joined(separator: ", ").prefix(100))' is not "
                    + "accepted: the archive keeps the bytes it is sent; send them uncompressed.",
                headers: [.acceptEncoding: "identity"]
            )
        }
        if let expectation = head.headerFields[.expect] {
            throw ServiceError(
                status: .expectationFailed,
                code: "expectation-failed",
                message: "Expect: '\(expectation.prefix(100))' cannot be met; this service meets only "
                    + "'100-continue'."
            )
        }
    }
}
