import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// OCFL exports are checked with ocfl-py's validator, as a repository taking them in would.
@Suite struct OCFLExportTests {

    static func day(_ text: String) -> Date { try! ArchiveDate.parse(text, field: "test") }

    func ingest(_ archive: Archive, _ id: String, _ text: String, _ date: String) async throws {
        _ = try await archive.ingest(
            IngestRequest(data: Data(text.utf8), name: id, documentID: id, capturedAt: Self.day(date)),
            registry: .builtIn
        )
    }

    func validate(_ root: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let validator = try TestRequirement.tool("ocfl-validate.py", sourceLocation: sourceLocation)
        let result = try ProcessRunner.run(validator, [root.path])
        #expect(
            result.status == 0,
            "ocfl-validate.py: \(result.stdoutText) \(result.stderrText)",
            sourceLocation: sourceLocation
        )
        #expect(!result.stdoutText.contains("[E"), "\(result.stdoutText)", sourceLocation: sourceLocation)
    }

    func inventory(_ root: URL, _ id: String) throws -> [String: Any] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        let files = (enumerator?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix("/inventory.json") && !$0.contains("/v")
        }
        for file in files {
            let data = try Data(contentsOf: root.appending(path: file))
            if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["id"] as? String == id
            {
                return object
            }
        }
        Issue.record("no inventory for \(id)")
        return [:]
    }

    @Test(.requires(tools: "ocfl-validate.py")) func storageRootValidatesAndGrowsByNewVersionsOnly() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // The second capture differs only in trailing page chrome, so its document.json is identical.
            try await ingest(archive, "https://example.org/news/1", "News\n\nThe text.", "2022-03-01")
            try await ingest(
                archive,
                "https://example.org/news/1",
                "News\n\nThe text.\n\nRead also\n\nOther news",
                "2022-03-05"
            )
            try await ingest(archive, "https://example.org/news/1", "News\n\nThe text.", "2022-02-01")
            try await ingest(archive, "https://example.org/news/1", "News\n\nThe text.", "2022-02-10")
            try await ingest(archive, "notes/2", "Жаңалық\n\nМәтін.", "2024-03-20")
            let root = folder.appending(path: "ocfl")

            let first = try await archive.exportOCFL(ExportSelection(), to: root)
            #expect(first.documents == 2 && first.versions == 4)
            try validate(root)
            #expect(
                try String(contentsOf: root.appending(path: "ocfl_layout.json"), encoding: .utf8).contains(
                    "0003-hash-and-id-n-tuple-storage-layout"
                )
            )

            let news = try inventory(root, "https://example.org/news/1")
            #expect(news["head"] as? String == "v3")
            let versions = try #require(news["versions"] as? [String: [String: Any]])
            #expect(
                (1...3).map { versions["v\($0)"]?["created"] as? String } == [
                    "2022-02-01T00:00:00Z", "2022-03-01T00:00:00Z", "2022-03-05T00:00:00Z",
                ]
            )
            #expect((versions["v1"]?["user"] as? [String: String])?["name"] == "Mura archive")
            #expect((versions["v1"]?["message"] as? String)?.hasPrefix("Mura version ") == true)
            // document.json is the same in all three versions: stored once, referenced by every state.
            let manifest = try #require(news["manifest"] as? [String: [String]])
            #expect(manifest.values.filter { $0.contains { $0.hasSuffix("document.json") } }.count == 1)
            // The backfilled 02-01 original equals the 03-01 one: content is addressed by digest, so it is stored
            // once too: two originals and one document.json in all.
            #expect(manifest.count == 3)
            #expect((try inventory(root, "urn:mura:document:notes/2"))["head"] as? String == "v1")

            // A later capture and a backfill: exporting again adds exactly those two versions.
            try await ingest(archive, "https://example.org/news/1", "News\n\nA correction.", "2022-04-01")
            try await ingest(archive, "https://example.org/news/1", "News\n\nAn early draft.", "2022-01-01")
            let second = try await archive.exportOCFL(ExportSelection(), to: root)
            #expect(second.versions == 2)
            try validate(root)
            #expect(try inventory(root, "https://example.org/news/1")["head"] as? String == "v5")
            #expect(try await archive.exportOCFL(ExportSelection(), to: root).versions == 0)
        }
    }

    /// An export killed while creating the storage root (its declaration alone, or cut short) or an object (its
    /// declaration cut short) leaves what the next export completes: the root then validates.
    @Test(.requires(tools: "ocfl-validate.py")) func anExportStoppedHalfWayIsCompletedByTheNext() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await ingest(archive, "a", "T\n\nBody.", "2022-01-01")
            // An empty folder (made by hand, or by an export stopped before it wrote anything), a declaration alone or
            // cut short, a root whose extension settings were cut short.
            let layout = "0003-hash-and-id-n-tuple-storage-layout"
            let cases: [[String: String]] = [
                [:], ["0=ocfl_1.1": "ocfl_1.1\n"], ["0=ocfl_1.1": ""],
                [
                    "0=ocfl_1.1": "ocfl_1.1\n", "ocfl_layout.json": #"{"extension": "\#(layout)"}"#,
                    "extensions/\(layout)/config.json": "",
                ],
            ]
            for (number, files) in cases.enumerated() {
                let root = folder.appending(path: "ocfl-\(number)")
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
                for (name, content) in files {
                    let file = root.appending(path: name)
                    try FileManager.default.createDirectory(
                        at: file.deletingLastPathComponent(),
                        withIntermediateDirectories: true
                    )
                    try Data(content.utf8).write(to: file)
                }
                #expect(try await archive.exportOCFL(ExportSelection(), to: root).versions == 1)
                try validate(root)
                let config = try Data(contentsOf: root.appending(path: "extensions/\(layout)/config.json"))
                #expect((try JSONSerialization.jsonObject(with: config) as? [String: Any])?["tupleSize"] as? Int == 3)
                // An export stopped while writing the object's declaration, its first file: the next one completes it.
                let storage = try OCFLStorageRoot(root: root)
                let object = root.appending(path: storage.objectPath(for: "urn:mura:document:a"))
                try FileManager.default.removeItem(at: object)
                try FileManager.default.createDirectory(at: object, withIntermediateDirectories: true)
                try Data().write(to: object.appending(path: "0=ocfl_object_1.1"))
                #expect(try await archive.exportOCFL(ExportSelection(), to: root).versions == 1)
                try validate(root)
                #expect(
                    try Data(contentsOf: object.appending(path: "0=ocfl_object_1.1")) == Data("ocfl_object_1.1\n".utf8)
                )
            }
            // A root of another layout with nothing in it yet is still not Mura's to change.
            let foreign = folder.appending(path: "foreign")
            try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: false)
            try Data("ocfl_1.1\n".utf8).write(to: foreign.appending(path: "0=ocfl_1.1"))
            try Data(#"{"extension": "0004-hashed-n-tuple-storage-layout"}"#.utf8)
                .write(to: foreign.appending(path: "ocfl_layout.json"))
            await #expect(throws: ArchiveError.self) { try await archive.exportOCFL(ExportSelection(), to: foreign) }
        }
    }

    @Test func aFolderThatIsNotAStorageRootIsRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await ingest(archive, "a", "T\n\nBody.", "2022-01-01")
            let other = folder.appending(path: "photos")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            try Data("jpeg".utf8).write(to: other.appending(path: "holiday.jpg"))
            let error = try await #require(throws: ArchiveError.self) {
                try await archive.exportOCFL(ExportSelection(), to: other)
            }
            #expect(error.message.contains("not an OCFL 1.1 storage root"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["holiday.jpg"])
        }
    }

    @Test func aFailedFirstExportLeavesNoStorageRoot() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            try await ingest(archive, "a", "T\n\nBody.", "2022-01-01")
            try await ingest(archive, "b", "T\n\nOther.", "2022-01-01")
            let damaged = try await #require(try archive.catalog.versions(of: "b").first)
            try Data("damaged".utf8).write(to: archive.root.appending(path: damaged.bundlePath))
            let root = folder.appending(path: "ocfl")
            await #expect(throws: ArchiveError.self) { try await archive.exportOCFL(ExportSelection(), to: root) }
            #expect(!FileManager.default.fileExists(atPath: root.path))
        }
    }
}
