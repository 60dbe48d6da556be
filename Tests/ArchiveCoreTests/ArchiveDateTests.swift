import ArchiveCore
import Foundation
import Testing

/// The days and date-times the archive reads and prints are computed, not set up through a calendar: they must be
/// exactly what Foundation's ISO 8601 format style reads and writes.
@Suite struct ArchiveDateTests {
    private static let dayStyle = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
    private static let dateTimeStyle = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// Foundation's reading of `YYYY-MM-DD`, with the day required to exist (it would roll 30 February over).
    private static func foundationDay(_ text: String) -> Date? {
        guard let date = try? dayStyle.parse(text), date.formatted(dayStyle) == text else { return nil }
        return date
    }

    /// Every day of 1890 to 2110, and every eleventh day from 1600 to 9999: printed and read as Foundation does.
    @Test func daysArePrintedAndReadAsFoundationDoes() throws {
        let first = -135_140  // 1600-01-01
        let last = 2_932_896  // 9999-12-31
        var days = Array(stride(from: first, through: last, by: 11)) + Array(-29_220...51_135)
        days += [first, last]
        for day in days {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400)
            let text = date.formatted(Self.dayStyle)
            #expect(ArchiveDate.formatDay(date) == text)
            #expect(try ArchiveDate.parse(text, field: "day") == date, "\(text)")
            #expect(
                try ArchiveDate.parse(text, field: "day", anchor: .endOfDay).milliseconds
                    == date.milliseconds + 86_400_000 - 1
            )
        }
    }

    /// Days that do not exist, or are not written `YYYY-MM-DD` in ASCII digits, are refused as Foundation refuses them.
    @Test func daysThatDoNotExistAreRefused() {
        let texts = [
            "2023-02-29", "2100-02-29", "1900-02-29", "2022-04-31", "2022-00-10", "2022-13-01", "2022-01-00",
            "2022-1-011", "２０２２-01-01", "2022/01/01", "20220-1-01", "2022-01-1a", "2000-02-29", "2024-02-29",
            "1600-02-29", "9999-12-31", "1599-12-31", "0999-01-01",
        ]
        for text in texts {
            let ours = try? ArchiveDate.parse(text, field: "day")
            #expect(ours == Self.foundationDay(text), "\(text)")
        }
        #expect(Self.foundationDay("2000-02-29") != nil)
        #expect(Self.foundationDay("2100-02-29") == nil)
    }

    /// Spaces and tabs around a typed date are dropped, as before; a line break is not a space.
    @Test func spacesAroundADateAreDropped() throws {
        let day = try ArchiveDate.parse("2024-03-01", field: "day")
        for text in [" 2024-03-01", "2024-03-01 ", "\t2024-03-01\t", " \u{00A0}2024-03-01"] {
            #expect(try ArchiveDate.parse(text, field: "day") == day, "\(text.debugDescription)")
        }
        #expect(throws: ArchiveError.self) { try ArchiveDate.parse("\n2024-03-01", field: "day") }
        #expect(
            try ArchiveDate.parse(" 2024-03-01T10:15:00+05:00 ", field: "at")
                == ArchiveDate.parse("2024-03-01T05:15:00Z", field: "at")
        )
    }

    /// Date-times are read exactly: a time that does not exist is refused rather than rolled over, a leap second is the
    /// last second of its minute, and a fraction is cut to milliseconds, of any length, never rounded up.
    @Test func dateTimesAreReadExactly() throws {
        func parse(_ text: String) throws -> Int64 { try ArchiveDate.parse(text, field: "at").milliseconds }
        let base = try parse("2024-02-01T10:00:00Z")
        #expect(try parse("2024-02-01T10:00:00.4999Z") == base + 499)
        #expect(try parse("2024-02-01T10:00:00.123456789012Z") == base + 123)
        #expect(try parse("2024-02-01T10:00:00.5Z") == base + 500)
        #expect(try parse("2024-02-01T10:00:59Z") == base + 59_000)
        #expect(try parse("2024-02-01T10:00:60Z") == base + 59_999)
        #expect(try parse("2024-02-01T10:00:60.5Z") == base + 59_999)
        #expect(try parse("2016-12-31T23:59:60Z") == parse("2016-12-31T23:59:59.999Z"))
        #expect(try parse("2024-02-01T12:30:00+02:30") == base)
        #expect(
            try parse("2024-02-01T10:00:00Z") == ArchiveDate.parse("2024-02-01T10:00:00.000Z", field: "at").milliseconds
        )
        for text in [
            "2024-02-01T24:00:00Z", "2024-02-01T10:60:00Z", "2024-02-01T10:00:61Z", "2024-02-30T10:00:00Z",
            "2024-02-01T10:00Z", "2024-02-01T10:00:00.Z", "2024-02-01T10:00:00", "2024-02-01T10:00:00+24:00",
            "2024-02-01T1:00:00Z",
        ] {
            #expect(throws: ArchiveError.self, "\(text)") { try ArchiveDate.parse(text, field: "at") }
        }
    }

    /// Date-times, with fractions and before 1970, print with whole seconds as Foundation prints them.
    @Test func dateTimesArePrintedAsFoundationDoes() {
        var generator = SystemRandomNumberGenerator()
        var seconds: [Double] = [0, -0.001, -1, 0.999, 86_399.999, -86_400, -11_676_096_000, 253_402_300_799.999]
        for _ in 0..<20_000 {
            let whole = Double(Int64.random(in: -11_676_096_000...253_402_300_799, using: &generator))
            seconds.append(whole + Double(Int.random(in: 0...999, using: &generator)) / 1000)
        }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(ArchiveDate.format(date) == date.formatted(Self.dateTimeStyle), "\(value)")
            #expect(ArchiveDate.parseStored(ArchiveDate.formatPrecise(date)) == ArchiveDate.roundedToMilliseconds(date))
        }
    }
}
