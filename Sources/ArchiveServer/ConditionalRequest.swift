package import HTTPTypes

/// `If-Match` and `If-None-Match` (RFC 9110 section 13) against the entity tag of a memento, so that a client or
/// cache that already holds a version is told so (304) instead of being sent it again.
package enum ConditionalRequest {
    package enum Outcome: Equatable {
        /// Send the representation.
        case proceed
        /// 304: the client's copy is current (a GET or HEAD whose `If-None-Match` matched).
        case notModified
        /// 412: `If-Match` named none of it, or `If-None-Match` matched on another method.
        case preconditionFailed
    }

    /// What the request's preconditions say about a representation whose strong entity tag is `entityTag` (with its
    /// quotes, as sent in `ETag`). The order is RFC 9110 section 13.2.2's: `If-Match` first, then `If-None-Match`.
    package static func evaluate(_ request: HTTPRequest, entityTag: String) -> Outcome {
        // A field without a single tag in it (empty, or text that is no tag) says nothing, as if it were absent.
        let ifMatch = request.headerFields[values: .ifMatch].flatMap(Self.tags)
        if !ifMatch.isEmpty {
            let tags = ifMatch
            // Strong comparison: a weak tag never matches.
            let matched = tags.contains { $0 == "*" || $0 == entityTag }
            if !matched { return .preconditionFailed }
        }
        let ifNoneMatch = request.headerFields[values: .ifNoneMatch].flatMap(Self.tags)
        if !ifNoneMatch.isEmpty {
            // Weak comparison: `W/"x"` matches `"x"`.
            let matched = ifNoneMatch.contains { tag in
                tag == "*" || (tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag) == entityTag
            }
            if matched {
                return request.method == .get || request.method == .head ? .notModified : .preconditionFailed
            }
        }
        return .proceed
    }

    /// The entity tags of one field value: `*`, or a list of `"tag"` and `W/"tag"` (a tag may hold commas). Text
    /// that is not a tag is skipped, so it matches nothing.
    package static func tags(_ value: String) -> [String] {
        let text = Array(value.utf8)
        var tags: [String] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "*") {
                tags.append("*")
                index += 1
            } else if byte == UInt8(ascii: "\"")
                || (byte == UInt8(ascii: "W") && index + 2 < text.count && text[index + 1] == UInt8(ascii: "/")
                    && text[index + 2] == UInt8(ascii: "\""))
            {
                let start = index
                let open = byte == UInt8(ascii: "\"") ? index : index + 2
                guard let close = text[(open + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { break }
                tags.append(String(decoding: text[start...close], as: UTF8.self))
                index = close + 1
            } else {
                index += 1
            }
        }
        return tags
    }
}
