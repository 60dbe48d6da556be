import ArchiveCore
import ArchiveTesting
import Foundation
import GRDB
import Testing

/// Phrases of two frequent words, on a real catalog file whose index counts every version and calls a term frequent
/// from three versions on: the index keeps their pairs from then on, and a phrase finds the same versions before and
/// after, read there by its words' positions and here by its pair.
@Suite struct FrequentPairTests {
    static let frequency = SearchFrequency(sampleEvery: 1, promotedAt: 3)

    /// The texts, oldest first; each is one document's only version, captured a day after the one before.
    static let texts = [
        ("old-together", "The harbour ferry leaves at noon."),
        ("old-reversed", "A ferry harbour was planned."),
        ("old-apart", "The harbour saw a ferry and a timetable."),
        // The fourth version is the first indexed after both words became frequent.
        ("new-together", "Our harbour ferry timetable changed."),
        ("new-reversed", "Each ferry harbour was closed."),
        ("new-apart", "One harbour, one ferry, one timetable."),
    ]

    static func day(_ index: Int) -> Date {
        Date(timeIntervalSince1970: 1_704_067_200 + Double(index) * 86_400)
    }

    static func version(_ index: Int) -> (Version, IndexedText) {
        version(index, of: texts[index].0, text: texts[index].1)
    }

    /// The `index`th version of the catalog: document `id`, captured on day `index`, holding `text`.
    static func version(_ index: Int, of id: String, text: String) -> (Version, IndexedText) {
        let version = Version(
            id: String(format: "%08x", index),
            documentID: id,
            capturedAt: day(index),
            sha256: String(repeating: "0", count: 64),
            size: 1,
            bundlePath: "pairs/\(index)",
            format: DocumentFormat(rawValue: "text"),
            importer: "text",
            originalExtension: "txt",
            title: nil
        )
        return (version, IndexedText(title: nil, body: text))
    }

    static func found(_ query: String, at: Date? = nil, in catalog: SQLiteCatalog) async throws -> Set<String> {
        Set(try await catalog.search(SearchRequest(query: SearchQuery(query), at: at)).hits.map(\.version.documentID))
    }

    /// The index rows (in capture order, from 1) that hold a token.
    static func rows(holding token: String, in path: String) async throws -> [Int64] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try await queue.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, searchText, 'instance')")
            return try Int64.fetchAll(
                db,
                sql: "SELECT DISTINCT doc FROM temp.terms WHERE term = ? ORDER BY doc",
                arguments: [token]
            )
        }
    }

    @Test func phrasesOfFrequentWordsFindTheSameVersionsBeforeAndAfterTheirPairsAreKept() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appending(path: "catalog.sqlite").path
            // Two values on one file, as a server and a command line are: the second indexes the first version, the
            // first the next three (and records the words as frequent), and the second the rest, with their pairs.
            let first = try SQLiteCatalog(path: path, searchFrequency: Self.frequency)
            let second = try SQLiteCatalog(path: path, searchFrequency: Self.frequency)
            let entries = Self.texts.indices.map(Self.version)
            try await first.replaceAll(versions: entries.map(\.0), observations: [], events: [])
            for (index, entry) in entries.enumerated() {
                try await (1...3 ~= index ? first : second).index([entry], complete: index == entries.count - 1)
            }
            // "ferry" is held as its stem.
            #expect(try await Self.rows(holding: "harbour\u{B7}ferri", in: path) == [4])
            #expect(try await Self.rows(holding: "ferri\u{B7}harbour", in: path) == [5])
            #expect(try await Self.rows(holding: "ferri\u{B7}timet", in: path).isEmpty)

            for catalog in [first, second] {
                #expect(try await Self.found("\"harbour ferry\"", in: catalog) == ["old-together", "new-together"])
                #expect(try await Self.found("\"ferry harbour\"", in: catalog) == ["old-reversed", "new-reversed"])
                #expect(try await Self.found("\"harbour ferry timetable\"", in: catalog) == ["new-together"])
                #expect(try await Self.found("\"harbour ferry\" NOT noon", in: catalog) == ["new-together"])
                #expect(try await Self.found("\"harbour ferry\" OR \"ferry harbour\"", in: catalog).count == 4)
                #expect(try await Self.found("harbour-fer*", in: catalog) == ["old-together", "new-together"])
                #expect(
                    try await Self.found("harbour ferry", in: catalog)
                        == Set(Self.texts.map(\.0))
                )
                // As the archive stood before the pairs were kept, and after.
                #expect(try await Self.found("\"harbour ferry\"", at: Self.day(2), in: catalog) == ["old-together"])
                #expect(
                    try await Self.found("\"harbour ferry\"", at: Self.day(3), in: catalog)
                        == ["old-together", "new-together"]
                )
            }
        }
    }

    /// A prefix after a frequent word expands to pairs held from ten different keys; the search reads them in fewer
    /// ranges, each reading as pairs only those its rows hold, and finds every version.
    @Test func aPrefixOfManyFrequentPairsFindsEveryVersion() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appending(path: "catalog.sqlite").path
            let catalog = try SQLiteCatalog(path: path, searchFrequency: Self.frequency)
            var texts = (0..<3).map { ("harbour-\($0)", "The harbour notes \($0).") }
            // Three versions make each word frequent; the fourth holds its pair.
            for letter in "abcdefghij" {
                texts += (0..<4).map { ("zq\(letter)-\($0)", "Notes on the harbour zq\(letter) today.") }
            }
            let entries = texts.enumerated().map { index, text in Self.version(index, of: text.0, text: text.1) }
            try await catalog.replaceAll(versions: entries.map(\.0), observations: [], events: [])
            for entry in entries { try await catalog.index([entry], complete: false) }
            let held = try await Self.rows(holding: "harbour\u{B7}zqj", in: path)
            #expect(held == [Int64(entries.count)])
            let found = try await catalog.search(SearchRequest(query: SearchQuery("harbour-zq*"), limit: 100)).hits
            #expect(Set(found.map(\.version.documentID)) == Set(texts.dropFirst(3).map(\.0)))
        }
    }

    @Test func aRebuiltIndexCountsAgain() async throws {
        try await withTemporaryFolder { folder in
            let path = folder.appending(path: "catalog.sqlite").path
            let catalog = try SQLiteCatalog(path: path, searchFrequency: Self.frequency)
            let entries = Self.texts.indices.map(Self.version)
            for _ in 0..<2 {
                try await catalog.replaceAll(versions: entries.map(\.0), observations: [], events: [])
                for entry in entries { try await catalog.index([entry], complete: false) }
                #expect(try await Self.found("\"harbour ferry\"", in: catalog) == ["old-together", "new-together"])
            }
            // Keys are never reused: the second filling's fourth row is the tenth.
            #expect(try await Self.rows(holding: "harbour\u{B7}ferri", in: path) == [10])
        }
    }
}
