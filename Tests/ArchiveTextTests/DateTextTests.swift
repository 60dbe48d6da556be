import ArchiveCore
import ArchiveText
import Foundation
import Testing

@Suite struct DateTextTests {
    static let march1 = try! ArchiveDate.parse("2022-03-01", field: "test")

    @Test(arguments: [
        "01 марта 2022", "1 марта 2022 г.", "1 наурыз 2022", "2022 жылғы 1 наурыз", "1 March 2022", "March 1, 2022",
        "2022-03-01", "01.03.2022", "Дата публикации: 01 марта 2022, 10:30", "1 березня 2022", "1. März 2022",
        "2022/03/01", "03/01/2022", "Party, 01.03.22",
        // Less common forms, for every importer: East Asian, Spanish and Portuguese long forms, ordinals, hyphens.
        "2022.03.01. 오후 8:06", "2022年03月01日", "2022년 3월 1일", "Lima, 1 de marzo de 2022", "1 de março de 2022",
        "Tuesday 1st March 2022", "01-Mar-2022", "2022 Mar 1", "2022 March 1",
    ])
    func parsesThePrintedForms(_ text: String) {
        #expect(DateText.firstDate(in: text) == Self.march1, "\(text)")
    }

    @Test(arguments: ["no date here", "32.13.2022", "Room 101", "1 Foo 2022", "© 2024", "2022 Foo 1", "2022 Mar 40"])
    func findsNothingWhereThereIsNoDate(_ text: String) {
        #expect(DateText.firstDate(in: text) == nil, "\(text)")
    }

    @Test func labelsInThreeLanguages() {
        #expect(DateLabel.match("Дата публикации")?.label == .published)
        #expect(DateLabel.match("Дата обновления: 01.03.2022")?.rest == "01.03.2022")
        #expect(DateLabel.match("Жарияланған күні 20 наурыз 2024")?.label == .published)
        #expect(DateLabel.match("Жаңартылған күні")?.label == .updated)
        #expect(DateLabel.match("Last updated: 2 May 2024")?.label == .updated)
        #expect(DateLabel.match("Stand: 26.10.2023")?.rest == "26.10.2023")
        #expect(DateLabel.match("Datum")?.label == .published)
        #expect(DateLabel.match("Publish date: 15 November 2018")?.rest == "15 november 2018")
        #expect(DateLabel.match("Published date")?.label == .published)
        #expect(DateLabel.match("Publishedness matters") == nil)
        #expect(DateLabel.match("The party published a statement") == nil)
    }

    @Test func dayFirstSlashesAndFutureTwoDigitYears() {
        #expect(DateText.firstDate(in: "13/03/2022") == (try! ArchiveDate.parse("2022-03-13", field: "test")))
        #expect(DateText.firstDate(in: "Version 1.2.99") == nil, "a two-digit year is never in the future")
        #expect(!DateText.mayContainDate("12 comments, 3:45"))
        #expect(DateText.mayContainDate("1.3.22") && DateText.mayContainDate("Since 2019"))
    }

    @Test func archiveDatesRoundTripAndAnchorDays() throws {
        let end = try ArchiveDate.parse("2022-03-01", field: "--at", anchor: .endOfDay)
        #expect(ArchiveDate.formatPrecise(end) == "2022-03-01T23:59:59.999Z")
        let zoned = try ArchiveDate.parse("2022-03-01T10:15:00+05:00", field: "--at")
        #expect(ArchiveDate.format(zoned) == "2022-03-01T05:15:00Z")
        let old = try ArchiveDate.parse("1969-12-31T23:59:59.250Z", field: "--at")
        #expect(ArchiveDate.formatPrecise(old) == "1969-12-31T23:59:59.250Z")
        let precise = try ArchiveDate.parse("2022-03-01T10:15:00.250Z", field: "--at")
        #expect(ArchiveDate.parseStored(ArchiveDate.formatPrecise(precise)) == precise)
        // RFC 3339 allows offsets up to ±23:59, wider than Foundation's time zones.
        let wide = try ArchiveDate.parse("2022-03-01T23:30:00.5+23:44", field: "--at")
        #expect(ArchiveDate.formatPrecise(wide) == "2022-02-28T23:46:00.500Z")
        let west = try ArchiveDate.parse("2022-03-01T00:00:00-19:30", field: "--at")
        #expect(ArchiveDate.format(west) == "2022-03-01T19:30:00Z")
        #expect(throws: ArchiveError.self) { try ArchiveDate.parse("2022-03-01T00:00:00+24:00", field: "--at") }
        #expect(throws: ArchiveError.self) { try ArchiveDate.parse("2022-02-30T00:00:00+20:00", field: "--at") }
        #expect(throws: ArchiveError.self) { try ArchiveDate.parse("2022-02-30", field: "--at") }
        #expect(throws: ArchiveError.self) { try ArchiveDate.parse("2022-02-28T24:30:00Z", field: "--at") }
    }

    @Test func languageGuesses() {
        #expect(LanguageGuess.language(of: "The party held its congress in the capital and the people voted.") == "en")
        #expect(LanguageGuess.language(of: "Партия провела съезд в столице, и люди проголосовали за решение.") == "ru")
        #expect(
            LanguageGuess.language(of: "Ұлттық кітапхана қолжазбаларды цифрландыруды бастады және оқырмандарға ашады.")
                == "kk"
        )
        #expect(LanguageGuess.language(of: "ok") == nil)
    }
}
