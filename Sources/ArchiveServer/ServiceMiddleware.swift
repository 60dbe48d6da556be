import ArchiveCore
import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// Counts every answered request in ``ServiceMetrics`` by method, route pattern and status, with its latency, and
/// the requests in flight. Hummingbird's own `MetricsMiddleware` records only through the process-global
/// `MetricsSystem`, which this service never bootstraps, and labels every method a client sends.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    static var standardMethods: Set<HTTPRequest.Method> {
        [.get, .head, .post, .put, .delete, .patch, .options, .trace, .connect]
    }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        metrics.inFlight.increment()
        defer {
            metrics.inFlight.decrement()
            let elapsed = ContinuousClock.now - start
            metrics.recordRequest(
                // Clients may send any method name; the label takes the standard ones only, so it stays bounded.
                method: Self.standardMethods.contains(request.method) ? request.method.rawValue : "other",
                route: context.endpointPath ?? "unmatched",
                status: status,
                duration: elapsed
            )
            // Method, path and status only: headers may carry bearer tokens and are never logged.
            context.logger.debug(
                "request",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
                    "ms":
                        "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
                ]
            )
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}

/// Turns every error into a JSON error response, so clients always get `{"error": {"code", "message"}}`.
/// Unexpected errors are logged (never with request headers, which may hold tokens) and answered as 500.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ArchiveError {
            return try error.response(from: request, context: context)
        } catch let error as ServiceError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let message = (error as? HTTPError)?.body ?? status.reasonPhrase
            return try ServiceError(
                status: status,
                code: Self.code(status),
                message: message,
                headers: (error as? HTTPError)?.headers ?? [:]
            )
            .response(from: request, context: context)
        } catch let error as HTTPParserError {
            // The request itself is malformed past its head (a chunk size that is no number, an unknown transfer
            // coding, a body cut off): the client's fault, not the service's.
            return JSONBody.error(
                status: .badRequest,
                code: "bad-request",
                message: "The request's body could not be read (\(error)); send it whole, with a Content-Length or "
                    + "as valid chunks (Transfer-Encoding: chunked)."
            )
        } catch {
            context.logger.error(
                "request failed",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"]
            )
            return JSONBody.error(
                status: .internalServerError,
                code: "internal",
                message: "The service failed to answer this request; its log has the details."
            )
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not-found"
        case .methodNotAllowed: "method-not-allowed"
        case .contentTooLarge: "content-too-large"
        case .unsupportedMediaType: "unsupported-media-type"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .badRequest: "bad-request"
        default: status.code >= 500 ? "internal" : "error"
        }
    }
}
