import ArchiveCore
package import Foundation

/// Reads an HTTP date (RFC 9110 section 5.6.7) as `Accept-Datetime` carries it: the preferred form
/// (`Tue, 01 Mar 2022 10:00:00 GMT`) and, as a recipient must, the two obsolete ones (`Tuesday, 01-Mar-22 10:00:00
/// GMT`, `Tue Mar  1 10:00:00 2022`). Nothing looser: the forms are exact (names as written, single spaces, a
/// four-digit year, GMT), the date must exist (30 Feb is refused, not rolled over into March), and the weekday must
/// be the date's own, since a weekday that disagrees means the client is not asking for what it thinks.
package enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    nonisolated(unsafe) private static let preferred =
        /([A-Za-z]{3}), ([0-9]{2}) ([A-Za-z]{3}) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT/
    nonisolated(unsafe) private static let rfc850 =
        /([A-Za-z]{6,9}), ([0-9]{2})-([A-Za-z]{3})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT/
    nonisolated(unsafe) private static let asctime =
        /([A-Za-z]{3}) ([A-Za-z]{3}) ([ 0-9][0-9]) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4})/

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar
    }()

    /// The date `text` names.
    ///
    /// - Parameters:
    ///   - now: The present, against which an obsolete two-digit year is read (one more than 50 years ahead is
    ///     taken as the last such year in the past).
    /// - Throws: ``ArchiveError`` (invalid date) naming `field` and what is wrong.
    package static func parse(_ text: String, field: String, now: Date = Date()) throws -> Date {
        let shown = "\(field): '\(text.prefix(100))'"
        let example = "an HTTP date such as 'Tue, 01 Mar 2022 10:00:00 GMT'"
        // An HTTP date is ASCII; other text is refused before anything reads it.
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw ArchiveError(.invalidDate, "\(shown) is not \(example).")
        }
        let fields: (day: Substring, date: Substring, month: Substring, year: Int, time: [Substring])
        if let match = text.wholeMatch(of: preferred)?.output, days.contains(String(match.1)) {
            fields = (match.1, match.2, match.3, Int(match.4)!, [match.5, match.6, match.7])
        } else if let match = text.wholeMatch(of: rfc850)?.output, let long = longDays.firstIndex(of: String(match.1)) {
            let year = Self.year(twoDigits: Int(match.4)!, now: now)
            fields = (days[long][...], match.2, match.3, year, [match.5, match.6, match.7])
        } else if let match = text.wholeMatch(of: asctime)?.output, days.contains(String(match.1)) {
            let date = match.3.hasPrefix(" ") ? "0" + match.3.dropFirst() : String(match.3)
            fields = (match.1, date[...], match.2, Int(match.7)!, [match.4, match.5, match.6])
        } else {
            throw ArchiveError(.invalidDate, "\(shown) is not \(example).")
        }
        guard let month = months.firstIndex(of: String(fields.month)), let day = Int(fields.date),
            let hour = Int(fields.time[0]), let minute = Int(fields.time[1]), let second = Int(fields.time[2]),
            hour < 24, minute < 60, second <= 60
        else { throw ArchiveError(.invalidDate, "\(shown) is not \(example).") }
        // The proleptic Gregorian calendar, as HTTP dates are (a calendar library reads days before 15 October 1582
        // as Julian). A leap second (60) is read as the last second of its minute.
        guard day >= 1, day <= CivilDay.length(of: month + 1, in: fields.year) else {
            throw ArchiveError(.invalidDate, "\(shown): there is no \(fields.date) \(fields.month) \(fields.year).")
        }
        let days = CivilDay(year: fields.year, month: month + 1, day: day).daysSince1970
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        // 1 January 1970 was a Thursday.
        let weekday = ((days % 7) + 7 + 4) % 7
        guard Self.days[weekday] == fields.day else {
            throw ArchiveError(
                .invalidDate,
                "\(shown): \(fields.date) \(fields.month) \(fields.year) is a \(longDays[weekday]), not "
                    + "\(fields.day); check the date."
            )
        }
        return date
    }

    /// A two-digit year of the obsolete form: the year with those digits that is not more than 50 years ahead.
    private static func year(twoDigits: Int, now: Date) -> Int {
        let current = calendar.component(.year, from: now)
        var year = current - current % 100 + twoDigits
        if year > current + 50 { year -= 100 }
        return year
    }
}
