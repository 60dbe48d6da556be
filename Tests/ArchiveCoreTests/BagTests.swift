import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

@Suite struct BagTests {
    let bag = Bag(
        info: [.init("Mura-Document-ID", "a")],
        payload: [BagFile(path: "data/original.txt", data: Data("hello".utf8))]
    )

    @Test func writtenBagValidates() async throws {
        let files = bag.files()
        #expect(
            files.map(\.path) == [
                "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "data/original.txt",
            ]
        )
        let read = try BagValidator.validate(files, name: "test").get()
        #expect(read == bag)
        let info = String(decoding: files[1].data, as: UTF8.self)
        #expect(info.contains("Payload-Oxum: 5.1"))
    }

    @Test func problemsNameTheFile() {
        var files = bag.files()
        files[4].data = Data("HELLO".utf8)
        files.append(BagFile(path: "data/extra.txt", data: Data("x".utf8)))
        guard case .failure(let error) = BagValidator.validate(files, name: "test") else {
            Issue.record("a damaged bag validated")
            return
        }
        #expect(error.problems.contains("data/original.txt does not match its sha256 checksum in manifest-sha256.txt"))
        #expect(error.problems.contains("data/extra.txt is in the bag but not listed in manifest-sha256.txt"))
        #expect(error.problems.contains { $0.contains("Payload-Oxum") })
    }

    @Test func aMissingTagManifestIsAProblem() {
        let files = bag.files().filter { $0.path != "tagmanifest-sha256.txt" }
        guard case .failure(let error) = BagValidator.validate(files, name: "test") else {
            Issue.record("a bag without a tag manifest validated")
            return
        }
        #expect(error.problems == ["tagmanifest-sha256.txt is missing or unreadable"])
    }

    /// One set of rules: a damaged bag gives the same problems read as a bundle (in memory) and received (a folder).
    @Test func aBundleAndAReceivedBagAreCheckedByTheSameRules() async throws {
        var files = bag.files()
        files[4].data = Data("HELLO".utf8)
        files.append(BagFile(path: "data/extra.txt", data: Data("x".utf8)))
        try await withTemporaryFolder { folder in
            for file in files {
                let url = folder.appending(path: file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try file.data.write(to: url)
            }
            guard case .failure(let received) = BagValidator.validate(folder),
                case .failure(let bundle) = BagValidator.validate(files, name: "test")
            else {
                Issue.record("a damaged bag validated")
                return
            }
            #expect(received.problems.sorted() == bundle.problems.sorted())
            #expect(received.problems.count == 3)
        }
    }
}
