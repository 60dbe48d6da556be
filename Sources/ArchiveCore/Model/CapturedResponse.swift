public import Foundation

/// The HTTP response a version was captured from (`mura capture`): its final URL after redirects, status and header
/// fields as the server sent them, kept beside the original in the bundle (`data/response.json`) so that a WARC
/// export writes the real response and a recapture asks the server whether the page changed.
///
/// The body is the version's original, bit-exact as transferred (after chunked transfer coding is undone), so
/// `Transfer-Encoding` is not kept.
public struct CapturedResponse: Codable, Hashable, Sendable {
    /// The URL the response came from, after redirects.
    public var url: String
    public var status: Int
    public var reason: String
    public var headers: [Header]

    /// One header field, in the order received.
    public struct Header: Codable, Hashable, Sendable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(url: String, status: Int, reason: String, headers: [Header]) {
        self.url = url
        self.status = status
        self.reason = reason
        self.headers = headers.filter { $0.name.lowercased() != "transfer-encoding" }
    }

    /// The first value of a header field (names compare without case).
    public func value(_ name: String) -> String? {
        let name = name.lowercased()
        return headers.first { $0.name.lowercased() == name }?.value
    }

    /// Where a bundle keeps it.
    public static let bundlePath = "data/response.json"

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
