public import Foundation
import Synchronization

/// Parsing and formatting of the dates that users type and that the archive prints.
///
/// Accepted input: `YYYY-MM-DD` (midnight UTC), and ISO 8601 date-times with a zone
/// (`2022-03-01T10:15:00Z`, `2022-03-01T10:15:00+05:00`, optionally with fractional seconds).
/// Output is always ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`.
public enum ArchiveDate {
    /// How far ahead of this machine's clock a capture time may be (another machine's clock may run ahead).
    public static let allowedClockSkew: TimeInterval = 10 * 60

    /// How a date-only value is read.
    public enum DayAnchor: Sendable {
        /// `2022-03-01` means 2022-03-01T00:00:00Z.
        case startOfDay
        /// `2022-03-01` means the last millisecond of that day (UTC): "as it stood on that day"; likewise a time in
        /// whole seconds (`2022-03-01T10:15:00Z`) means the last millisecond of that second, as dates are printed in
        /// whole seconds while captures keep milliseconds: a capture's printed time finds that capture.
        case endOfDay
    }

    /// Parses a user-supplied date.
    ///
    /// - Parameters:
    ///   - text: The date as typed.
    ///   - field: The option or field name, used in the error message.
    ///   - anchor: How a date without a time is read.
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidDate`` naming the field and the accepted forms.
    public static func parse(_ text: String, field: String, anchor: DayAnchor = .startOfDay) throws -> Date {
        // Most dates are typed without spaces around them: trimming through a character set costs more than reading.
        let plain =
            text.utf8.first.map { (0x21...0x7E).contains($0) } == true
            && text.utf8.last.map { (0x21...0x7E).contains($0) } == true
        let trimmed = plain ? text : text.trimmingCharacters(in: .whitespaces)
        if let day = parseDay(trimmed) {
            switch anchor {
            case .startOfDay: return day
            case .endOfDay: return Date(milliseconds: day.milliseconds + 86_400_000 - 1)
            }
        }
        if let date = parseDateTime(trimmed) {
            let wholeSeconds = !trimmed.utf8.contains(UInt8(ascii: "."))
            return anchor == .endOfDay && wholeSeconds ? Date(milliseconds: date.milliseconds + 999) : date
        }
        throw ArchiveError(
            .invalidDate,
            "\(field): '\(text)' is not a date. Use YYYY-MM-DD or an ISO 8601 date-time with a zone, "
                + "such as 2022-03-01 or 2022-03-01T10:15:00Z."
        )
    }

    /// The earliest capture time the archive takes: a copy made before 1900 is a mistyped date (year 0024 for 2024),
    /// and HTTP dates and calendars disagree about the centuries before the Gregorian one.
    public static let earliestCapture = Date(timeIntervalSince1970: -2_208_988_800)

    /// Checks a capture time given with an input: not in the future (beyond ``allowedClockSkew``), where a version
    /// would be "the current one" until that day came, and not before ``earliestCapture``.
    ///
    /// - Parameter field: What the time was given as, or the input it came with, for the message.
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidDate``.
    public static func checkCaptureTime(_ capturedAt: Date, field: String) throws {
        if capturedAt > Date().addingTimeInterval(allowedClockSkew) {
            throw ArchiveError(
                .invalidDate,
                "\(field): the capture time \(format(capturedAt)) is in the future; give the time the publication was "
                    + "captured (now, or a past date)."
            )
        }
        if capturedAt < earliestCapture {
            throw ArchiveError(
                .invalidDate,
                "\(field): the capture time \(format(capturedAt)) is before 1900; give the time the copy was made "
                    + "(a four-digit year such as 2024)."
            )
        }
    }

    /// Formats a date as ISO 8601 UTC with whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ date: Date) -> String {
        guard let (day, seconds) = civil(date) else { return date.formatted(withoutFraction) }
        return day.text + "T" + CivilDay.digits(seconds / 3600, 2) + ":" + CivilDay.digits(seconds / 60 % 60, 2) + ":"
            + CivilDay.digits(seconds % 60, 2) + "Z"
    }

    /// Formats a date as ISO 8601 UTC with milliseconds, for values that must round-trip exactly.
    public static func formatPrecise(_ date: Date) -> String {
        let milliseconds = date.milliseconds
        // Floored division keeps the fraction positive before 1970 too.
        let remainder = ((milliseconds % 1000) + 1000) % 1000
        let seconds = Date(timeIntervalSince1970: Double((milliseconds - remainder) / 1000))
        let fraction = String(remainder)
        let text = format(seconds)
        return text.dropLast() + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    /// The JSON encoding strategy for archive dates: ISO 8601 UTC, whole seconds or (`precise`) milliseconds.
    public static func encodingStrategy(precise: Bool = false) -> JSONEncoder.DateEncodingStrategy {
        .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(precise ? formatPrecise(date) : format(date))
        }
    }

    /// Formats the day of a date (UTC), `YYYY-MM-DD`.
    public static func formatDay(_ date: Date) -> String {
        civil(date)?.day.text ?? date.formatted(dayStyle)
    }

    /// The UTC day of `date` and the whole seconds into it, when its year is one ``CivilDay`` computes.
    private static func civil(_ date: Date) -> (day: CivilDay, seconds: Int)? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard abs(seconds) < 1e12 else { return nil }
        let whole = Int(seconds)
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let day = CivilDay(daysSince1970: days)
        guard CivilDay.years.contains(day.year) else { return nil }
        return (day, whole - days * 86_400)
    }

    /// Parses an ISO 8601 UTC value written by ``format(_:)`` or ``formatPrecise(_:)``; `nil` if malformed.
    public static func parseStored(_ text: String) -> Date? {
        let date = (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text)) ?? parseDay(text)
        return date.map(roundedToMilliseconds)
    }

    /// Rounds a date to whole milliseconds, the precision the catalog and bundles keep, so that a value read
    /// back from either compares equal to the one written.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(milliseconds: date.milliseconds)
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let dateTime =
        /([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:Z|([+-])([0-9]{2}):([0-9]{2}))/

    /// ISO 8601 date-times with a zone (`Z` or `±HH:MM`), read here rather than by Foundation, which rolls
    /// 30 February over into March and 10:00:60 into 10:01:00. The calendar date must exist; RFC 3339 allows offsets
    /// up to ±23:59, wider than Foundation's time zones. A fraction of a second of any length is cut to
    /// milliseconds, never rounded up: the version in force at 10:00:00.4999 is not one captured at 10:00:00.500. A
    /// leap second (60) is read as the last millisecond of its minute.
    private static func parseDateTime(_ text: String) -> Date? {
        guard
            let match = text.wholeMatch(of: dateTime),
            let day = parseDay(String(match.1)),
            let hour = Int(match.2), let minute = Int(match.3), let second = Int(match.4),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        var offset = 0
        if let sign = match.6, let hours = match.7.flatMap({ Int($0) }), let minutes = match.8.flatMap({ Int($0) }) {
            guard hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
        }
        // A leap second, whatever its fraction, is the minute's last millisecond: after every time of second 59.
        let fraction = second == 60 ? 999 : match.5.map { Int(String(($0 + "00").prefix(3))) ?? 0 } ?? 0
        let seconds = (hour * 60 + minute) * 60 + min(second, 59) - offset
        return Date(milliseconds: day.milliseconds + Int64(seconds) * 1000 + Int64(fraction))
    }

    /// `YYYY-MM-DD`, a date that exists (Foundation alone would read 2022-02-30 as 2 March).
    private static func parseDay(_ text: String) -> Date? {
        if let day = CivilDay(text) { return Date(timeIntervalSince1970: Double(day.daysSince1970) * 86_400) }
        return foundationDay(text)
    }

    /// ``parseDay(_:)`` through Foundation: for the years ``CivilDay`` does not compute, and to check it.
    static func foundationDay(_ text: String) -> Date? {
        guard text.utf8.count == 10, text.utf8.filter({ $0 == UInt8(ascii: "-") }).count == 2 else { return nil }
        if let known = days.withLock({ $0[text] }) { return known }
        guard let date = try? dayStyle.parse(text), date.formatted(dayStyle) == text else { return nil }
        let day = roundedToMilliseconds(date)
        days.withLock { days in
            if days.count >= 65_536 { days.removeAll(keepingCapacity: true) }
            days[text] = day
        }
        return day
    }

    /// Days read before: a dated request names one, mostly one asked for before, and the format style is slow.
    private static let days = Mutex<[String: Date]>([:])

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: .gmt)
    private static let dayStyle = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
}

extension Date {
    /// Whole milliseconds since 1970, rounded to the nearest.
    public var milliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// The date `milliseconds` after 1970.
    public init(milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
