import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// The Library of Congress BagIt conformance suite: every bag under valid/ is received; every bag under
/// invalid/ and linux-only/ is refused, naming the file and the reason, with the archive left unchanged.
@Suite struct BagReceiveTests {
    static let suite = SharedData.root.appending(path: "corpus/bagit-conformance")

    static func bags(in kind: String) -> [String] {
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: suite.path) else { return [] }
        return versions.sorted().flatMap { version -> [String] in
            let folder = suite.appending(path: "\(version)/\(kind)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder.appending(path: name).path, isDirectory: &isFolder)
                    && isFolder.boolValue
            }
            .map { "\(version)/\(kind)/\($0)" }
        }
    }

    @Test(.requiresSharedData) func everyValidBagIsReceived() async throws {
        try TestRequirement.sharedData()
        let valid = Self.bags(in: "valid")
        #expect(valid.count >= 15)
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for bag in valid {
                do {
                    let report = try await archive.receive(Self.suite.appending(path: bag), registry: .builtIn)
                    #expect(report.newVersions + report.unchanged + report.skipped.count > 0, "\(bag) gave nothing")
                } catch {
                    Issue.record("\(bag) was refused: \(error)")
                }
            }
        }
    }

    @Test(.requiresSharedData) func everyInvalidBagIsRefusedWithTheReason() async throws {
        try TestRequirement.sharedData()
        let invalid = Self.bags(in: "invalid") + Self.bags(in: "linux-only")
        #expect(invalid.count >= 20)
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            for bag in invalid {
                let before = try await archive.catalog.allVersions().count
                do {
                    _ = try await archive.receive(Self.suite.appending(path: bag), registry: .builtIn)
                    Issue.record("\(bag) was accepted")
                } catch let error as ArchiveError {
                    #expect(error.message.contains("is invalid and was not received"), "\(bag): \(error.message)")
                    #expect(error.message.count > 60, "\(bag): the reason is missing: \(error.message)")
                }
                #expect(try await archive.catalog.allVersions().count == before, "\(bag) changed the archive")
                #expect(try await archive.catalog.events(documentID: nil).isEmpty, "\(bag) recorded an event")
            }
        }
    }

    @Test func aMuraBagComesBackWithItsIdsAndHistory() async throws {
        try await withTemporaryFolder { folder in
            let source = try await Archive.create(at: folder.appending(path: "source"), logger: .silent)
            for (text, date) in [("T\n\nOne.", "2022-01-01"), ("T\n\nTwo.", "2022-02-01")] {
                _ = try await source.ingest(
                    IngestRequest(
                        data: Data(text.utf8),
                        name: "x",
                        documentID: "https://example.org/a",
                        capturedAt: try ArchiveDate.parse(date, field: "test")
                    ),
                    registry: .builtIn
                )
            }
            // The second version seen unchanged, then the page found gone: the bag keeps both captures.
            _ = try await source.ingest(
                IngestRequest(
                    data: Data("T\n\nTwo.".utf8),
                    name: "x",
                    documentID: "https://example.org/a",
                    capturedAt: try ArchiveDate.parse("2022-03-01", field: "test")
                ),
                registry: .builtIn
            )
            let goneAt = try ArchiveDate.parse("2022-04-01", field: "test")
            _ = try await source.recordRemoval(of: "https://example.org/a", status: 410, capturedAt: goneAt)
            let bag = folder.appending(path: "transfer.tar.zst")
            _ = try await source.exportBag(ExportSelection(), to: bag)

            let target = try await Archive.create(at: folder.appending(path: "target"), logger: .silent)
            let report = try await target.receive(bag, registry: .builtIn)
            #expect(report.newVersions == 2 && report.documents == ["https://example.org/a"])
            #expect(report.unchanged == 1 && report.gone == 1, "\(report)")
            let seen = { (archive: Archive) in
                try await archive.catalog.observations(of: "https://example.org/a").map {
                    "\($0.capturedAt) \($0.gone ?? 0)"
                }
            }
            #expect(try await seen(target) == seen(source))
            let after = goneAt.addingTimeInterval(86_400)
            let gone = try await #require(throws: ArchiveError.self) {
                try await target.restoreOriginal("https://example.org/a", at: after)
            }
            #expect(gone.code == .gone)
            #expect(
                try await target.catalog.versions(of: "https://example.org/a").map(\.sha256)
                    == source.catalog.versions(of: "https://example.org/a").map(\.sha256)
            )
            #expect(
                try await target.catalog.versions(of: "https://example.org/a").map(\.capturedAt)
                    == source.catalog.versions(of: "https://example.org/a").map(\.capturedAt)
            )
            // Receiving the same bag again changes nothing but the record of having seen it.
            #expect(try await target.receive(bag, registry: .builtIn).newVersions == 0)
        }
    }

    /// Two payload files named alike but for their extension would be one document, each replacing the other at
    /// every receipt: both are skipped, naming each other, and the rest of the bag is received.
    @Test func filesNamedAlikeButForTheirExtensionAreNotOneDocument() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "transfer")
            try ReceiveLimitsTests().makeBagFolder(
                at: bag,
                payload: [
                    "a.txt": Data("Notice\n\nThe text of the notice.".utf8),
                    "a.html": Data("<html><body><h1>Notice</h1><p>The page of the notice.</p></body></html>".utf8),
                    "b.txt": Data("Order\n\nThe text of the order.".utf8),
                ]
            )
            for _ in 0..<2 {
                let report = try await archive.receive(bag, registry: .builtIn)
                #expect(report.documents == ["transfer/b"], "\(report)")
                #expect(report.skipped.count == 2, "\(report.skipped)")
                #expect(
                    report.skipped.allSatisfy { $0.contains("would be document 'transfer/a'") },
                    "\(report.skipped)"
                )
                #expect(report.skipped.contains { $0.hasPrefix("data/a.txt") && $0.contains("data/a.html") })
            }
            #expect(try await archive.catalog.versions(of: "transfer/a").isEmpty)
            #expect(try await archive.catalog.versions(of: "transfer/b").count == 1)
        }
    }

    /// A bag without its payload folder is no bag (RFC 8493 section 2.1.2); a link to a bag folder, which the user
    /// gives, is followed.
    @Test func aBagNeedsItsPayloadFolderAndALinkToABagIsFollowed() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "transfer")
            try ReceiveLimitsTests().makeBagFolder(at: bag, payload: ["a.txt": Data("Notice\n\nThe notice.".utf8)])
            let link = folder.appending(path: "latest")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: bag)
            #expect(try await archive.receive(link, registry: .builtIn).newVersions == 1)

            let hollow = folder.appending(path: "hollow")
            try FileManager.default.createDirectory(at: hollow, withIntermediateDirectories: true)
            for file in ["bagit.txt", "manifest-sha256.txt"] {
                try FileManager.default.copyItem(at: bag.appending(path: file), to: hollow.appending(path: file))
            }
            try Data().write(to: hollow.appending(path: "manifest-sha256.txt"))
            await #expect {
                try await archive.receive(hollow, registry: .builtIn)
            } throws: { error in
                "\(error)".contains("no payload folder data/")
            }
        }
    }

    /// Two files whose names differ only in how Unicode spells a letter (é precomposed, and e with a combining
    /// accent) are one name to Swift: the one no manifest lists must not be archived under the other's name.
    @Test func namesThatDifferOnlyInUnicodeSpellingAreRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "spelled")
            let listed = "caf\u{E9}.txt"
            let unlisted = "cafe\u{301}.txt"
            #expect(listed == unlisted && Array(listed.utf8) != Array(unlisted.utf8))
            try ReceiveLimitsTests().makeBagFolder(at: bag, payload: [listed: Data("Listed\n\nChecked.".utf8)])
            try Data("Unlisted\n\nNever checked.".utf8).write(to: bag.appending(path: "data").appending(path: unlisted))
            let names = try FileManager.default.contentsOfDirectory(atPath: bag.appending(path: "data").path)
            #expect(names.count == 2, "\(names)")
            await #expect {
                try await archive.receive(bag, registry: .builtIn)
            } throws: { error in
                "\(error)".contains("spelled differently in Unicode")
            }
            #expect(try await archive.catalog.documents().isEmpty)
        }
    }

    /// A holey bag (files left to `fetch.txt`) is valid but not complete: what it holds is archived, and each file it
    /// leaves to be fetched is reported, with its URL.
    @Test func aFileLeftToFetchIsReportedNotArchived() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            let bag = folder.appending(path: "holey")
            let remote = Data("Remote\n\nFetched later.".utf8)
            try ReceiveLimitsTests().makeBagFolder(
                at: bag,
                payload: ["here.txt": Data("Here\n\nIn the bag.".utf8)],
                extraManifest: "\(Digest.sha256(remote))  data/remote.txt\n"
            )
            try Data("https://example.org/remote.txt \(remote.count) data/remote.txt\n".utf8)
                .write(to: bag.appending(path: "fetch.txt"))
            let report = try await archive.receive(bag, registry: .builtIn)
            #expect(report.newVersions == 1 && report.documents == ["holey/here"])
            #expect(report.skipped.count == 1, "\(report.skipped)")
            #expect(
                report.skipped.first?.hasPrefix(
                    "data/remote.txt: not in the bag; its fetch.txt names it at https://example.org/remote.txt"
                ) == true,
                "\(report.skipped)"
            )
        }
    }

    /// Exports every version of `source` to a bag folder whose Mura index `damage` rewrites. Without tag manifests
    /// the bag stays valid, so the index itself is what receiving reads.
    func exportWithDamagedIndex(_ source: Archive, to bag: URL, damage: ([String]) -> [String]) async throws {
        _ = try await source.exportBag(ExportSelection(), to: bag)
        for name in try FileManager.default.contentsOfDirectory(atPath: bag.path) where name.hasPrefix("tagmanifest-") {
            try FileManager.default.removeItem(at: bag.appending(path: name))
        }
        let index = bag.appending(path: "mura-index.jsonl")
        let lines = try String(contentsOf: index, encoding: .utf8).split(separator: "\n").map(String.init)
        try Data((damage(lines).joined(separator: "\n") + "\n").utf8).write(to: index)
    }

    /// The index lines with the second entry's capture time set to `day`.
    static func captured(_ day: String, _ lines: [String]) -> [String] {
        [lines[0], lines[1].replacing(/"capturedAt":"[^"]*"/, with: "\"capturedAt\":\"\(day)T00:00:00Z\"")]
    }

    @Test func aDamagedMuraIndexIsRefusedNamingTheLine() async throws {
        try await withTemporaryFolder { folder in
            let source = try await Archive.create(at: folder.appending(path: "source"), logger: .silent)
            for text in ["First\n\nOne.", "Second\n\nTwo."] {
                _ = try await source.ingest(
                    IngestRequest(data: Data(text.utf8), name: "x", documentID: "doc-\(text.prefix(5))"),
                    registry: .builtIn
                )
            }
            let target = try await Archive.create(at: folder.appending(path: "target"), logger: .silent)
            let damages: [(expected: String, damage: ([String]) -> [String])] = [
                ("mura-index.jsonl, line 2", { [$0[0], "{\"folder\": \"data/x\""] }),
                (
                    "mura-index.jsonl, line 1",
                    { [$0[0].replacingOccurrences(of: "\"documentID\"", with: "\"document\"")] }
                ),
                // An index that names a folder the payload does not hold.
                ("holds no original file", { $0.map { $0.replacingOccurrences(of: "\"data/", with: "\"data/gone-") } }),
                // A capture time the archive would refuse, on the second entry: refused before the first is received.
                ("line 2: the capturedAt 1850-01-01T00:00:00Z is before 1900", { Self.captured("1850-01-01", $0) }),
                ("line 2: the capturedAt 2999-01-01T00:00:00Z is in the future", { Self.captured("2999-01-01", $0) }),
                // One version folder named twice would be archived under two ids.
                (
                    "twice",
                    { [$0[0], $0[1], $0[0].replacing(/"documentID":"[^"]*"/, with: "\"documentID\":\"other\"")] }
                ),
            ]
            for (number, (expected, damage)) in damages.enumerated() {
                let bag = folder.appending(path: "bag\(number)")
                try await exportWithDamagedIndex(source, to: bag, damage: damage)
                let error = try await #require(throws: ArchiveError.self) {
                    try await target.receive(bag, registry: .builtIn)
                }
                #expect(error.code == .invalidBag)
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(try await target.catalog.allVersions().isEmpty)
            }
            // A file that is not the version its index entry describes is skipped, saying so; the rest is received.
            let bag = folder.appending(path: "wrong-digest")
            try await exportWithDamagedIndex(source, to: bag) { lines in
                [
                    lines[0].replacing(/"sha256":"[^"]*"/, with: "\"sha256\":\"\(String(repeating: "0", count: 64))\""),
                    lines[1],
                ]
            }
            let report = try await target.receive(bag, registry: .builtIn)
            #expect(report.newVersions == 1 && report.skipped.count == 1, "\(report)")
            #expect(report.skipped.first?.contains("is not the one mura-index.jsonl gives") == true, "\(report)")
        }
    }

    @Test func pathsThatEscapeASerializedBagAreRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(in: folder)
            // A tar whose entry climbs out of the folder it is unpacked into.
            try HandMadeArchive.tar([.file("../outside.txt", Data("x".utf8))])
                .write(to: folder.appending(path: "climb.tar"))
            let error = try await #require(throws: ArchiveError.self) {
                try await archive.receive(folder.appending(path: "climb.tar"), registry: .builtIn)
            }
            #expect(error.message.contains("points outside the folder it unpacks to"))
            #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "outside.txt").path))
            #expect(try await archive.catalog.allVersions().isEmpty)
        }
    }
}
