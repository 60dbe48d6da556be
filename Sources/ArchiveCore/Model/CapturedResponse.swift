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

    /// The response a bundle's bag keeps, or `nil` for a version that was not fetched.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle.
    static func read(from bag: Bag, key: String) throws -> CapturedResponse? {
        guard let file = bag.payloadFile(bundlePath) else { return nil }
        do {
            return try JSONDecoder().decode(CapturedResponse.self, from: file.data)
        } catch {
            throw ArchiveError(
                .corruptBundle,
                "Bundle \(key): \(bundlePath) is not an HTTP response Mura wrote.",
                underlying: error
            )
        }
    }

    /// The status line and header fields as an HTTP/1.1 message head, ending with the empty line: what a WARC
    /// `response` record holds before the body.
    public var head: Data {
        // A line break inside a value would end the head early.
        func line(_ text: String) -> String { text.filter { !$0.isNewline } }
        var text = "HTTP/1.1 \(status) \(line(reason))\r\n"
        for header in headers { text += "\(line(header.name)): \(line(header.value))\r\n" }
        return Data((text + "\r\n").utf8)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
