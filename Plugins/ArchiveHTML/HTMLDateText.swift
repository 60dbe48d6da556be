import ArchiveCore
import Foundation

/// Dates as web pages print them: the forms ``DateText`` reads, and the numeric forms of East Asian pages
/// (`2023.11.02.`, `2020年07月12日`, `2023년 11월 2일`).
enum HTMLDateText {
    /// The first date in `text`, as midnight UTC, or `nil`.
    static func firstDate(in text: String) -> Date? {
        if let date = DateText.firstDate(in: text) { return date }
        guard DateText.mayContainDate(text) else { return nil }
        for pattern in [Patterns.dottedYearFirst, Patterns.eastAsian] {
            if let match = text.firstMatch(of: pattern),
                let date = day(Int(match.1), Int(match.2), Int(match.3))
            {
                return date
            }
        }
        return nil
    }

    private static func day(_ year: Int?, _ month: Int?, _ day: Int?) -> Date? {
        guard let year, let month, let day, (1900...2200).contains(year) else { return nil }
        return DateText.firstDate(in: String(format: "%04d-%02d-%02d", year, month, day))
    }

    /// The patterns, built once: a regex literal is parsed again each time it is evaluated.
    private enum Patterns {
        // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
        nonisolated(unsafe) static let dottedYearFirst = /\b(\d{4})\.\s?(\d{1,2})\.\s?(\d{1,2})\b/
        nonisolated(unsafe) static let eastAsian = /(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]/
    }
}
