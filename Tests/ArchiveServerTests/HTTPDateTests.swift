import ArchiveCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ArchiveServer

/// Accept-Datetime is an HTTP date in one of its three forms, read exactly; anything else is a 400 that says why.
@Suite struct HTTPDateTests {
    static let expected = try! ArchiveDate.parse("2022-03-01T10:00:00Z", field: "test")

    @Test(arguments: [
        "Tue, 01 Mar 2022 10:00:00 GMT",
        "Tuesday, 01-Mar-22 10:00:00 GMT",
        "Tue Mar  1 10:00:00 2022",
    ])
    func theThreeFormsOfAnHTTPDateAreRead(text: String) throws {
        #expect(try HTTPDate.parse(text, field: "Accept-Datetime") == Self.expected)
    }

    @Test(arguments: [
        ("Tue, 01 Mar 20220 10:00:00 GMT", "is not an HTTP date"),
        ("Tue,01 Mar 2022 10:00:00 GMT", "is not an HTTP date"),
        ("Tue, 1 Mar 2022 10:00:00 GMT", "is not an HTTP date"),
        ("tue, 01 mar 2022 10:00:00 GMT", "is not an HTTP date"),
        ("Tue, 01 Mar 2022 10:00:00 UTC", "is not an HTTP date"),
        ("Tue, 01 Mar 2022 24:00:00 GMT", "is not an HTTP date"),
        ("Tue, 01 Mar 2022 10:00:00 GMT ", "is not an HTTP date"),
        ("Mon, 30 Feb 2022 10:00:00 GMT", "there is no 30 Feb 2022"),
        ("Wed, 01 Mar 2022 10:00:00 GMT", "is a Tuesday, not Wed"),
        ("Monday, 01-Mar-22 10:00:00 GMT", "is a Tuesday, not Mon"),
    ])
    func anythingLooserIsRefusedWithTheReason(text: String, reason: String) {
        let error = #expect(throws: ArchiveError.self) { try HTTPDate.parse(text, field: "Accept-Datetime") }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.hasPrefix("Accept-Datetime: ") == true)
    }

    /// HTTP dates are in the proleptic Gregorian calendar, before the reform of 1582 too, as ISO 8601 dates are
    /// (the seconds since 1970 as Python's proleptic `datetime` counts them).
    @Test(arguments: [
        ("Wed, 01 Jan 1000 00:00:00 GMT", -30_610_224_000), ("Sun, 10 Oct 1582 12:00:00 GMT", -12_219_681_600),
        ("Tue, 29 Feb 1600 00:00:00 GMT", -11_670_998_400),
    ])
    func datesBeforeTheReformAreGregorian(text: String, seconds: Int) throws {
        #expect(try HTTPDate.parse(text, field: "Accept-Datetime").timeIntervalSince1970 == TimeInterval(seconds))
    }

    @Test func aTwoDigitYearIsNeverMoreThanFiftyYearsAhead() throws {
        let now = try ArchiveDate.parse("2026-12-06", field: "test")
        // 2076 is fifty years ahead, not more; 2077 would be, so "77" is 1977.
        let ahead = try HTTPDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", field: "f", now: now)
        #expect(ahead == (try ArchiveDate.parse("2076-01-01T00:00:00Z", field: "test")))
        let back = try HTTPDate.parse("Saturday, 01-Jan-77 00:00:00 GMT", field: "f", now: now)
        #expect(back == (try ArchiveDate.parse("1977-01-01T00:00:00Z", field: "test")))
    }

    @Test func theTimeGateAnswersAWrongWeekdayWithTheRightOne() async throws {
        try await LiveServer.run { _, client in
            let gate = try await client.execute(
                uri: "/timegate/a/b",
                method: .get,
                headers: [.acceptDatetime: "Mon, 01 Mar 2022 10:00:00 GMT"]
            )
            #expect(gate.status == .badRequest && gate.text.contains("is a Tuesday"), "\(gate.text)")
            let obsolete = try await client.execute(
                uri: "/timegate/a/b",
                method: .get,
                headers: [.acceptDatetime: "Tue Mar  1 10:00:00 2022"]
            )
            #expect(obsolete.status == .found, "\(obsolete.text)")
        }
    }
}
