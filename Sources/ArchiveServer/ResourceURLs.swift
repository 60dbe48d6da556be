import ArchiveCore
import Foundation
import HTTPTypes
package import Hummingbird

/// The one place that writes the addresses of the service's resources (documents, mementos, TimeGates, TimeMaps),
/// always absolute, as Memento clients and aggregators follow them: from the service's public URL when it is set,
/// else from the request's `Host`.
///
/// A memento's address (URI-M) names the version by its id, `/documents/{id}/versions/{version id}`, so it keeps
/// its meaning when a backfill adds an earlier version; the ordinal form `/versions/{n}` redirects to it.
package struct ResourceURLs: Sendable {
    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    package let base: String

    /// - Throws: ``ServiceError`` 400 when there is no public URL and the request's `Host` is not a host name or
    ///   address with an optional port (it would be written into `Link` headers).
    package init(publicURL: String?, request: Request) throws {
        if let publicURL {
            base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
            return
        }
        guard let host = request.head.authority else {
            throw ServiceError.badParameter(
                "Host: the request names no host, and this answer writes the service's address; send the address "
                    + "the service was reached at, such as Host: archive.example.org:8080 (an HTTP/1.0 client too), "
                    + "or start the service with --public-url."
            )
        }
        guard Self.isHost(host) else {
            throw ServiceError.badParameter(
                "Host: '\(host.prefix(200))' is not a host name or address with an optional port; send the address "
                    + "the service was reached at, such as Host: archive.example.org:8080."
            )
        }
        base = "http://\(host)"
    }

    /// The list of documents, with a percent-encoded query.
    func documents(query: String) -> String { "\(base)/documents?\(query)" }

    /// A page of search results.
    func search(query: String) -> String { "\(base)/search?\(query)" }

    /// A document: the version in force now (or at `?at=`).
    func document(_ id: String) -> String { "\(base)/documents/\(MementoLinks.path(id))" }

    /// A memento (URI-M): one version of a document, by the version's id.
    func memento(_ version: Version) -> String {
        memento(documentID: version.documentID, versionID: version.id)
    }

    func memento(documentID: String, versionID: String) -> String {
        "\(document(documentID))/versions/\(MementoLinks.segment(versionID))"
    }

    func timegate(_ id: String) -> String { "\(base)/timegate/\(MementoLinks.path(id))" }

    func timemap(_ id: String, json: Bool = false) -> String {
        "\(base)/timemap/\(MementoLinks.path(id))" + (json ? "?format=json" : "")
    }

    /// The original resource (URI-R): the document's source URL, else the document resource.
    func original(_ id: String, source: String?) -> String {
        source.map(SourceURL.encoded) ?? document(id)
    }

    /// A `Host` value as RFC 9110 allows it, restricted to what can be written into a link unchanged: a name or
    /// IPv4 address of letters, digits, `-` and `.`, or an IPv6 address in brackets, then an optional port.
    package static func isHost(_ text: String) -> Bool {
        // Byte by byte: every request's links are made from it, and characters cost a grapheme break each.
        var rest = Substring(text).utf8[...]
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let address = rest[rest.index(after: rest.startIndex)..<close]
            guard !address.isEmpty,
                address.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return false }
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.endIndex
            let name = rest[..<end]
            guard !name.isEmpty, name.count <= 253,
                name.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
            else { return false }
            rest = rest[end...]
        }
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: ":") else { return false }
        let port = rest.dropFirst()
        return !port.isEmpty && port.count <= 5 && port.allSatisfy(isDigit)
            && (1...65_535).contains(port.reduce(0, { $0 * 10 + Int($1 - UInt8(ascii: "0")) }))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
