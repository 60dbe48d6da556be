public import Foundation

/// Finds a calendar date in a short piece of text, in the forms publications print:
/// `2022-03-01`, `01.03.2022`, `01 марта 2022`, `1 March 2022`, `March 1, 2022`, `2022 жылғы 1 наурыз`, and the less
/// common forms of ``lessCommonForm(in:locales:)``.
///
/// Month names are read by Foundation's locale-aware parsing (ICU), in the given locales, not from tables.
///
/// ```swift
/// DateText.firstDate(in: "Дата публикации 01 марта 2022")  // 2022-03-01T00:00:00Z
/// ```
public enum DateText {
    /// The locales tried for month names, in order.
    public static let defaultLocales = ["ru", "kk", "en", "uk", "de", "fr", "es", "it", "pl", "ar"].map(
        Locale.init(identifier:)
    )

    /// The first date found in `text`, as midnight UTC, or `nil`.
    public static func firstDate(in text: String, locales: [Locale] = defaultLocales) -> Date? {
        // Every form has a run of four digits (a year) or digits around a dot or slash ("1.3.22"): most texts
        // are rejected by this scan before any pattern runs.
        guard mayContainDate(text) else { return nil }
        // Each pattern runs only when the text has the bytes it needs.
        let shape = Shape(text)
        if shape.digitDashDigit, shape.yearRun, let match = text.firstMatch(of: Patterns.iso),
            let date = day(Int(match.1), Int(match.2), Int(match.3))
        {
            return date
        }
        if shape.digitDotDigit, shape.yearRun, let match = text.firstMatch(of: Patterns.dotted),
            let date = day(Int(match.3), Int(match.2), Int(match.1))
        {
            return date
        }
        if shape.digitDotDigit, let match = text.firstMatch(of: Patterns.dottedShortYear), let year = Int(match.3),
            let date = day(2000 + year, Int(match.2), Int(match.1)), date <= Date().addingTimeInterval(366 * 86_400)
        {
            // "30.10.23": a two-digit year is read in this century, and never in the future.
            return date
        }
        if shape.digitSlashDigit, shape.yearRun, let match = text.firstMatch(of: Patterns.slashedYearFirst),
            let date = day(Int(match.1), Int(match.2), Int(match.3))
        {
            return date
        }
        if shape.digitSlashDigit, shape.yearRun, let match = text.firstMatch(of: Patterns.slashed),
            let first = Int(match.1), let second = Int(match.2)
        {
            // 13/03/2022 can only be day-first; otherwise slashes are read month-first, as in the US.
            if let date = first > 12 ? day(Int(match.3), second, first) : day(Int(match.3), first, second) {
                return date
            }
        }
        guard shape.yearRun else { return nil }
        if text.containsBytes("ж"), let match = text.firstMatch(of: Patterns.kazakh),
            let date = named(day: match.2, month: match.3, year: match.1, locales: locales)
        {
            return date
        }
        // Both named forms put white space right before the year.
        if shape.spacedYear, let match = text.firstMatch(of: Patterns.dayMonthYear),
            let date = named(day: match.1, month: match.2, year: match.3, locales: locales)
        {
            return date
        }
        if shape.spacedYear, let match = text.firstMatch(of: Patterns.monthDayYear),
            let date = named(day: match.2, month: match.1, year: match.3, locales: locales)
        {
            return date
        }
        return lessCommonForm(in: text, locales: locales)
    }

    /// A fast byte scan: a run of four or more digits, or a digit, a `.` or `/`, and a digit.
    public static func mayContainDate(_ text: String) -> Bool {
        var run = 0
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            let isDigit = byte >= 0x30 && byte <= 0x39
            run = isDigit ? run + 1 : 0
            if run >= 4 { return true }
            if isDigit, previous == UInt8(ascii: ".") || previous == UInt8(ascii: "/"),
                beforePrevious >= 0x30 && beforePrevious <= 0x39
            {
                return true
            }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    /// What one pass over the bytes tells about the forms a text can hold.
    private struct Shape {
        /// A run of four digits.
        var yearRun = false
        /// A run of four digits right after white space (or a byte of a multi-byte character, which may be).
        var spacedYear = false
        var digitDashDigit = false
        var digitDotDigit = false
        var digitSlashDigit = false

        init(_ text: String) {
            var run = 0
            var beforeRun: UInt8 = 0
            var previous: UInt8 = 0
            var beforePrevious: UInt8 = 0
            for byte in text.utf8 {
                let isDigit = byte >= 0x30 && byte <= 0x39
                if isDigit {
                    if run == 0 { beforeRun = previous }
                    run += 1
                    if run == 4 {
                        yearRun = true
                        if beforeRun == 0x20 || (0x09...0x0D).contains(beforeRun) || beforeRun >= 0x80 {
                            spacedYear = true
                        }
                    }
                    if beforePrevious >= 0x30 && beforePrevious <= 0x39 {
                        switch previous {
                        case UInt8(ascii: "-"): digitDashDigit = true
                        case UInt8(ascii: "."): digitDotDigit = true
                        case UInt8(ascii: "/"): digitSlashDigit = true
                        default: break
                        }
                    }
                } else {
                    run = 0
                }
                beforePrevious = previous
                previous = byte
            }
        }
    }

    /// The patterns, built once: a regex literal is parsed again each time it is evaluated.
    private enum Patterns {
        // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
        nonisolated(unsafe) static let iso = /(\d{4})-(\d{2})-(\d{2})/
        nonisolated(unsafe) static let dotted = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/
        nonisolated(unsafe) static let dottedShortYear = /\b(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])/
        nonisolated(unsafe) static let slashedYearFirst = /\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/
        nonisolated(unsafe) static let slashed = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/
        nonisolated(unsafe) static let kazakh = /(\d{4})\s*(?:жылғы|ж\.)\s*(\d{1,2})\s+(\p{L}+)/
        nonisolated(unsafe) static let dayMonthYear = /\b(\d{1,2})\.?\s+(\p{L}+)\.?,?\s+(\d{4})\b/
        nonisolated(unsafe) static let monthDayYear = /\b(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/
    }

    static func named(
        day: Substring,
        month: Substring,
        year: Substring,
        locales: [Locale]
    ) -> Date? {
        let text = "\(day) \(month) \(year)"
        for locale in locales {
            let strategy = Date.ParseStrategy(
                format: "\(day: .defaultDigits) \(month: .wide) \(year: .defaultDigits)",
                locale: locale,
                timeZone: .gmt,
                isLenient: true
            )
            // Lenient parsing can make a date of a word that is no month name; the day and year must stay.
            if let date = try? strategy.parse(text), isPlausible(date), Self.keeps(day: day, year: year, date) {
                return date
            }
        }
        return nil
    }

    private static func keeps(day: Substring, year: Substring, _ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.day, .year], from: date)
        return parts.day == Int(day) && parts.year == Int(year)
    }

    static func day(_ year: Int?, _ month: Int?, _ day: Int?) -> Date? {
        guard let year, let month, let day, (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return isPlausible(date) ? date : nil
    }

    private static func isPlausible(_ date: Date) -> Bool {
        let year = Calendar(identifier: .gregorian).component(.year, from: date)
        return (1900...2200).contains(year)
    }
}
