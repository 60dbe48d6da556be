import Foundation
import HTTPTypes
package import Hummingbird

/// Refuses requests that change or cost something when a browser sent them from a page of another site. The
/// service sends CORS headers only to the origins it was told to allow (``CrossOriginMiddleware``), but a browser
/// still delivers a cross-site form post or a `text/plain` fetch; it always names the page's origin in `Origin`, so
/// such a request is answered 403 unless the origin is the service's own (from its public URL, else the request's
/// `Host`) or one the service was told to allow. Clients that are not browsers send no `Origin` and are not
/// affected.
package struct OriginPolicy: Sendable {
    /// The service's own origin (`scheme://host[:port]`, the default port left out), when its public URL is set.
    package let own: Origin?
    /// Further origins allowed to write, such as a content system's web interface.
    package let allowed: Set<Origin>

    /// - Throws: ``ServiceError`` 400 when the public URL or an allowed origin is not an http(s) origin.
    package init(publicURL: String?, allowedOrigins: [String]) throws {
        own = try publicURL.map { url in
            guard let origin = Origin(url) else {
                throw ServiceError.badParameter(
                    "public URL: '\(url)' is not an http(s) URL; give the address clients use, such as "
                        + "https://archive.example.org."
                )
            }
            return origin
        }
        allowed = Set(
            try allowedOrigins.map { text in
                guard let origin = Origin(text) else {
                    throw ServiceError.badParameter(
                        "allowed origin: '\(text)' is not an origin; give one such as https://cms.example.org."
                    )
                }
                return origin
            }
        )
    }

    /// Whether `header`, a request's `Origin`, is one of the origins the service was told to allow.
    package func allowsCrossOrigin(_ header: String) -> Bool {
        Origin(header).map(allowed.contains) ?? false
    }

    package func check(_ request: Request) throws {
        guard let header = request.headers[.origin] else { return }
        if let origin = Origin(header) {
            if allowed.contains(origin) { return }
            if let own {
                if origin == own { return }
            } else if let host = request.head.authority, origin.matches(host: host) {
                return
            }
        }
        throw ServiceError.forbidden(
            "Origin '\(header)' may not change this archive: it is not the service's own origin. Start the service "
                + "with --allow-origin \(header.isEmpty ? "ORIGIN" : header) to let that site's pages write, or "
                + "send the request from a client that is not a browser."
        )
    }

    /// A web origin: scheme, host and port (RFC 6454), compared with the default port left out.
    package struct Origin: Hashable, Sendable {
        var scheme: String
        var host: String
        var port: Int?

        package init?(_ text: String) {
            guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = components.host?.lowercased(), !host.isEmpty
            else { return nil }
            self.scheme = scheme
            self.host = host
            let defaultPort = scheme == "https" ? 443 : 80
            port = components.port == defaultPort ? nil : components.port
        }

        /// Whether a `Host` value (`host[:port]`) names this origin's host and port.
        package func matches(host value: String) -> Bool {
            guard let other = Origin("\(scheme)://\(value)") else { return false }
            return other.host == host && other.port == port
        }
    }
}
