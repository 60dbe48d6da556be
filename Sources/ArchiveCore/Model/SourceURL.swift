import Foundation

/// Rules for source URLs: where a publication was published. A source URL is written into WARC headers, `Link`
/// headers and TimeMaps, so a value that could end a header line or a link (`%0D%0A`, `>`, a space) must never
/// reach them as it is.
public enum SourceURL {
    /// Checks that `text` is an absolute http(s) URL with a host and no white space, control characters or credentials.
    ///
    /// - Parameter field: What the value was given as (`--url`, `url`), for the message.
    /// - Returns: The URL without surrounding white space and without a fragment (which names a part of the page and
    ///   is never sent to its site), its scheme and host in lower case (RFC 3986 section 6.2.2.1: the same resource,
    ///   found by any spelling of them).
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` naming the field.
    public static func validate(_ text: String, field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard isValid(trimmed) else {
            throw ArchiveError(
                .invalidArgument,
                "\(field): '\(text.prefix(200))' is not an absolute http or https URL with a port up to 65535 and "
                    + "without spaces, control characters or a user name and password; give one such as "
                    + "https://example.org/news/42."
            )
        }
        return normalized(trimmed)
    }

    /// `url` in the one spelling the archive keeps (RFC 3986 section 6.2.2): without its fragment, its scheme and
    /// host in lower case (the hex digits of an escape aside), without the scheme's default port (`:443`, `:80`)
    /// or an empty one, and with every byte a URI may not hold percent-encoded (letters outside ASCII as their
    /// UTF-8 bytes), so that `https://Example.org:443/ä#x` and `https://example.org/%C3%A4` are one URL.
    public static func normalized(_ url: String) -> String {
        let unfragmented = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let schemeEnd = unfragmented.range(of: "://") else { return encoded(String(unfragmented)) }
        let scheme = unfragmented[..<schemeEnd.lowerBound].lowercased()
        let rest = unfragmented[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var host = Substring(rest[..<authorityEnd])
        var port: Substring?
        if let colon = host.lastIndex(of: ":"), !host[colon...].contains("]") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        // Letters in lower case; the two characters after a `%` are an escape's hex digits, kept as written.
        var lowered = ""
        var escape = 0
        for character in host {
            if escape > 0 {
                lowered.append(character)
                escape -= 1
            } else {
                if character == "%" { escape = 2 }
                lowered += character.lowercased()
            }
        }
        var authority = lowered
        if let port, let number = Int(port), !(scheme == "https" && number == 443 || scheme == "http" && number == 80) {
            authority += ":\(number)"
        } else if let port, Int(port) == nil, !port.isEmpty {
            authority += ":\(port)"
        }
        return encoded("\(scheme)://\(authority)\(rest[authorityEnd...])")
    }

    /// Whether `text` is an absolute http(s) URL with a host, without white space or control characters, and without
    /// credentials (`https://user:secret@host/`): every reader of the archive sees a source URL.
    /// Letters outside ASCII are allowed (they are percent-encoded where the URL is written).
    public static func isValid(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 8192,
            !text.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
                    || $0.properties.generalCategory == .format
            })
        else { return false }
        let lowered = text.prefix(8).lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else { return false }
        guard let components = URLComponents(string: encoded(text)), let host = components.host, !host.isEmpty else {
            return false
        }
        if let port = components.port, !(1...65535).contains(port) { return false }
        return components.percentEncodedUser == nil && components.percentEncodedPassword == nil
    }

    /// The URL as it may be written into a header, a link or a record: every byte that RFC 3986 does not allow
    /// in a URI (white space, controls, `<`, `>`, `"`, `{`, `}`, `|`, `\`, `^`, `` ` ``, letters outside ASCII) is
    /// percent-encoded, and a `%` that does not start an escape is encoded as `%25`.
    public static func encoded(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                result.append(byte)
            } else if byte != UInt8(ascii: "%"), allowed(byte) {
                result.append(byte)
            } else {
                result.append(contentsOf: Array(String(format: "%%%02X", byte).utf8))
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// RFC 3986's unreserved and reserved characters.
    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~:/?#[]@!$&'()*+,;=".utf8.contains(byte)
        }
    }
}
