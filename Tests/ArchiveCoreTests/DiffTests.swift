import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct DiffTests {
    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    static let first = """
        Заявление пресс-службы

        Дата публикации: 10.01.2024

        Сенат соберётся в понедельник в полдень.

        В повестке дня бюджет на 2024 год.

        Посетители приглашаются.
        """
    static let second = """
        Заявление пресс-службы

        Дата публикации: 10.01.2024
        Дата обновления: 01.02.2024

        Сенат соберётся в понедельник в полдень. Заседание будет открытым.

        В повестке дня бюджет на 2024 год.

        Посетители приглашаются.
        """

    static func archive(in folder: URL, _ texts: [(String, String)]) async throws -> Archive {
        let archive = try await Archive.makeForTesting(in: folder)
        for (date, text) in texts {
            _ = try await archive.ingest(
                IngestRequest(data: Data(text.utf8), name: "notice.txt", documentID: "notice", capturedAt: day(date)),
                registry: .builtIn
            )
        }
        return archive
    }

    @Test func oneSentenceAndAnUpdateDateAreExactlyWhatChanged() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder, [("2024-01-10", Self.first), ("2024-02-01", Self.second)])
            let diff = try await archive.diff("notice", from: .date(Self.day("2024-01-20")), to: .ordinal(2))
            #expect(diff.fields.map(\.field) == ["updated"])
            #expect(diff.fields.first?.from == nil && diff.fields.first?.to == "2024-02-01T00:00:00.000Z")
            #expect(diff.paragraphs.count == 1)
            let change = try #require(diff.paragraphs.first)
            #expect(change.kind == .changed && change.fromParagraph == 1 && change.toParagraph == 1)
            #expect(
                change.words == [
                    .init(kind: .same, text: "Сенат соберётся в понедельник в полдень."),
                    .init(kind: .added, text: "Заседание будет открытым."),
                ]
            )
            let versions = try await archive.catalog.versions(of: "notice")
            #expect(
                diff.unified() == """
                    --- notice version \(versions[0].id) captured 2024-01-10T00:00:00.000Z
                    +++ notice version \(versions[1].id) captured 2024-02-01T00:00:00.000Z
                    @@ updated @@
                    -
                    +2024-02-01T00:00:00.000Z
                    @@ paragraph 1 -> 1 changed @@
                    ~Сенат соберётся в понедельник в полдень. {+Заседание будет открытым.+}

                    """
            )
            // 3 added words of all the words of both texts.
            var total = 0
            for version in versions {
                total += try await archive.content(of: version).document.blocks.reduce(0) {
                    $0 + $1.text.split(whereSeparator: \.isWhitespace).count
                }
            }
            #expect(abs(diff.changedShare - 3.0 / Double(total)) < 1e-9)
            // The same version on both sides: nothing changed.
            let same = try await archive.diff("notice", from: .ordinal(2), to: .id(versions[1].id))
            #expect(same.isEmpty && same.changedShare == 0)
        }
    }

    @Test func paragraphsRemovedAddedAndChangedWordByWord() async throws {
        try await withTemporaryFolder { folder in
            let old =
                "Хабарландыру\n\nБірінші абзац өзгермейді.\n\nЕкінші абзац жойылады мүлдем.\n\nҮшінші абзацта бір сөз ауысады."
            let new =
                "Хабарландыру\n\nБірінші абзац өзгермейді.\n\nҮшінші абзацта екі сөз ауысады.\n\nЖаңа абзац қосылды."
            let archive = try await Self.archive(in: folder, [("2024-03-01", old), ("2024-03-02", new)])
            let diff = try await archive.diff("notice", from: .ordinal(1), to: .ordinal(2))
            #expect(diff.fields.isEmpty)
            #expect(diff.paragraphs.map(\.kind) == [.removed, .changed, .added])
            #expect(diff.paragraphs[0].words == [.init(kind: .removed, text: "Екінші абзац жойылады мүлдем.")])
            #expect(
                diff.paragraphs[1].words == [
                    .init(kind: .same, text: "Үшінші абзацта"), .init(kind: .removed, text: "бір"),
                    .init(kind: .added, text: "екі"), .init(kind: .same, text: "сөз ауысады."),
                ]
            )
            #expect(diff.paragraphs[2].toParagraph == 3)
            let html = diff.html()
            #expect(
                html.hasPrefix("<!DOCTYPE html>") && html.contains("<del>бір</del>") && html.contains("<ins>екі</ins>")
            )
            // History: the share of words changed against the version before.
            let shares = try await archive.changedShares(of: "notice")
            let versions = try await archive.catalog.versions(of: "notice")
            #expect(shares[versions[0].id] == nil)
            #expect(shares[versions[1].id] == diff.changedShare && diff.changedShare > 0 && diff.changedShare < 1)
        }
    }

    /// A long paragraph of few distinct words that gains a sentence of many new ones is changed, by the words it
    /// gained, not removed and added whole.
    @Test func aParagraphOfFewWordsThatGrowsIsChangedNotReplaced() async throws {
        try await withTemporaryFolder { folder in
            let vocabulary = ["budget", "council", "city", "school", "road", "water", "park", "health", "tax", "plan"]
            let long = (0..<2_000).map { vocabulary[($0 * 7 + $0 / 10) % vocabulary.count] }.joined(separator: " ")
            let added = (1...60).map { "race\($0) more words\($0)" }.joined(separator: " ")
            let archive = try await Self.archive(
                in: folder,
                [("2024-03-01", "Report\n\n\(long)."), ("2024-03-02", "Report\n\n\(long) \(added).")]
            )
            let diff = try await archive.diff("notice", from: .ordinal(1), to: .ordinal(2))
            #expect(diff.paragraphs.map(\.kind) == [.changed])
            #expect(diff.changedShare > 0.02 && diff.changedShare < 0.1, "\(diff.changedShare)")
        }
    }

    /// Twenty thousand paragraphs, each with one word changed: every paragraph is a changed one with its word (a diff
    /// whose cost grew with the square of the paragraphs took minutes on such versions, and `history` runs it).
    @Test func aLongTextChangedEverywhereIsComparedParagraphByParagraph() async throws {
        try await withTemporaryFolder { folder in
            let paragraphs = (0..<20_000).map { "Item \($0) of the register is open." }
            let changed = paragraphs.map { $0.replacingOccurrences(of: "open", with: "closed") }
            let archive = try await Self.archive(
                in: folder,
                [
                    ("2024-03-01", (["Register"] + paragraphs).joined(separator: "\n\n")),
                    ("2024-03-02", (["Register"] + changed).joined(separator: "\n\n")),
                ]
            )
            let diff = try await archive.diff("notice", from: .ordinal(1), to: .ordinal(2))
            #expect(diff.paragraphs.count == 20_000 && diff.paragraphs.allSatisfy { $0.kind == .changed })
            #expect(diff.paragraphs.last?.words.filter { $0.kind != .same }.map(\.text) == ["open.", "closed."])
            #expect(abs(diff.changedShare - 2.0 / 14.0) < 0.01, "\(diff.changedShare)")
        }
    }

    @Test func versionsAreNamedByDateNumberOrIdAndBadNamesAreClearErrors() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder, [("2024-01-10", Self.first), ("2024-02-01", Self.second)])
            #expect(try VersionSelector(parsing: "2", field: .from) == .ordinal(2))
            #expect(
                try VersionSelector(parsing: "2024-01-10", field: .from)
                    == .date(try ArchiveDate.parse("2024-01-10", field: "test", anchor: .endOfDay))
            )
            #expect(try VersionSelector(parsing: "abc-1", field: .from) == .id("abc-1"))
            // A date that does not exist names the option or parameter it came in.
            let impossible = try #require(throws: ArchiveError.self) {
                try VersionSelector(parsing: "2024-02-30", field: .from)
            }
            #expect(impossible.field == .from)
            // A version id copied in upper case names the version.
            let second = try #require(try await archive.catalog.versions(of: "notice").last)
            #expect(
                try VersionSelector(parsing: second.id.uppercased(), field: .to) == .id(second.id)
            )
            #expect(try await archive.diff("notice", from: .ordinal(1), to: .id(second.id)).paragraphs.count > 0)
            #expect(throws: ArchiveError.self) { try VersionSelector(parsing: " ", field: .from) }
            for (selector, code) in [
                (VersionSelector.date(Self.day("2023-01-01")), ArchiveError.Code.beforeFirstCapture),
                (.ordinal(3), .unknownVersion),
                (.id("no-such-version"), .unknownVersion),
            ] {
                await #expect(throws: ArchiveError.self) {
                    do {
                        _ = try await archive.diff("notice", from: selector, to: .ordinal(2))
                    } catch let error as ArchiveError {
                        #expect(error.code == code, "\(error.message)")
                        throw error
                    }
                }
            }
            await #expect(throws: ArchiveError.self) {
                _ = try await archive.diff("nothing", from: .ordinal(1), to: .ordinal(2))
            }
        }
    }
}
