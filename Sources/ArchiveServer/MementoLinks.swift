import ArchiveCore
package import Foundation

/// Memento (RFC 7089) header values: HTTP dates and `Link` relations.
package enum MementoLinks {
    // Formatters are costly to make and safe to share; one each for writing and reading.
    private static let writer = formatter("EEE, dd MMM yyyy HH:mm:ss 'GMT'")
    private static let reader = formatter("dd MMM yyyy HH:mm:ss 'GMT'")

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.isLenient = false
        formatter.dateFormat = format
        return formatter
    }

    /// RFC 1123 dates, as Memento-Datetime and Accept-Datetime use them.
    static func httpDate(_ date: Date) -> String {
        writer.string(from: date)
    }

    /// Reads an RFC 1123 date (`Tue, 01 Mar 2022 10:00:00 GMT`). The weekday is not checked against the date (RFC
    /// 9110 recipients need not), but the date must exist: 30 Feb is refused, not rolled over into March. An HTTP
    /// date is ASCII: other text is refused before Foundation's formatter sees it, which stops the process on some
    /// characters (U+07F2 among them).
    package static func parseHTTPDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.allSatisfy({ $0 < 0x80 }), let comma = trimmed.firstIndex(of: ","),
            trimmed[..<comma].count == 3
        else { return nil }
        let rest = trimmed[trimmed.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        guard let date = reader.date(from: rest), reader.string(from: date) == rest else { return nil }
        return date
    }

    /// The path of a document's resources, with each id segment percent-encoded.
    package static func path(_ id: String) -> String {
        id.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? String($0) }
            .joined(separator: "/")
    }

    /// `Link` for a memento: original, timegate, timemap, and first/last/prev/next mementos.
    static func forMemento(_ version: Version, ordinal: Int, all: [Version], original: String) -> String {
        let id = path(version.documentID)
        var links = [
            "<\(SourceURL.encoded(original))>; rel=\"original\"", "</timegate/\(id)>; rel=\"timegate\"",
            "</timemap/\(id)>; rel=\"timemap\"; type=\"application/link-format\"",
        ]
        func memento(_ number: Int, _ rel: String) -> String {
            "</documents/\(id)/versions/\(number)>; rel=\"\(rel)\"; datetime=\"\(httpDate(all[number - 1].capturedAt))\""
        }
        var relations: [Int: [String]] = [:]
        relations[1, default: []].append("first")
        relations[all.count, default: []].append("last")
        if ordinal > 1 { relations[ordinal - 1, default: []].append("prev") }
        if ordinal < all.count { relations[ordinal + 1, default: []].append("next") }
        for number in relations.keys.sorted() {
            links.append(memento(number, (relations[number]! + ["memento"]).joined(separator: " ")))
        }
        return links.joined(separator: ", ")
    }

    /// The original resource: the source URL, or the document resource when there is none.
    static func original(_ summary: DocumentSummary) -> String {
        summary.source.map(SourceURL.encoded) ?? "/documents/\(path(summary.id))"
    }
}
