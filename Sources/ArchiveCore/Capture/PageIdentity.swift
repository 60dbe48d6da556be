import Foundation

/// A captured page's document id: its URL after redirects, without its fragment and without the parameters that
/// only track where a reader came from (`utm_*`, `fbclid`, `gclid`), with the scheme and host in lower case and
/// without a default port; so one article reached from a feed, a sitemap and by hand is one document.
public enum PageIdentity {
    /// Query parameters dropped by name; every `utm_` parameter is dropped too.
    static let trackingParameters: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid"]

    /// The id of the page at `url`, or `nil` when it is not an absolute http(s) URL.
    public static func id(of url: String) -> String? {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.path.isEmpty { components.path = "/" }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        return components.string
    }

    /// Whether two URLs are on one site: the same host, or one a subdomain of the other's registrable part
    /// (`www.example.org` and `example.org`).
    public static func sameSite(_ first: String, _ second: String) -> Bool {
        guard let one = URLComponents(string: first)?.host?.lowercased(),
            let other = URLComponents(string: second)?.host?.lowercased()
        else { return false }
        func bare(_ host: String) -> Substring { host.hasPrefix("www.") ? host.dropFirst(4) : host[...] }
        return bare(one) == bare(other)
    }
}
