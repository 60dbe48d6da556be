import ArchiveCore
import ArchiveText
import Foundation

/// A publication date as one source states it: the calendar day, and the hour when the source is a UTC
/// timestamp (`2023-11-09T01:49:09Z`), whose day may be the day before or after the one the publisher printed.
struct DateStamp: Hashable {
    var day: Date
    /// The hour of a UTC timestamp; `nil` for a date in local time or without a time.
    var utcHour: Int?
    /// For a numeric date that reads either way, its other reading: day-first for what was read month-first
    /// ("12/04/2020"), month-first for what was read day-first ("09.10.2024", as some American sites print it).
    var swapped: Date?
    /// The element whose markup gave the date (`itemprop`, `<time datetime>`): the markup of one element votes
    /// once, however many sources read it. The date it shows as text votes on its own, as what the reader sees.
    var origin: Int?

    init(day: Date) {
        self.day = day
    }

    /// The first date in `text`, noting whether it is a timestamp in UTC.
    init?(_ text: String) {
        guard let day = DateText.firstDate(in: text) else { return nil }
        self.day = day
        guard text.utf8.count < 120 else { return }
        if text.utf8.contains(UInt8(ascii: ":")), let match = text.firstMatch(of: Self.utcTimestamp) {
            utcHour = Int(match.1)
        } else if text.utf8.contains(UInt8(ascii: "/")), let match = text.firstMatch(of: Self.slashed),
            let first = Int(match.1), let second = Int(match.2),
            first != second, first <= 12, second <= 12,
            DateText.firstDate(in: "\(match.3)-\(match.1)-\(match.2)".padded) == day
        {
            swapped = DateText.firstDate(in: "\(match.3)-\(match.2)-\(match.1)".padded)
        } else if text.utf8.contains(UInt8(ascii: ".")), let match = text.firstMatch(of: Self.dotted),
            let first = Int(match.1), let second = Int(match.2),
            first != second, first <= 12, second <= 12,
            DateText.firstDate(in: "\(match.3)-\(match.2)-\(match.1)".padded) == day
        {
            swapped = DateText.firstDate(in: "\(match.3)-\(match.1)-\(match.2)".padded)
        }
    }

    /// This stamp, read from `element`.
    func read(from element: Int) -> DateStamp {
        var stamp = self
        stamp.origin = element
        return stamp
    }

    init?(_ day: Date?) {
        guard let day else { return nil }
        self.init(day: day)
    }

    /// The day a reader west of Greenwich (early UTC hours) or east of it (late UTC hours) saw on the page.
    var neighbour: Date? {
        guard let utcHour else { return nil }
        return day.addingTimeInterval(utcHour < 12 ? -86_400 : 86_400)
    }

    nonisolated(unsafe) private static let slashed = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/
    nonisolated(unsafe) private static let dotted = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/
    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
    nonisolated(unsafe) private static let utcTimestamp =
        /^\s*\d{4}-\d{2}-\d{2}[T ](\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|UTC|GMT)/
}

extension String {
    /// "2020-4-12" → "2020-04-12".
    fileprivate var padded: String {
        split(separator: "-").map { $0.count == 1 ? "0\($0)" : String($0) }.joined(separator: "-")
    }
}
