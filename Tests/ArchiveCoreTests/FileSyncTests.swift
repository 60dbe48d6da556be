import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Writing a file durably: the bytes land whole in a new file, an existing file is never replaced, and a failure
/// names the file and leaves nothing behind.
@Suite struct FileSyncTests {
    @Test func aNewFileHoldsTheBytesWhole() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appending(path: "bundle.partial")
            // Larger than one write of a pipe or socket would take, so a short write would show.
            let data = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try FileSync.write(data, to: file)
            #expect(try Data(contentsOf: file) == data)
            let empty = folder.appending(path: "empty.partial")
            try FileSync.write(Data(), to: empty)
            #expect(try Data(contentsOf: empty).isEmpty)
        }
    }

    @Test func anExistingFileIsNeitherReplacedNorRemoved() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appending(path: "taken.partial")
            try Data("first".utf8).write(to: file)
            let error = #expect(throws: ArchiveError.self) { try FileSync.write(Data("second".utf8), to: file) }
            #expect(error?.code == .writeFailed)
            #expect(error?.message.contains(file.path) == true)
            #expect(error?.message.contains("exists") == true)
            #expect(try Data(contentsOf: file) == Data("first".utf8))
        }
    }

    @Test func stagingOverAFileAlreadyThereLeavesItAlone() async throws {
        try await withTemporaryFolder { folder in
            // The staged name of a key is the writer's process id and the key: what an interrupted commit left.
            let key = "bundles/ab/cd/v1.tar.zst"
            let staged = folder.appending(path: "tmp/bundle-\(getpid())-bundles~ab~cd~v1.tar.zst.partial")
            try FileManager.default.createDirectory(
                at: staged.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data("record".utf8).write(to: staged)
            let store = FileBundleStore(root: folder)
            let error = await #expect(throws: ArchiveError.self) { try await store.stage(Data("new".utf8), for: key) }
            // The archive's own storage failing (exit 74), not an output the user named (73).
            #expect(error?.code == .bundleIO)
            #expect(try Data(contentsOf: staged) == Data("record".utf8))
        }
    }

    @Test func aFileInAMissingFolderNamesThePath() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appending(path: "missing/bundle.partial")
            let error = #expect(throws: ArchiveError.self) { try FileSync.write(Data("x".utf8), to: file) }
            #expect(error?.code == .writeFailed)
            #expect(error?.message.contains(file.path) == true)
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }
}
