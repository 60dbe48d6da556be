import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Exported bags are checked with bagit.py's full validation, as the receiving archivist would.
@Suite struct BagItExportTests {

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    /// Several documents, a backfilled version and an unchanged capture.
    func sampleArchive(in folder: URL) async throws -> Archive {
        let archive = try await Archive.create(
            at: folder.appending(path: "archive"),
            settings: ArchiveSettings(sourceOrganization: "City Press Office"),
            logger: .silent
        )
        let captures: [(String, String, String)] = [
            ("https://example.org/news/1", "Новость\n\nДата публикации: 01.03.2022\n\nПервая редакция.", "2022-03-01"),
            ("https://example.org/news/1", "Новость\n\nДата публикации: 01.03.2022\n\nВторая редакция.", "2022-03-05"),
            ("https://example.org/news/1", "Новость\n\nДата публикации: 01.03.2022\n\nЧерновик.", "2022-02-20"),
            ("https://example.org/news/1", "Новость\n\nДата публикации: 01.03.2022\n\nВторая редакция.", "2022-03-09"),
            (
                "press/2",
                "<html><body><h1>Report</h1><p>The annual report of the city archive, long enough to read.</p></body></html>",
                "2023-01-10"
            ),
            ("notes/3", "Жаңалық\n\nМәтін.", "2024-03-20"),
        ]
        for (id, text, date) in captures {
            _ = try await archive.ingest(
                IngestRequest(data: Data(text.utf8), name: id, documentID: id, capturedAt: Self.day(date)),
                registry: .builtIn
            )
        }
        return archive
    }

    func validate(_ bag: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bagit = try TestRequirement.tool("bagit.py", sourceLocation: sourceLocation)
        let result = try ProcessRunner.run(bagit, ["--validate", bag.path])
        #expect(result.status == 0, "bagit.py --validate: \(result.stderrText)", sourceLocation: sourceLocation)
    }

    @Test(.requires(tools: "bagit.py")) func folderBagWithRenderingsPassesBagitValidate() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let registry = PluginRegistry.builtIn
            let target = folder.appending(path: "bag")
            let report = try await archive.exportBag(
                ExportSelection(),
                to: target,
                renderings: try ["text", "html", "json"].map { try registry.exporter(for: DocumentFormat($0)) }
            )
            #expect(report.documents == 3 && report.versions == 5 && report.files == 20)
            try validate(target)

            let info = try String(contentsOf: target.appending(path: "bag-info.txt"), encoding: .utf8)
            for field in [
                "Source-Organization: City Press Office", "Bagging-Date: ", "Payload-Oxum: ", "Bag-Size: ",
                "External-Description: ",
            ] {
                #expect(info.contains(field), "bag-info.txt lacks \(field)")
            }
            for file in [
                "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt",
                "mura-index.jsonl",
            ] {
                #expect(FileManager.default.fileExists(atPath: target.appending(path: file).path))
            }
            // Originals are bit-exact, in captured-at order (the backfill is version 1).
            let lines = try String(contentsOf: target.appending(path: "mura-index.jsonl"), encoding: .utf8).split(
                separator: "\n"
            )
            let index = try lines.map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let news = index.filter { $0["documentID"] as? String == "https://example.org/news/1" }
            #expect(news.map { $0["ordinal"] as? Int } == [1, 2, 3])
            let first = try #require(news.first?["folder"] as? String)
            #expect(first.hasSuffix("/1-20220220T000000Z"))
            #expect(
                try String(contentsOf: target.appending(path: "\(first)/original.txt"), encoding: .utf8).contains(
                    "Черновик."
                )
            )
            #expect(archive.root.path != target.path)
            #expect(try await archive.catalog.events(documentID: nil).contains { $0.kind == .export })
        }
    }

    @Test(.requires(tools: "bagit.py"), arguments: ["bag.tar", "bag.tar.zst", "bag.tar.gz", "bag.zip"])
    func serializedBagsExtractAndValidate(_ name: String) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let target = folder.appending(path: name)
            _ = try await archive.exportBag(ExportSelection(documentIDs: ["press/2"]), to: target)
            let extracted = folder.appending(path: "extracted")
            try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
            // bsdtar (libarchive-tools) reads tar, zstd, gzip and zip alike.
            let tool = ProcessRunner.find("bsdtar") ?? URL(filePath: "/usr/bin/tar")
            let result = try ProcessRunner.run(tool, ["-xf", target.path, "-C", extracted.path])
            #expect(result.status == 0, "\(result.stderrText)")
            // The bag sits in one top folder named after the file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: extracted.path) == ["bag"])
            try validate(extracted.appending(path: "bag"))
        }
    }

    @Test func selectionByDatesAndAsOf() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let every = try await archive.versions(for: ExportSelection())
            #expect(every.count == 5)
            let march = try await archive.versions(
                for: ExportSelection(since: Self.day("2022-03-01"), until: Self.day("2022-03-31"))
            )
            #expect(march.map(\.ordinal) == [2, 3])
            // As of 2022-03-10 the news item shows the content seen unchanged on 03-09 (version 3).
            let asOf = try await archive.versions(for: ExportSelection(at: Self.day("2022-03-10")))
            #expect(asOf.map(\.version.documentID) == ["https://example.org/news/1"])
            #expect(asOf.first?.ordinal == 3)
            let error = try await #require(throws: ArchiveError.self) {
                try await archive.versions(for: ExportSelection(documentIDs: ["nope"]))
            }
            #expect(error.code == .unknownDocument)
        }
    }

    /// What an export killed mid-way left beside its target (its process gone) is removed by the next export to that
    /// target; a running export's is left alone.
    @Test(arguments: ["bag.tar.zst", "bag", "export.warc.gz"])
    func whatAKilledExportLeftIsRemovedByTheNext(name: String) async throws {
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let target = folder.appending(path: "out/\(name)")
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            // pid 1 always runs; a pid over the kernel's limit never does.
            let dead = target.deletingLastPathComponent().appending(path: ".\(name).partial-9999999-0a1b2c3d")
            let running = target.deletingLastPathComponent().appending(path: ".\(name).partial-1-0a1b2c3d")
            for left in [dead, running] { try Data("half".utf8).write(to: left) }
            if name.hasSuffix(".warc.gz") {
                _ = try await archive.exportWARC(ExportSelection(), to: target, registry: .builtIn)
            } else {
                _ = try await archive.exportBag(ExportSelection(), to: target)
            }
            #expect(!FileManager.default.fileExists(atPath: dead.path))
            #expect(FileManager.default.fileExists(atPath: running.path))
            #expect(FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test func aFailedExportLeavesNothingBehind() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await sampleArchive(in: folder)
            let target = folder.appending(path: "bag")
            // Nothing matches: an error, and no folder at the target.
            let empty = try await #require(throws: ArchiveError.self) {
                try await archive.exportBag(ExportSelection(since: Self.day("2030-01-01")), to: target)
            }
            #expect(empty.code == .nothingSelected && empty.message.contains("since"))
            // A damaged bundle stops the export before anything is moved into place.
            let version = try await #require(try archive.catalog.versions(of: "press/2").first)
            try Data("damaged".utf8).write(to: archive.root.appending(path: version.bundlePath))
            await #expect(throws: ArchiveError.self) { try await archive.exportBag(ExportSelection(), to: target) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["archive"])
            // A kind of package Mura does not write is not taken for a folder's name.
            for name in ["bag.rar", "bag.tgz", "bag.warc.gz"] {
                let other = try await #require(throws: ArchiveError.self) {
                    try await archive.exportBag(
                        ExportSelection(documentIDs: ["notes/3"]),
                        to: folder.appending(path: name)
                    )
                }
                #expect(other.code == .invalidArgument && other.message.contains("does not write"), "\(other)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["archive"])
            // An existing target is never overwritten.
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let exists = try await #require(throws: ArchiveError.self) {
                try await archive.exportBag(ExportSelection(documentIDs: ["notes/3"]), to: target)
            }
            #expect(exists.message.contains("already exists"))
        }
    }

    @Test(.requires(tools: "bagit.py")) func idsThatDifferOnlyInCaseGetTheirOwnFoldersAndRenderingsAreNotRepeated()
        async throws
    {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for id in ["Report", "report"] {
                _ = try await archive.ingest(
                    IngestRequest(data: Data("\(id)\n\nBody of \(id).".utf8), name: id, documentID: id),
                    registry: .builtIn
                )
            }
            let target = folder.appending(path: "bag")
            let text = try PluginRegistry.builtIn.exporter(for: DocumentFormat("text"))
            let report = try await archive.exportBag(ExportSelection(), to: target, renderings: [text, text])
            #expect(report.files == 4)
            let folders = try FileManager.default.contentsOfDirectory(atPath: target.appending(path: "data").path)
            #expect(Set(folders.map { $0.lowercased() }).count == 2)
            try validate(target)
        }
    }
}
