package import ArchiveCore
package import Foundation
import HTTPTypes
package import Hummingbird

/// What every route of the service shares: the archive, the plugins, the metrics and the read cache.
package struct ArchiveService: Sendable {
    let archive: Archive
    let registry: PluginRegistry
    let metrics: ServiceMetrics
    let maximumBodySize: Int
    let cache: VersionCache
    /// Where blocking work runs, off the Swift concurrency threads (the archive's ``Archive/blocking`` too).
    let blocking: BlockingPool
    /// The most bytes an export may stage on disk before it is sent.
    let maximumScratchSize: Int
    /// The address clients reach the service at, when it is set (``ServiceConfiguration/publicURL``).
    let publicURL: String?
    let writes = WriteQueue()
    let exports = OperationGate(name: "export", retryAfter: 10)
    let verifications = OperationGate(name: "verification", retryAfter: 10)

    /// A version's content, verified against its bundle on first read, with its original as a response body.
    func content(of version: Version) async throws -> VersionCache.Entry {
        try await cache.entry(of: version) { try await archive.content(of: $0) }
    }

    /// The addresses of resources, as a response to `request` writes them.
    func urls(for request: Request) throws -> ResourceURLs {
        try ResourceURLs(publicURL: publicURL, request: request)
    }

    /// The decoded path segments a `**` route captured: a document id may itself contain `/`.
    package static func pathSegments(_ context: some RequestContext) -> [String] {
        context.parameters.getCatchAll().map { segment in
            // Byte by byte, and on a String: a Substring's `contains` and `removingPercentEncoding` go through
            // Foundation's NSString bridge, a few percent of a dated read.
            segment.utf8.contains(UInt8(ascii: "%"))
                ? String(segment).removingPercentEncoding ?? String(segment) : String(segment)
        }
    }

    /// A query parameter's text, its escapes decoded strictly: 400 naming it when they do not decode to UTF-8
    /// (`%FF`), which a looser decoding turns into U+FFFD, so that different values would be one.
    package static func text(_ request: Request, _ name: String) throws -> String? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        let raw = request.uri.query?.split(separator: "&").first { $0 == name || $0.hasPrefix(name + "=") }
        if let raw, raw.utf8.contains(UInt8(ascii: "%")),
            String(raw.dropFirst(name.count + 1)).removingPercentEncoding == nil
        {
            throw ServiceError.badParameter(
                "\(name): '\(raw.dropFirst(name.count + 1).prefix(200))' is not UTF-8 once its %-escapes are decoded; "
                    + "encode the value's UTF-8 bytes."
            )
        }
        return String(value)
    }

    /// A query parameter as a date (`YYYY-MM-DD` or ISO 8601); 400 naming the parameter when it is not one.
    package static func date(_ request: Request, _ name: String, anchor: ArchiveDate.DayAnchor) throws -> Date? {
        try request.uri.queryParameters.get(name).map { try ArchiveDate.parse(String($0), field: name, anchor: anchor) }
    }
}
