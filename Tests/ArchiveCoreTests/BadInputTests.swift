import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Every bad input gives an ArchiveError that names the thing, and leaves the archive exactly as it was.
@Suite struct BadInputTests {
    /// The catalog's rows and the bundle files, to compare before and after.
    func snapshot(_ archive: Archive) async throws -> [String] {
        let versions = try await archive.catalog.allVersions().map(\.id)
        let events = try await archive.catalog.events(documentID: nil).map {
            "\($0.kind.rawValue) \($0.outcome.rawValue)"
        }
        let files = try await archive.bundleFiles().map(\.lastPathComponent)
        return versions + events + files
    }

    func expectRejected(
        _ request: IngestRequest,
        code: ArchiveError.Code,
        mentioning: String,
        field: ArchiveError.Field? = nil,
        after existing: IngestRequest = IngestRequest(
            data: Data("Kept\n\nText.".utf8),
            name: "kept",
            documentID: "kept"
        ),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            _ = try await archive.ingest(existing, registry: .builtIn)
            let before = try await snapshot(archive)
            let error = try await #require(throws: ArchiveError.self, sourceLocation: sourceLocation) {
                try await archive.ingest(request, registry: .builtIn)
            }
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.message.contains(mentioning), "message: \(error.message)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, sourceLocation: sourceLocation) }
            #expect(try await snapshot(archive) == before, "the archive changed", sourceLocation: sourceLocation)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: archive.root.appending(path: "tmp").path).isEmpty,
                sourceLocation: sourceLocation
            )
        }
    }

    @Test func emptyFile() async throws {
        try await expectRejected(
            IngestRequest(data: Data(), name: "empty.txt", fileName: "empty.txt"),
            code: .emptyInput,
            mentioning: "empty.txt"
        )
    }

    @Test func whiteSpaceOnly() async throws {
        try await expectRejected(
            IngestRequest(data: Data(" \n\n\t\n".utf8), name: "blank.txt", fileName: "blank.txt"),
            code: .emptyInput,
            mentioning: "blank.txt"
        )
    }

    @Test func undecodableBytes() async throws {
        let garbage = Data([0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x80, 0x81] + Array(repeating: 0x9F, count: 64))
        try await expectRejected(
            IngestRequest(data: garbage, name: "photo.txt", fileName: "photo.txt", format: .init("text")),
            code: .undecodableInput,
            mentioning: "photo.txt"
        )
    }

    @Test func unknownFormatListsTheRegisteredOnes() async throws {
        try await expectRejected(
            IngestRequest(data: Data("x".utf8), name: "a.docx", format: .init("docx")),
            code: .unknownFormat,
            mentioning: "Registered formats: binary, html, json, text"
        )
    }

    @Test func noIdForStandardInput() async throws {
        try await expectRejected(
            IngestRequest(data: Data("Title\n\nText.".utf8), name: "stdin"),
            code: .invalidArgument,
            mentioning: "document id or a source URL",
            field: .documentID
        )
    }

    /// In a feed, the item without an id or a URL is named, by its place and title; no item is archived.
    @Test func aFeedItemWithoutAnIDIsNamed() async throws {
        let feed = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Press", "items": [
            {"id": "1", "url": "https://example.org/1", "title": "First", "content_text": "The first text."},
            {"title": "Second", "content_text": "The second text."},
            {"id": "3", "url": "https://example.org/3", "title": "Third", "content_text": "The third text."}]}
            """
        try await expectRejected(
            IngestRequest(data: Data(feed.utf8), name: "feed.json", format: .init("json")),
            code: .undecodableInput,
            mentioning: "item 2 of 3 ('Second')",
            field: .documentID
        )
    }

    /// Two items of a feed that name one document with different texts are refused, naming both: one capture holds
    /// one version of a document. The same item given twice is archived once.
    @Test func aFeedNamingOneDocumentTwiceIsRefusedUnlessTheItemsAreTheSame() async throws {
        let items = [
            #"{"id": "1", "url": "https://example.org/1", "title": "First", "content_text": "The first text."}"#,
            #"{"id": "2", "url": "https://example.org/2", "title": "Second", "content_text": "The second text."}"#,
            #"{"id": "3", "url": "https://example.org/1", "title": "First", "content_text": "An older text."}"#,
        ]
        func feed(_ items: [String]) -> Data {
            Data(#"{"version": "https://jsonfeed.org/version/1.1", "items": [\#(items.joined(separator: ","))]}"#.utf8)
        }
        try await expectRejected(
            IngestRequest(data: feed(items), name: "feed.json", format: .init("json")),
            code: .captureConflict,
            mentioning: "items 1 and 3 of 3 are both document 'https://example.org/1'",
            field: .documentID
        )
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let request = IngestRequest(data: feed(items.prefix(2) + [items[0]]), name: "f", format: .init("json"))
            let results = try await archive.ingest(request, registry: .builtIn)
            #expect(results.map(\.documentID) == ["https://example.org/1", "https://example.org/2"])
            #expect(try await archive.history(of: "https://example.org/1").entries.count == 1)
        }
    }

    @Test func idWithControlCharacters() async throws {
        try await expectRejected(
            IngestRequest(data: Data("Title\n\nText.".utf8), name: "stdin", documentID: "bad\nid"),
            code: .invalidArgument,
            mentioning: "cannot be a document id"
        )
    }

    @Test(arguments: ["a\u{2028}b", "a\u{2029}b", "a\rb", "a\u{85}b"])
    func idsWithLineBreaksAreRefused(_ id: String) async throws {
        try await expectRejected(
            IngestRequest(data: Data("Title\n\nText.".utf8), name: "stdin", documentID: id),
            code: .invalidArgument,
            mentioning: "line breaks"
        )
    }

    @Test func differentContentAtTheSameExplicitInstant() async throws {
        let date = try ArchiveDate.parse("2022-01-01", field: "test")
        try await expectRejected(
            IngestRequest(data: Data("A\n\nTwo.".utf8), name: "a", documentID: "a", capturedAt: date),
            code: .captureConflict,
            mentioning: "another capture time",
            field: .capturedAt,
            after: IngestRequest(data: Data("A\n\nOne.".utf8), name: "a", documentID: "a", capturedAt: date)
        )
    }

    @Test func badDatesNameTheFieldAndTheAcceptedForms() async throws {
        for text in ["yesterday", "2022-13-01", "01/03/2022", ""] {
            let error = try #require(throws: ArchiveError.self) { try ArchiveDate.parse(text, field: "--at") }
            #expect(error.code == .invalidDate)
            #expect(error.message.hasPrefix("--at:"))
            #expect(error.message.contains("YYYY-MM-DD"))
        }
    }

    @Test func unknownDocument() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let error = try await #require(throws: ArchiveError.self) { try await archive.history(of: "nope") }
            #expect(error.code == .unknownDocument)
            #expect(error.message.contains("'nope'") && error.message.contains("mura list"))
        }
    }

    @Test func missingAndForeignArchiveFolders() async throws {
        try await withTemporaryFolder { folder in
            let missing = try await #require(throws: ArchiveError.self) {
                try await Archive.open(at: folder.appending(path: "none"), logger: .silent)
            }
            #expect(missing.code == .notAnArchive)
            #expect(missing.message.contains("mura init"))

            let foreign = folder.appending(path: "photos")
            try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
            try Data("jpeg".utf8).write(to: foreign.appending(path: "cat.jpg"))
            let notArchive = try await #require(throws: ArchiveError.self) {
                try await Archive.open(at: foreign, logger: .silent)
            }
            #expect(notArchive.code == .notAnArchive)
            let refused = try await #require(throws: ArchiveError.self) {
                try await Archive.create(at: foreign, logger: .silent)
            }
            #expect(refused.code == .archiveExists)
            #expect(try FileManager.default.contentsOfDirectory(atPath: foreign.path) == ["cat.jpg"])
        }
    }

    @Test func initTwiceIsRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let error = try await #require(throws: ArchiveError.self) {
                try await Archive.create(at: archive.root, logger: .silent)
            }
            #expect(error.code == .archiveExists)
        }
    }

    @Test func outOfRangeCompressionLevel() async throws {
        try await withTemporaryFolder { folder in
            let error = try await #require(throws: ArchiveError.self) {
                try await Archive.makeForTesting(
                    in: folder,
                    compression: BundleCompression(algorithm: .zstd, level: 40)
                )
            }
            #expect(error.code == .invalidSettings)
            #expect(error.message.contains("1 to 19"))
        }
    }
}
