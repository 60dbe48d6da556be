import Foundation

extension DateText {
    /// The forms web pages and feeds print less often: the numeric forms of East Asian pages (`2023.11.02.`,
    /// `2020年07月12日`, `2023년 11월 2일`), the Spanish and Portuguese long form (`17 de marzo de 2020`,
    /// `22 de janeiro de 2018`), whose month names Foundation reads, and a day with an ordinal suffix or hyphens
    /// (`18th November 2019`, `18-Nov-2019`), and the year first with the month named (`2023 Jan 7`, as scholarly
    /// citations print it).
    static func lessCommonForm(in text: String, locales: [Locale]) -> Date? {
        // Each pattern runs only where a byte it needs occurs: most texts with a year in them are no date.
        let bytes = text.utf8
        let eastAsian = text.containsBytes("年") || text.containsBytes("년")
        for (pattern, needed) in [
            (FormPatterns.dottedYearFirst, Self.hasYearThenDot(bytes)), (FormPatterns.eastAsian, eastAsian),
        ]
        where needed {
            if let match = text.firstMatch(of: pattern), let date = day(Int(match.1), Int(match.2), Int(match.3)) {
                return date
            }
        }
        if text.containsBytes(" de "), let match = text.firstMatch(of: FormPatterns.romance) {
            // Without the particles it is a form Foundation reads, in these languages.
            return named(day: match.1, month: match.2, year: match.3, locales: romanceLocales)
        }
        if Self.hasDigitBeforeSuffix(bytes), let match = text.firstMatch(of: FormPatterns.ordinalOrHyphenated) {
            return named(day: match.1, month: match.2, year: match.3, locales: locales)
        }
        if Self.hasYearThenLetter(bytes), let match = text.firstMatch(of: FormPatterns.yearMonthDay) {
            return named(day: match.3, month: match.2, year: match.1, locales: locales)
        }
        return nil
    }

    /// Whether four digits are followed by a space and a letter (`2023 Jan`).
    private static func hasYearThenLetter(_ bytes: String.UTF8View) -> Bool {
        var digits = 0
        var spaced = false
        for byte in bytes {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= 0x80
            if spaced, isLetter { return true }
            spaced = byte == UInt8(ascii: " ") && digits >= 4
            digits = byte >= 0x30 && byte <= 0x39 ? digits + 1 : 0
        }
        return false
    }

    /// Whether four digits are followed by a dot (`2023.`).
    private static func hasYearThenDot(_ bytes: String.UTF8View) -> Bool {
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: "."), digits >= 4 { return true }
            digits = byte >= 0x30 && byte <= 0x39 ? digits + 1 : 0
        }
        return false
    }

    /// Whether a digit is followed by `-` or the first letter of an ordinal suffix (`st`, `nd`, `rd`, `th`).
    private static func hasDigitBeforeSuffix(_ bytes: String.UTF8View) -> Bool {
        var previousIsDigit = false
        for byte in bytes {
            if previousIsDigit,
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "s") || byte == UInt8(ascii: "n")
                    || byte == UInt8(ascii: "r") || byte == UInt8(ascii: "t")
            {
                return true
            }
            previousIsDigit = byte >= 0x30 && byte <= 0x39
        }
        return false
    }

    private static let romanceLocales = ["es", "pt"].map(Locale.init(identifier:))

    /// The patterns, built once: a regex literal is parsed again each time it is evaluated.
    private enum FormPatterns {
        // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
        nonisolated(unsafe) static let dottedYearFirst = /\b(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\b/
        nonisolated(unsafe) static let romance = /\b(\d{1,2})\s+de\s+(\p{L}+)\s+(?:de|del)\s+(\d{4})\b/
        nonisolated(unsafe) static let ordinalOrHyphenated =
            /\b(\d{1,2})(?:st|nd|rd|th|-)(?:\s+of)?\s*(\p{L}{3,})\.?,?[\s-]+(\d{4})\b/
        nonisolated(unsafe) static let yearMonthDay = /\b(\d{4})\s+(\p{L}{3,})\.?\s+(\d{1,2})\b/
        nonisolated(unsafe) static let eastAsian = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/
    }
}
