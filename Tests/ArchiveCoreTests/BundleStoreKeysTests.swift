import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// The keys a bundle store lists under a prefix: regular files only, hidden files skipped, sorted; a prefix that ends
/// inside a name is read from that one folder, and one that ends with `/` walks it.
@Suite struct BundleStoreKeysTests {
    @Test func keysUnderAPrefixAreTheRegularFilesThatStartWithIt() async throws {
        try await withTemporaryFolder { folder in
            let store = FileBundleStore(root: folder)
            let files = [
                "bundles/ab/cd/v1.aaaa.tar.zst", "bundles/ab/cd/v1.bbbb.tar.zst", "bundles/ab/cd/v10.cccc.tar.zst",
                "bundles/ab/cd/v2.dddd.tar.zst", "bundles/ab/cd/.v1.hidden", "bundles/ab/cd/v1-folder/inner.tar.zst",
                "bundles/ab/ef/v1.eeee.tar.zst", "top.txt",
            ]
            for file in files {
                let url = folder.appending(path: file)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(file.utf8).write(to: url)
            }
            try FileManager.default.createSymbolicLink(
                at: folder.appending(path: "bundles/ab/cd/v1.link"),
                withDestinationURL: folder.appending(path: "top.txt")
            )
            #expect(
                try await store.keys(withPrefix: "bundles/ab/cd/v1")
                    == [
                        "bundles/ab/cd/v1-folder/inner.tar.zst", "bundles/ab/cd/v1.aaaa.tar.zst",
                        "bundles/ab/cd/v1.bbbb.tar.zst", "bundles/ab/cd/v10.cccc.tar.zst",
                    ]
            )
            #expect(try await store.keys(withPrefix: "bundles/ab/cd/v1.").count == 2)
            #expect(try await store.keys(withPrefix: "bundles/ab/cd/v3").isEmpty)
            #expect(try await store.keys(withPrefix: "bundles/zz/v1").isEmpty)
            #expect(try await store.keys(withPrefix: "bundles/ab/").count == 6)
            #expect(try await store.keys(withPrefix: "to") == ["top.txt"])
        }
    }
}
