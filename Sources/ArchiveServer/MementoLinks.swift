import ArchiveCore
import Foundation
import Synchronization

/// Memento (RFC 7089) header values: HTTP dates and `Link` relations.
package enum MementoLinks {
    // Formatters are costly to make and safe to share.
    private static let writer = formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'")

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.isLenient = false
        formatter.dateFormat = format
        return formatter
    }

    /// Values written before: dates by whole second (a memento's answer writes four or five, Memento-Datetime and the
    /// `datetime` of its links, mostly of the same versions as earlier answers, and the formatter is slow), and the
    /// `Link` of mementos.
    private static let written = Mutex(Written())

    private struct Written {
        var dates: [Int64: String] = [:]
        var links: [String: String] = [:]
    }

    /// RFC 1123 dates, as Memento-Datetime and Accept-Datetime use them.
    static func httpDate(_ date: Date) -> String {
        let second = Int64((date.timeIntervalSince1970).rounded(.down))
        if let known = written.withLock({ $0.dates[second] }) { return known }
        let text = writer.string(from: date)
        written.withLock { written in
            if written.dates.count >= 65_536 { written.dates.removeAll(keepingCapacity: true) }
            written.dates[second] = text
        }
        return text
    }

    /// The path of a document's resources, with each id segment percent-encoded.
    ///
    /// An id whose segments a path cannot carry as they are is written as one segment, its `/` encoded as `%2F`:
    /// an empty segment (`a//b`, `a/`), a dot segment (`a/../b`, which clients resolve away), or an end that the
    /// document's own resources use (`a/versions`, `a/versions/2`, `a/diff`).
    package static func path(_ id: String) -> String {
        if !carriesSegments(id) {
            let whole = segment(id)
            return whole == "." ? "%2E" : whole == ".." ? "%2E%2E" : whole
        }
        // Most ids need no encoding at all: every answer writes this path several times.
        if id.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || ($0 < 0x80 && segmentAllowedASCII[Int($0)]) }) { return id }
        return id.split(separator: "/", omittingEmptySubsequences: false).map { segment(String($0)) }.joined(
            separator: "/"
        )
    }

    /// Whether `id`'s segments, written as path segments, read back as `id` alone: none empty, none a dot segment,
    /// and no end that names a document's own resources.
    static func carriesSegments(_ id: String) -> Bool {
        let segments = id.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) { return false }
        }
        if let last = segments.last, last.elementsEqual("versions".utf8) || last.elementsEqual("diff".utf8) {
            return false
        }
        return segments.count < 2 || !segments[segments.count - 2].elementsEqual("versions".utf8)
    }

    /// One path segment, percent-encoded (a `/` in it too).
    static func segment(_ text: String) -> String {
        // Most ids need no encoding: Foundation's encoder is costly, even for text it returns unchanged.
        if text.utf8.allSatisfy({ $0 < 0x80 && segmentAllowedASCII[Int($0)] }) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? text
    }

    private static let segmentAllowed = CharacterSet.urlPathAllowed.subtracting(["/"])

    /// The ASCII characters `segmentAllowed` holds, by code.
    private static let segmentAllowedASCII: [Bool] = (0..<128).map { code in
        segmentAllowed.contains(Unicode.Scalar(UInt8(code)))
    }

    /// `Link` of a memento: its original, TimeGate and TimeMap, and the first, last, previous and next mementos.
    static func forMemento(_ version: Version, all: [Version], source: String?, urls: ResourceURLs) -> String {
        // Every dated answer writes one, mostly for a version asked for before. The key holds everything the value is
        // made of: the base, the source, the version and the first, previous, next and last mementos ("" where there
        // is none), each by its id, which stands for its document and capture time, and those never change.
        let named = all.firstIndex { $0.id == version.id }.map { index in
            [0, index - 1, index + 1, all.count - 1].map { all.indices.contains($0) ? all[$0].id : "" }
        }
        let key =
            ([urls.base, source.map { "source " + $0 } ?? "no source", version.id] + (named ?? ["not among them"]))
            .joined(separator: "\u{0}")
        if let known = written.withLock({ $0.links[key] }) { return known }
        let id = version.documentID
        let links =
            (resources(id, source: source, urls: urls) + [timegate(id, urls: urls)]
            + mementos(around: version, all: all, neighbours: true, urls: urls)).joined(separator: ", ")
        written.withLock { written in
            if written.links.count >= 16_384 { written.links.removeAll(keepingCapacity: true) }
            written.links[key] = links
        }
        return links
    }

    /// `Link` of a TimeGate's redirect: the original, the TimeMap, and the memento it selected with the first and
    /// last.
    static func forTimeGate(selected version: Version, all: [Version], source: String?, urls: ResourceURLs) -> String {
        (resources(version.documentID, source: source, urls: urls)
            + mementos(around: version, all: all, neighbours: false, urls: urls)).joined(separator: ", ")
    }

    /// `Link` of an answer that the page was gone at the date asked for: the original, the TimeMap, the TimeGate and
    /// the last memento before the removal.
    static func forGone(last: Version?, source: String?, id: String, urls: ResourceURLs) -> String {
        (resources(id, source: source, urls: urls) + [timegate(id, urls: urls)]
            + (last.map { [memento($0, ["last", "memento"], urls: urls)] } ?? [])).joined(separator: ", ")
    }

    /// The TimeMap of a document in `application/link-format`: original, self, TimeGate, then every memento.
    static func timemap(_ id: String, versions: [Version], source: String?, urls: ResourceURLs) -> String {
        var selfLink = "<\(urls.timemap(id))>; rel=\"self\"; type=\"application/link-format\""
        if let first = versions.first, let last = versions.last {
            selfLink += "; from=\"\(httpDate(first.capturedAt))\"; until=\"\(httpDate(last.capturedAt))\""
        }
        var lines = ["<\(urls.original(id, source: source))>; rel=\"original\"", selfLink, timegate(id, urls: urls)]
        for (index, version) in versions.enumerated() {
            var relations = ["memento"]
            if index == versions.count - 1 { relations.insert("last", at: 0) }
            if index == 0 { relations.insert("first", at: 0) }
            lines.append(memento(version, relations, urls: urls))
        }
        return lines.joined(separator: ",\n") + "\n"
    }

    private static func resources(_ id: String, source: String?, urls: ResourceURLs) -> [String] {
        [
            "<\(urls.original(id, source: source))>; rel=\"original\"",
            "<\(urls.timemap(id))>; rel=\"timemap\"; type=\"application/link-format\"",
        ]
    }

    private static func timegate(_ id: String, urls: ResourceURLs) -> String {
        "<\(urls.timegate(id))>; rel=\"timegate\""
    }

    private static func memento(_ version: Version, _ relations: [String], urls: ResourceURLs) -> String {
        "<\(urls.memento(version))>; rel=\"\(relations.joined(separator: " "))\"; "
            + "datetime=\"\(httpDate(version.capturedAt))\""
    }

    /// The memento itself, the first and the last, and (with `neighbours`) the previous and next, one link each
    /// with all its relations.
    private static func mementos(
        around version: Version,
        all: [Version],
        neighbours: Bool,
        urls: ResourceURLs
    )
        -> [String]
    {
        guard let index = all.firstIndex(where: { $0.id == version.id }) else {
            return [memento(version, ["memento"], urls: urls)]
        }
        var relations: [Int: [String]] = [index: []]
        relations[0, default: []].append("first")
        relations[all.count - 1, default: []].append("last")
        if neighbours, index > 0 { relations[index - 1, default: []].append("prev") }
        if neighbours, index < all.count - 1 { relations[index + 1, default: []].append("next") }
        return relations.keys.sorted().map { number in
            memento(all[number], relations[number, default: []] + ["memento"], urls: urls)
        }
    }
}
