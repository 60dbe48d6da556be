import ArchiveCore
import Foundation

/// The dates feeds and sitemaps give: RFC 822 in RSS (`Tue, 10 Jun 2003 04:00:00 GMT`), W3C date-times in Atom,
/// JSON Feed and sitemaps (`2024-05-01`, `2024-05-01T10:00+03:00`, `2024-05-01T10:00:00.5Z`).
enum FeedDate {
    static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count < 64 else { return nil }
        if let date = try? ArchiveDate.parse(text, field: "date") { return date }
        // A W3C date-time to the minute: seconds added.
        if let match = text.wholeMatch(of: /([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})/) {
            return try? ArchiveDate.parse("\(match.1):00\(match.2)", field: "date")
        }
        if let match = text.wholeMatch(of: /([0-9]{4})-([0-9]{2})/) {
            return try? ArchiveDate.parse("\(match.1)-\(match.2)-01", field: "date")
        }
        return rfc822(text)
    }

    private static func rfc822(_ text: String) -> Date? {
        // The day name is optional and often wrong; the zone is a name (GMT, UT, EST) or an offset.
        var rest = Substring(text)
        if let comma = rest.firstIndex(of: ",") { rest = rest[rest.index(after: comma)...] }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in [
            "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm Z",
        ] {
            formatter.dateFormat = format
            if let date = formatter.date(from: rest.trimmingCharacters(in: .whitespaces)) {
                return ArchiveDate.roundedToMilliseconds(date)
            }
        }
        return nil
    }
}
