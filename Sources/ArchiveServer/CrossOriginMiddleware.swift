import HTTPTypes
package import Hummingbird

/// Lets the browser pages of the origins the service was told to allow (`--allow-origin`) call it: a page's
/// request with a bearer token, or with a JSON body, is sent only after a preflight (`OPTIONS` with
/// `Access-Control-Request-Method`) that the service answers, and its answer is readable by the page only when
/// it names the page's origin (CORS, in the Fetch standard). Hummingbird's ``CORSMiddleware`` writes the headers.
///
/// Pages of any other origin get no CORS headers: a page of a site on the open web cannot read an archive that
/// serves a company's network, whatever the browser that loads it can reach. The service's own origin needs
/// none. Whether a request may write is still for ``OriginPolicy`` and the token to say.
package struct CrossOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: OriginPolicy
    private let cors: CORSMiddleware<Context>

    package init(origins: OriginPolicy) {
        self.origins = origins
        cors = CORSMiddleware(
            allowOrigin: .originBased,
            allowHeaders: [.accept, .authorization, .contentType, .acceptDatetime, .ifNoneMatch, .ifMatch],
            allowMethods: [.get, .head, .post],
            maxAge: .minutes(10)
        )
    }

    /// The headers of an answer, beyond the few every page may read, that a page needs: Memento's, an upload's
    /// `Location`, an export's counts. They go on the answer itself, where the Fetch standard reads them
    /// (``CORSMiddleware`` sends them with the preflight only).
    static var exposedHeaders: String {
        [
            "Link", "Location", "Content-Location", "Memento-Datetime", "Vary", "ETag", "Content-Disposition",
            "Mura-Documents", "Mura-Versions", "WWW-Authenticate", "Retry-After", "Allow",
        ].joined(separator: ", ")
    }

    package func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], origins.allowsCrossOrigin(origin) else {
            // The answer to a page of an allowed origin differs: a cache must not give this one to such a page.
            var response = try await next(request, context)
            if !origins.allowed.isEmpty { response.headers[values: .vary].append("Origin") }
            return response
        }
        // A preflight names the method to come; any other OPTIONS, and one for a path no route takes, is answered
        // as before (405, 404).
        if request.method == .options,
            request.headers[.accessControlRequestMethod] == nil || context.endpointPath == nil
        {
            return try await next(request, context)
        }
        var response = try await cors.handle(request, context: context, next: next)
        if request.method != .options { response.headers[.accessControlExposeHeaders] = Self.exposedHeaders }
        return response
    }
}
