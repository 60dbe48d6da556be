import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Archives written by an earlier release open, verify, restore and rebuild with this one, and say what they said
/// before. The fixture in `Fixtures/archive-0.1.0` was written by Mura 0.1.0 (before the event and token
/// journals) with `Fixtures/make-archive.sh`, which also kept what that release printed about it.
@Suite struct CompatibilityTests {
    static let fixture = Bundle.module.resourceURL!.appending(
        path: "Fixtures/archive-0.1.0",
        directoryHint: .isDirectory
    )

    @Test func anArchiveOfTheEarlierReleaseOpensVerifiesAndRestoresUnchanged() async throws {
        try await withTemporaryFolder { folder in
            // Given: a copy of the archive the earlier release wrote
            let cli = try Self.copyFixture(to: folder)
            let before = try Self.digests(of: cli.archive, under: ["bundles", "mura-archive.json", "journal"])

            // When / Then: this release reads it as that release did
            let verify = try #require(try cli.json(["verify"]) as? [String: Any])
            #expect(verify["problems"] as? [Any] != nil && (verify["problems"] as? [Any])?.isEmpty == true)
            #expect(verify["checkedVersions"] as? Int == 5)
            // Its bundles had no recorded SHA-256: the first clean verify records them, later ones compare.
            #expect(verify["recordedDigests"] as? Int == 5)
            let again = try #require(try cli.json(["verify"]) as? [String: Any])
            #expect(again["recordedDigests"] as? Int == 0 && (again["problems"] as? [Any])?.isEmpty == true)
            try Self.expectSameOutput(cli)
            try Self.expectRestoresBitExact(cli)

            // The bundles, the settings and the observation journal are as the earlier release left them
            let after = try Self.digests(of: cli.archive, under: ["bundles", "mura-archive.json", "journal"])
            #expect(after.filter { before[$0.key] != nil } == before)

            // A write token of the earlier release still works
            let secret = try Self.newsroomSecret()
            let archive = try await Archive.open(at: cli.archive, logger: .silent)
            #expect(try await archive.accessToken(forSecret: secret)?.name == "newsroom")
        }
    }

    /// The earlier release had no search index: the first open fills it from the bundles, dated searches included.
    @Test func anArchiveOfTheEarlierReleaseIsSearchableAfterItsFirstOpen() async throws {
        try await withTemporaryFolder { folder in
            let cli = try Self.copyFixture(to: folder)
            func found(_ arguments: [String]) throws -> [String] {
                let results = try #require(try cli.json(["search"] + arguments) as? [String: Any])
                return (results["hits"] as? [[String: Any]] ?? []).compactMap { $0["documentID"] as? String }
            }
            #expect(try found(["оқу"]) == ["kk/notice"])
            #expect(try found(["Saturdays"]) == ["press/1"])
            #expect(try found(["saturday", "--at", "2024-05-15"]).isEmpty)
            #expect(try found(["reading room"]).contains("press/1"))
            // The index was filled once: a second open finds the same without indexing again.
            let archive = try await Archive.open(at: cli.archive, logger: .silent)
            #expect(try await archive.catalog.searchIndexIsPending() == false)
        }
    }

    /// Self-contained bundles (`mura init --self-contained`) are written today byte for byte as the earlier release
    /// wrote them: the same bag (tag files,
    /// their order and bytes) in the same tar with the same compression.
    @Test func theBundlesOfTheEarlierReleaseAreWrittenAgainByteForByte() async throws {
        let bundles = Self.fixture.appending(path: "archive/bundles")
        let found = FileManager.default.enumerator(at: bundles, includingPropertiesForKeys: nil)
        let urls = (found?.allObjects as? [URL] ?? []).filter { $0.lastPathComponent.hasSuffix(".tar.zst") }
        #expect(urls.count == 5)
        try await withTemporaryFolder { folder in
            for url in urls {
                let files = try LibArchiveReader.files(at: url, tarOnly: true)
                let bag = try BagValidator.validate(files, name: url.lastPathComponent).get()
                #expect(bag.files() == files, "\(url.lastPathComponent)")
                let captured = try ArchiveDate.parse(try #require(bag.value("Mura-Captured-At")), field: "test")
                let copy = folder.appending(path: url.lastPathComponent)
                try LibArchiveWriter.write(bag.files(), to: copy, format: .bundle(.default), modified: captured)
                #expect(try Data(contentsOf: copy) == Data(contentsOf: url), "\(url.lastPathComponent)")
            }
        }
    }

    @Test func anArchiveOfTheEarlierReleaseKeepsItsTokensAndEventsThroughACatalogRebuild() async throws {
        try await withTemporaryFolder { folder in
            // Given: the earlier release's archive, opened once by this release, then its catalog lost
            let cli = try Self.copyFixture(to: folder)
            let events = try await Archive.open(at: cli.archive, logger: .silent).catalog.events(documentID: nil)
                .filter { $0.versionID == nil && $0.kind != .restore }
            #expect(events.contains { $0.kind == .export })
            #expect(events.contains { $0.kind == .access && $0.detail.contains("revoked") })
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(at: cli.archive.appending(path: "catalog.sqlite\(suffix)"))
            }

            // When
            let report = try #require(try cli.json(["catalog", "rebuild"]) as? [String: Any])

            // Then: documents, versions, captures, tokens and operation events are all back
            #expect(report["versions"] as? Int == 5)
            #expect(report["recoveredTokens"] as? Int == 2)
            try Self.expectSameOutput(cli)
            try Self.expectRestoresBitExact(cli)
            let archive = try await Archive.open(at: cli.archive, logger: .silent)
            #expect(try await archive.accessToken(forSecret: try Self.newsroomSecret())?.name == "newsroom")
            let recovered = try await archive.catalog.events(documentID: nil)
            for event in events {
                #expect(
                    recovered.contains { $0.kind == event.kind && $0.detail == event.detail && $0.time == event.time },
                    "lost by the rebuild: \(event.kind.rawValue) \(event.detail)"
                )
            }
        }
    }

    /// Copies the fixture's archive into `folder/archive`, where ``MuraCLI`` works.
    /// `mura repack` rewrites the earlier release's bundles into the shared form where that saves bytes: the archive
    /// is smaller, verifies clean, and restores and lists as before.
    @Test func anArchiveOfTheEarlierReleaseIsSmallerAfterRepack() async throws {
        try await withTemporaryFolder { folder in
            let cli = try Self.copyFixture(to: folder)
            func bundleBytes() throws -> Int {
                let keys: Set<URLResourceKey> = [.fileSizeKey, .isRegularFileKey]
                var total = 0
                for name in ["bundles", "dictionaries"] {
                    let files = FileManager.default.enumerator(
                        at: cli.archive.appending(path: name),
                        includingPropertiesForKeys: Array(keys)
                    )
                    while let file = files?.nextObject() as? URL {
                        let values = try file.resourceValues(forKeys: keys)
                        if values.isRegularFile == true { total += values.fileSize ?? 0 }
                    }
                }
                return total
            }
            let before = try bundleBytes()
            let report = try #require(try cli.json(["repack"]) as? [String: Any])
            #expect((report["rewritten"] as? Int ?? 0) > 0 && (report["problems"] as? [Any])?.isEmpty == true)
            #expect(try bundleBytes() < before)
            let verify = try #require(try cli.json(["verify"]) as? [String: Any])
            #expect((verify["problems"] as? [Any])?.isEmpty == true && verify["checkedVersions"] as? Int == 5)
            try Self.expectSameOutput(cli)
            try Self.expectRestoresBitExact(cli)
        }
    }

    private static func copyFixture(to folder: URL) throws -> MuraCLI {
        let cli = MuraCLI(in: folder)
        try FileManager.default.copyItem(at: fixture.appending(path: "archive"), to: cli.archive)
        return cli
    }

    /// `list`, `history` of each document and `token list` print at least what the earlier release printed, with the
    /// same values (a later release may add fields).
    private static func expectSameOutput(_ cli: MuraCLI) throws {
        let expected = fixture.appending(path: "expected")
        let list = try jsonFile(expected.appending(path: "list.json"))
        try expectContains(cli.json(["list"]), list, at: "list")
        for document in try #require(list as? [[String: Any]]) {
            let id = try #require(document["id"] as? String)
            let name = String(
                id.unicodeScalars.map { scalar in
                    scalar.isASCII
                        && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                        ? Character(scalar) : "_"
                }
            )
            try expectContains(
                cli.json(["history", id]),
                jsonFile(expected.appending(path: "history-\(name).json")),
                at: "history \(id)"
            )
        }
        try expectContains(
            cli.json(["token", "list"]),
            jsonFile(expected.appending(path: "tokens.json")),
            at: "tokens"
        )
    }

    /// Every version restores to the bytes that were ingested.
    private static func expectRestoresBitExact(_ cli: MuraCLI) throws {
        let inputs = fixture.appending(path: "inputs")
        let cases: [(id: String, at: String, input: String)] = [
            ("press/1", "2024-05-01T09:00:00Z", "press-1-v1.txt"),
            ("press/1", "2024-06-02T00:00:00Z", "press-1-v1.txt"),
            ("press/1", "2024-06-03T09:00:00Z", "press-1-v2.txt"),
            ("factsheet", "2024-03-01", "factsheet.html"),
            ("kk/notice", "2024-03-20", "kk-notice.txt"),
            ("https://example.org/news/7", "2024-04-01", "feed.json"),
        ]
        for (index, item) in cases.enumerated() {
            let output = cli.workingDirectory.appending(path: "restored-\(index)")
            try? FileManager.default.removeItem(at: output)
            _ = try cli.ok(["restore", item.id, "--at", item.at, "--output", output.path])
            let restored = try Data(contentsOf: output)
            #expect(restored == (try Data(contentsOf: inputs.appending(path: item.input))), "\(item.id) \(item.at)")
        }
    }

    private static func jsonFile(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    /// Whether `actual` holds everything `expected` holds: the same array items in order, and at least the same keys
    /// with the same values in objects.
    private static func expectContains(_ actual: Any, _ expected: Any, at path: String) {
        switch (actual, expected) {
        case (let actual as [String: Any], let expected as [String: Any]):
            for (key, value) in expected {
                guard let present = actual[key] else {
                    Issue.record("\(path).\(key) is missing")
                    continue
                }
                expectContains(present, value, at: "\(path).\(key)")
            }
        case (let actual as [Any], let expected as [Any]):
            #expect(actual.count == expected.count, "\(path): \(actual.count) items, expected \(expected.count)")
            for (index, (item, wanted)) in zip(actual, expected).enumerated() {
                expectContains(item, wanted, at: "\(path)[\(index)]")
            }
        default:
            #expect(
                (actual as? NSObject)?.isEqual(expected) == true,
                "\(path): \(actual), expected \(expected)"
            )
        }
    }

    private static func newsroomSecret() throws -> String {
        let token = try jsonFile(fixture.appending(path: "expected/newsroom-token.json")) as? [String: Any]
        return try #require(token?["token"] as? String)
    }

    /// SHA-256 of every file below the named entries of `root`, by path.
    private static func digests(of root: URL, under entries: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries {
            let url = root.appending(path: entry)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            let files =
                isFolder.boolValue
                ? (FileManager.default.subpaths(atPath: url.path) ?? []).map { "\(entry)/\($0)" } : [entry]
            for file in files {
                let fileURL = root.appending(path: file)
                var folder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: fileURL.path, isDirectory: &folder), !folder.boolValue
                else { continue }
                result[file] = Digest.sha256(try Data(contentsOf: fileURL))
            }
        }
        return result
    }
}
