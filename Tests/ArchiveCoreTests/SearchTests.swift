import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct SearchTests {
    static let russian = """
        Публичные слушания по бюджету

        В Астане прошли публичные слушания о государственном бюджете. Депутаты обсудили реформы налоговой системы \
        и новогоднюю ёлку на главной площади.
        """
    static let kazakh = """
        Мектептердегі жаңа оқу жылы

        Биыл республикадағы мектептерде оқу жылы қыркүйектің бірінде басталды. Мектептеріміздегі оқушылар саны \
        артты. Қала әкімдігі жаңа оқулықтарды таратты.
        """
    static let english = """
        Parliament approves the budget

        The lower chamber approved the state budget after two readings. Several amendments on regional spending \
        were rejected.
        """

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    /// An archive holding the three documents above, captured on 2024-01-01.
    static func archive(in folder: URL) async throws -> Archive {
        let archive = try await Archive.makeForTesting(in: folder)
        for (id, text) in [("news/ru", russian), ("news/kk", kazakh), ("news/en", english)] {
            _ = try await archive.ingest(
                IngestRequest(data: Data(text.utf8), name: "\(id).txt", documentID: id, capturedAt: day("2024-01-01")),
                registry: .builtIn
            )
        }
        return archive
    }

    static func found(_ query: String, in archive: Archive, at: Date? = nil) async throws -> [String] {
        try await archive.search(SearchRequest(query: SearchQuery(query), at: at)).hits.map(\.documentID)
    }

    @Test func russianWordsAreFoundInTheirInflectedForms() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            for query in ["слушание", "слушаний", "бюджет", "бюджетами", "реформа", "Реформ", "государственный"] {
                #expect(try await Self.found(query, in: archive) == ["news/ru"], "query \(query)")
            }
            // ё folds to е, й stays й: "ёлку" is found as "елка", and "иод" is not "йод".
            #expect(try await Self.found("елка", in: archive) == ["news/ru"])
            #expect(try await Self.found("Ёлки", in: archive) == ["news/ru"])
            #expect(try await Self.found("бюдж*", in: archive) == ["news/ru"])
            #expect(try await Self.found("*налогов", in: archive) == ["news/ru"])
            #expect(try await Self.found("налогообложение", in: archive).isEmpty)
        }
    }

    @Test func kazakhWordsAreFoundByPrefixAndSubstringWithTheirOwnLetters() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            // Kazakh letters are letters: қала is not кала, оқу is not оку.
            #expect(try await Self.found("қала", in: archive) == ["news/kk"])
            #expect(try await Self.found("кала", in: archive).isEmpty)
            #expect(try await Self.found("оку", in: archive).isEmpty)
            // A Kazakh word matches its suffixed forms; prefixes and substrings too.
            for query in ["мектеп", "Мектептер", "оқушы", "оқу*", "*ектептері*", "*күйек*", "респуб*"] {
                #expect(try await Self.found(query, in: archive) == ["news/kk"], "query \(query)")
            }
        }
    }

    @Test func englishWordsPhrasesPrefixesAndOperators() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            #expect(try await Self.found("approving", in: archive) == ["news/en"])
            #expect(try await Self.found("AMENDMENT", in: archive) == ["news/en"])
            #expect(try await Self.found("\"state budget\"", in: archive) == ["news/en"])
            #expect(try await Self.found("\"budget state\"", in: archive).isEmpty)
            #expect(try await Self.found("amend*", in: archive) == ["news/en"])
            #expect(try await Self.found("budget амендмент", in: archive).isEmpty)
            #expect(Set(try await Self.found("budget OR бюджет", in: archive)) == ["news/en", "news/ru"])
            #expect(try await Self.found("budget NOT rejected", in: archive).isEmpty)
            #expect(try await Self.found("budget AND (rejected OR мектеп)", in: archive) == ["news/en"])
            #expect(try await Self.found("(бюджет OR budget) NOT reading", in: archive) == ["news/ru"])
        }
    }

    /// A phrase is its words standing together, in order, within the title or within the main text: common words
    /// that a text holds apart, or in another order, are not the phrase.
    @Test func phrasesAreWordsThatStandTogether() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for (id, text) in [
                ("together", "Harbour notes\n\nThe ferry did not sail on Sunday, and the harbour was closed."),
                (
                    "apart",
                    "Harbour notes\n\nNot one ferry sailed on the day, and on Sunday the harbour was not closed."
                ),
            ] {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "\(id).txt",
                        documentID: id,
                        capturedAt: Self.day("2024-01-01")
                    ),
                    registry: .builtIn
                )
            }
            #expect(try await Self.found("\"did not sail\"", in: archive) == ["together"])
            #expect(try await Self.found("\"the harbour\"", in: archive).sorted() == ["apart", "together"])
            #expect(try await Self.found("\"on sunday\"", in: archive).sorted() == ["apart", "together"])
            #expect(try await Self.found("\"sunday and\"", in: archive) == ["together"])
            #expect(try await Self.found("\"not closed\"", in: archive) == ["apart"])
            #expect(try await Self.found("\"closed not\"", in: archive).isEmpty)
            #expect(try await Self.found("\"the ferry did not sail\"", in: archive) == ["together"])
            #expect(try await Self.found("\"ferry did sail\"", in: archive).isEmpty)
            // Stemmed as words are: "sail on" and "sailed on" are the phrase "sailing on".
            #expect(try await Self.found("\"sailing on\"", in: archive).sorted() == ["apart", "together"])
            #expect(try await Self.found("\"the harbour\" NOT \"not closed\"", in: archive) == ["together"])
            #expect(try await Self.found("\"harbour notes\" \"did not\"", in: archive) == ["together"])
            // A word joined to a prefix by a hyphen is a phrase whose last word is the prefix.
            #expect(try await Self.found("ferry-di*", in: archive) == ["together"])
            #expect(try await Self.found("ferry-sa*", in: archive) == ["apart"])
        }
    }

    @Test func russianAndKazakhPhrasesWithAndWithoutFunctionWords() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            #expect(try await Self.found("\"слушания по бюджету\"", in: archive) == ["news/ru"])
            #expect(try await Self.found("\"слушание о\"", in: archive) == ["news/ru"])
            #expect(try await Self.found("\"о слушаниях\"", in: archive).isEmpty)
            #expect(try await Self.found("\"публичные слушания\"", in: archive) == ["news/ru"])
            #expect(try await Self.found("\"слушания публичные\"", in: archive).isEmpty)
            #expect(try await Self.found("\"жаңа оқу жылы\"", in: archive) == ["news/kk"])
            #expect(try await Self.found("\"оқу жаңа\"", in: archive).isEmpty)
        }
    }

    /// The index holds the pairs of neighbouring terms of which one is a function word, within the title and within
    /// the main text.
    @Test func pairsWithAFunctionWordAreIndexed() {
        let text = IndexedText(title: "Parliament approves the budget", body: "Бюджет на год и налоги. Ferry harbour")
        #expect(text.titlePairs == "approv\u{B7}the the\u{B7}budget")
        #expect(text.bodyPairs == "бюджет\u{B7}на на\u{B7}год год\u{B7}и и\u{B7}налог")
        #expect(IndexedText(title: "The", body: "").titlePairs.isEmpty)
        #expect(IndexedText(title: "Оқу және білім", body: "").titlePairs == "оқу\u{B7}және және\u{B7}білім")
    }

    @Test func snippetsMarkTheMatchingWords() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            let results = try await archive.search(SearchRequest(query: SearchQuery("реформа бюджет")))
            let hit = try #require(results.hits.first)
            #expect(hit.documentID == "news/ru")
            #expect(hit.title == "Публичные слушания по бюджету")
            let snippet = try #require(hit.snippet)
            #expect(snippet.parts.filter(\.match).map(\.text) == ["бюджете", "реформы"])
            #expect(snippet.text.hasPrefix("В Астане прошли"))
            #expect(results.nextOffset == nil)
        }
    }

    /// A very long text is read for its snippet a piece at a time: the first piece with a match gives the passage,
    /// marked as cut on both sides; a text with no match shows its beginning.
    @Test func aLongTextsSnippetComesFromThePieceWithTheMatch() throws {
        let filler = String(repeating: "The council met and spoke at length. ", count: 9_000)
        let text = filler + "The reservoir budget was approved. " + filler
        #expect(text.utf8.count > 2 * Snippet.piece)
        let terms = MatchedTerms(exact: ["reservoir"])
        let snippet = Snippet(text: text, terms: terms)
        #expect(snippet.parts.filter(\.match).map(\.text) == ["reservoir"])
        #expect(snippet.text.hasPrefix("… ") && snippet.text.hasSuffix(" …"), "\(snippet.text)")
        let none = Snippet(text: filler + filler, terms: terms)
        #expect(none.text.hasPrefix("The council met") && !none.parts.contains(where: \.match))
    }

    @Test func aDatedSearchSeesOnlyTheVersionsInForce() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let versions = [
                ("2022-01-01", "Announcement\n\nThe senate meets on Monday."),
                ("2023-01-01", "Announcement\n\nThe assembly meets on Monday."),
            ]
            for (date, text) in versions {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "a.txt",
                        documentID: "notice",
                        capturedAt: Self.day(date)
                    ),
                    registry: .builtIn
                )
            }
            #expect(try await Self.found("senate", in: archive, at: Self.day("2022-06-01")) == ["notice"])
            #expect(try await Self.found("senate", in: archive, at: Self.day("2023-06-01")).isEmpty)
            #expect(try await Self.found("senate", in: archive, at: Self.day("2021-06-01")).isEmpty)
            #expect(try await Self.found("assembly", in: archive, at: Self.day("2022-06-01")).isEmpty)
            #expect(try await Self.found("assembly", in: archive, at: Self.day("2023-06-01")) == ["notice"])
            // Without a date, every version is searched and the document appears once.
            #expect(try await Self.found("senate", in: archive) == ["notice"])
            #expect(try await Self.found("monday", in: archive) == ["notice"])
            let hit = try #require(try await archive.search(SearchRequest(query: SearchQuery("senate"))).hits.first)
            #expect(hit.capturedAt == Self.day("2022-01-01"))
            // A backfill before the first version is in force only until the first.
            _ = try await archive.ingest(
                IngestRequest(
                    data: Data("Announcement\n\nThe council meets.".utf8),
                    name: "a.txt",
                    documentID: "notice",
                    capturedAt: Self.day("2021-01-01")
                ),
                registry: .builtIn
            )
            #expect(try await Self.found("council", in: archive, at: Self.day("2021-06-01")) == ["notice"])
            #expect(try await Self.found("council", in: archive, at: Self.day("2022-06-01")).isEmpty)
        }
    }

    /// Captures added out of order (an older capture archived after newer ones, two on one day) are found by dated
    /// searches and capture ranges exactly as their capture times say.
    @Test func capturesAddedOutOfOrderAreFoundByTheirDates() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // In the order they are archived.
            let captures = [
                ("d/5", "2024-05-01"), ("d/2", "2024-02-01"), ("d/7", "2024-07-01"), ("d/1", "2024-01-01"),
                ("d/4", "2024-04-01"), ("d/4b", "2024-04-01"), ("d/3", "2024-03-01"), ("d/6", "2024-06-01"),
            ]
            for (id, date) in captures {
                _ = try await archive.ingest(
                    IngestRequest(
                        data: Data("Notice \(id)\n\nThe harbour opens on \(date).".utf8),
                        name: "n.txt",
                        documentID: id,
                        capturedAt: Self.day(date)
                    ),
                    registry: .builtIn
                )
            }
            let query = try SearchQuery("harbour")
            for month in 0...8 {
                let date = Self.day(String(format: "2024-%02d-15", max(1, month)))
                    .addingTimeInterval(month == 0 ? -86_400 * 30 : 0)
                let until = Set(captures.filter { Self.day($0.1) <= date }.map(\.0))
                let since = Set(captures.filter { Self.day($0.1) >= date }.map(\.0))
                for (request, expected) in [
                    (SearchRequest(query: query, at: date), until),
                    (SearchRequest(query: query, capturedUntil: date), until),
                    (SearchRequest(query: query, capturedSince: date), since),
                ] {
                    let found = Set(try await archive.search(request).hits.map(\.documentID))
                    #expect(found == expected, "\(request.at == nil ? "range" : "at") \(date)")
                }
            }
            // A capture range on exact capture days.
            let range = SearchRequest(
                query: query,
                capturedSince: Self.day("2024-04-01"),
                capturedUntil: Self.day("2024-05-01")
            )
            #expect(Set(try await archive.search(range).hits.map(\.documentID)) == ["d/4", "d/4b", "d/5"])
        }
    }

    @Test func filtersNarrowBySourceCaptureAndPublicationDates() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let inputs = [
                ("press/1", "2024-01-10", "Release one\n\nPublished: 2020-05-01\n\nThe ministry announced grants."),
                ("press/2", "2024-02-10", "Release two\n\nPublished: 2023-05-01\n\nThe ministry announced loans."),
                ("blog/1", "2024-03-10", "Post\n\nThe ministry announced nothing."),
            ]
            for (id, date, text) in inputs {
                _ = try await archive.ingest(
                    IngestRequest(data: Data(text.utf8), name: "\(id).txt", documentID: id, capturedAt: Self.day(date)),
                    registry: .builtIn
                )
            }
            func found(_ request: SearchRequest) async throws -> Set<String> {
                Set(try await archive.search(request).hits.map(\.documentID))
            }
            let query = try SearchQuery("ministry")
            #expect(try await found(SearchRequest(query: query)) == ["press/1", "press/2", "blog/1"])
            #expect(try await found(SearchRequest(query: query, documentID: "press/2")) == ["press/2"])
            #expect(try await found(SearchRequest(query: query, idPrefix: "press/")) == ["press/1", "press/2"])
            #expect(
                try await found(SearchRequest(query: query, capturedSince: Self.day("2024-02-01"))) == [
                    "press/2", "blog/1",
                ]
            )
            #expect(
                try await found(SearchRequest(query: query, capturedUntil: Self.day("2024-02-10"))) == [
                    "press/1", "press/2",
                ]
            )
            #expect(
                try await found(SearchRequest(query: query, publishedSince: Self.day("2021-01-01"))) == ["press/2"]
            )
            #expect(
                try await found(SearchRequest(query: query, publishedUntil: Self.day("2021-01-01"))) == ["press/1"]
            )
            // Paging: one document a page, in the same order as one page of three.
            let all = try await archive.search(SearchRequest(query: query, limit: 3)).hits.map(\.documentID)
            var paged: [String] = []
            var offset: Int? = 0
            while let next = offset {
                let page = try await archive.search(SearchRequest(query: query, limit: 1, offset: next))
                paged += page.hits.map(\.documentID)
                offset = page.nextOffset
            }
            #expect(paged == all)
        }
    }

    @Test(arguments: [
        ("", "is empty"),
        ("   ", "is empty"),
        ("\"budget", "quote that is not closed"),
        ("(budget OR tax", "parenthesis that is not closed"),
        ("budget)", "parenthesis that was not opened"),
        ("NOT budget", "NOT needs a term before it"),
        ("budget OR", "ends with OR"),
        ("budget AND OR tax", "OR right after AND"),
        ("bud*get", "a * goes only at the start or the end"),
        ("-- !!", "no letter or digit"),
        ("+", "no letter or digit"),
        ("()", "empty parentheses"),
        (String(repeating: "a ", count: 2049), "at most 4096"),
        (String(repeating: "(a ", count: 40) + String(repeating: ")", count: 40), "give at most 24"),
        (String(repeating: "x NOT ", count: 100) + "y", "give at most 24"),
    ])
    func malformedQueriesAreClearErrors(query: String, problem: String) throws {
        do {
            _ = try SearchQuery(query)
            Issue.record("'\(query)' was accepted")
        } catch let error as ArchiveError {
            #expect(error.code == .invalidArgument)
            #expect(error.field == .query)
            #expect(error.message.contains(problem), "\(error.message)")
            #expect(!error.message.lowercased().contains("fts5"))
            #expect(!error.message.lowercased().contains("sqlite"))
        }
    }

    /// The widest and deepest queries taken run on a real catalog: none is refused by SQLite (which was a 500).
    @Test func theLargestQueriesTakenRun() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            let depth = SearchQuery.maximumDepth
            let terms = SearchQuery.maximumTerms
            let queries = [
                String(repeating: "(budget ", count: depth) + "budget" + String(repeating: ")", count: depth),
                String(repeating: "budget NOT ", count: depth) + "zebra",
                (0..<terms - 1).map { "w\($0)" }.joined(separator: " OR ") + " OR budget",
                (0..<terms - 1).map { "\"w\($0) v\($0)\"" }.joined(separator: " OR ") + " OR budget",
                String(repeating: "budget ", count: terms),
                String(repeating: "*bud* ", count: SearchQuery.maximumWildcards),
            ]
            for query in queries {
                #expect(try SearchQuery(query).text.count <= SearchQuery.maximumLength)
                _ = try await archive.search(SearchRequest(query: SearchQuery(query)))
            }
            // One level more is refused, named as deep as it is.
            for query in [
                String(repeating: "(budget ", count: depth + 1) + "budget" + String(repeating: ")", count: depth + 1),
                String(repeating: "budget NOT ", count: depth + 1) + "zebra",
            ] {
                let error = try #require(throws: ArchiveError.self) { try SearchQuery(query) }
                #expect(error.message.contains("nests \(depth + 1) levels deep"), "\(error.message)")
            }
        }
    }

    /// A query of more terms, or more terms with *, than a search may read is refused naming both limits: a few
    /// kilobytes of `a* a* a* …` kept the catalog busy for seconds.
    @Test(arguments: [
        String(repeating: "budget ", count: SearchQuery.maximumTerms + 1),
        String(repeating: "a* ", count: SearchQuery.maximumWildcards + 1),
        String(repeating: "*bud* OR ", count: SearchQuery.maximumWildcards) + "*bud*",
    ])
    func queriesOfTooManyTermsAreRefused(query: String) throws {
        let error = try #require(throws: ArchiveError.self) { try SearchQuery(query) }
        #expect(error.code == .invalidArgument && error.message.contains("terms"), "\(error.message)")
    }

    @Test func queriesThatLookLikeFTS5SyntaxAreWords() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            for query in [
                "title:budget", "budget^", "NEAR(budget state)", "budget + state", "'budget'", "{title}: x", "budget »",
                "” budget", "budget”state",
            ] {
                let results = try await archive.search(SearchRequest(query: SearchQuery(query)))
                #expect(results.hits.allSatisfy { $0.documentID == "news/en" }, "query \(query)")
            }
        }
    }

    @Test func aRebuiltCatalogAnswersTheSameSearches() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Self.archive(in: folder)
            let queries = ["бюджет", "мектеп", "budget OR реформа", "*ектеп*", "\"state budget\""]
            var before: [[String]] = []
            for query in queries { before.append(try await Self.found(query, in: archive)) }
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: archive.root.appending(path: "catalog.sqlite\(suffix)"))
            }
            let fresh = try await archive.reopened(rebuildingCatalog: true)
            #expect(try await Self.found("бюджет", in: fresh).isEmpty)
            _ = try await fresh.rebuildCatalog()
            var after: [[String]] = []
            for query in queries { after.append(try await Self.found(query, in: fresh)) }
            #expect(after == before)
            #expect(!before.contains { $0.isEmpty })
        }
    }

    @Test func aDeferredIndexIsCompletedWhenTheArchiveIsNextOpened() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let prepared = try Archive.prepare(
                IngestRequest(data: Data(Self.english.utf8), name: "en.txt", documentID: "news/en"),
                registry: .builtIn,
                bundles: archive.settings.compression,
                deferringSearchIndex: true
            )
            _ = try await archive.store(prepared)
            #expect(try await archive.catalog.searchIndexIsPending())
            #expect(try await Self.found("budget", in: archive).isEmpty)
            let reopened = try await archive.reopened()
            #expect(try await reopened.catalog.searchIndexIsPending() == false)
            #expect(try await Self.found("budget", in: reopened) == ["news/en"])
        }
    }

    @Test(.requiresSharedData) func theFactsheetSampleIsFoundByItsWords() async throws {
        try TestRequirement.sharedData()
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.ingest(
                IngestRequest(
                    data: try SharedData.sample("amanat-extraordinary-congress-factsheet.txt"),
                    name: "factsheet.txt",
                    documentID: "factsheet"
                ),
                registry: .builtIn
            )
            for query in ["congresses", "Extraordinary", "parliament*", "\"Amanat party\"", "Ukraine AND congress"] {
                #expect(try await Self.found(query, in: archive) == ["factsheet"], "query \(query)")
            }
            // The page chrome is not main text, so it is not found.
            #expect(try await Self.found("\"Сейчас читают\"", in: archive).isEmpty)
        }
    }
}
