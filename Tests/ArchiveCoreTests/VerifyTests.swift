import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Synchronization
import Testing

@Suite struct VerifyTests {
    func archiveWithTwoDocuments(in folder: URL) async throws -> Archive {
        let archive = try await Archive.makeForTesting(in: folder)
        for id in ["a", "b"] {
            _ = try await archive.ingest(
                IngestRequest(data: Data("Title \(id)\n\nBody of \(id).".utf8), name: id, documentID: id),
                registry: .builtIn
            )
        }
        return archive
    }

    @Test func cleanArchiveVerifies() async throws {
        try await withTemporaryFolder { folder in
            let report = try await archiveWithTwoDocuments(in: folder).verify()
            #expect(report.checkedVersions == 2)
            #expect(report.isClean)
        }
    }

    /// A verify while ingests run finds no fault in what they are writing: a bundle placed but not yet catalogued is
    /// an ingest's work in progress, not a bundle the catalog lost.
    @Test func aVerifyDuringIngestsFindsNoFaultInWhatTheyWrite() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let done = ManagedAtomicFlag()
            let writer = Task {
                defer { done.set() }
                for number in 0..<60 {
                    _ = try await archive.ingest(
                        IngestRequest(data: Data("Title\n\nVersion \(number).".utf8), name: "c", documentID: "c"),
                        registry: .builtIn
                    )
                }
            }
            var verifies = 0
            var faults: [String] = []
            repeat {
                faults += try await archive.verify().problems.map(\.message)
                verifies += 1
            } while !done.isSet
            try await writer.value
            #expect(faults.isEmpty, "\(faults.prefix(3)) in \(verifies) verifies")
            #expect(try await archive.verify().checkedVersions == 62)
        }
    }

    /// An archive whose event journal cannot be written (a backup copy on read-only media; here the journal's file
    /// is a folder, which root cannot append to either) is checked all the same, and says what was not recorded.
    @Test func anArchiveThatCannotRecordTheVerifyStillGetsItsResults() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let journal = archive.root.appending(path: "journal/events.jsonl")
            try? FileManager.default.removeItem(at: journal)
            try FileManager.default.createDirectory(at: journal, withIntermediateDirectories: true)
            let report = try await archive.verify()
            #expect(report.checkedVersions == 2 && report.isClean)
            #expect(report.notRecorded?.contains("was not recorded") == true, "\(report.notRecorded ?? "")")
        }
    }

    @Test func eachVersionKeepsTheSHA256OfItsBundleFileAsWritten() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let versions = try await archive.catalog.allVersions()
            #expect(versions.count == 2)
            for version in versions {
                let file = archive.root.appending(path: version.bundlePath)
                #expect(version.bundleSHA256 == Digest.sha256(try Data(contentsOf: file)))
            }
        }
    }

    /// A change that leaves the bundle readable and its bag valid (as a flipped byte in a compressed stream can) is
    /// still found: the file is compared with the SHA-256 it had when it was written.
    @Test func aBundleChangedButStillReadableIsNamedAndRefused() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let changed = try await #require(try archive.catalog.versions(of: "b").first)
            let file = archive.root.appending(path: changed.bundlePath)
            // The same files in a tar whose headers carry another time.
            let files = try LibArchiveReader.files(at: file, tarOnly: true)
            try LibArchiveWriter.write(files, to: file, format: .bundle(.default), modified: Date(milliseconds: 0))
            _ = try BagValidator.validate(LibArchiveReader.files(at: file, tarOnly: true), name: "b").get()

            let report = try await archive.verify()

            #expect(report.problems.map(\.bundlePath) == [changed.bundlePath])
            #expect(report.problems.first?.message.contains("changed since it was written") == true)
            let error = try await #require(throws: ArchiveError.self) { try await archive.content(of: changed) }
            #expect(error.code == .corruptBundle && error.message.contains(changed.bundlePath))
            let other = try await #require(try archive.catalog.versions(of: "a").first)
            #expect(try await archive.content(of: other).original == Data("Title a\n\nBody of a.".utf8))
        }
    }

    @Test func oneFlippedByteNamesTheBundle() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let damaged = try await #require(try archive.catalog.versions(of: "b").first)
            let file = archive.root.appending(path: damaged.bundlePath)
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0x01
            try bytes.write(to: file)

            let report = try await archive.verify()

            #expect(report.problems.count == 1)
            #expect(report.problems.first?.bundlePath == damaged.bundlePath)
            #expect(report.problems.first?.documentID == "b")
            #expect(report.problems.first?.message.contains(damaged.bundlePath) == true)
            #expect(try await archive.verify(documentIDs: ["a"]).isClean)
        }
    }

    @Test func aTamperedOriginalInsideAWellFormedBundleIsFound() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let version = try await #require(try archive.catalog.versions(of: "a").first)
            let file = archive.root.appending(path: version.bundlePath)
            // Rewrite the bundle with one byte of the original changed but the manifests untouched.
            var files = try LibArchiveReader.files(at: file)
            let index = try #require(files.firstIndex { $0.path == version.originalPath })
            files[index].data[0] ^= 0x20
            try LibArchiveWriter.write(files, to: file, format: .bundle(.default), modified: Date())

            let problems = try await archive.verify().problems.map(\.message).joined(separator: " | ")

            #expect(
                problems.contains("\(version.originalPath) does not match its sha256 checksum in manifest-sha256.txt")
            )
            await #expect(throws: ArchiveError.self) { try await archive.content(of: version) }
        }
    }

    @Test func aMissingBundleIsNamed() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let version = try await #require(try archive.catalog.versions(of: "a").first)
            try FileManager.default.removeItem(at: archive.root.appending(path: version.bundlePath))
            let report = try await archive.verify()
            #expect(report.problems.map(\.bundlePath) == [version.bundlePath])
            #expect(report.problems.first?.message.contains("missing") == true)
        }
    }

    @Test func aBundleTheCatalogDoesNotKnowIsReported() async throws {
        try await withTemporaryFolder { folder in
            let archive = try await archiveWithTwoDocuments(in: folder)
            let version = try await #require(try archive.catalog.versions(of: "a").first)
            let stray = "bundles/00/00/stray.tar.zst"
            try FileManager.default.createDirectory(
                at: archive.root.appending(path: "bundles/00/00"),
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(
                at: archive.root.appending(path: version.bundlePath),
                to: archive.root.appending(path: stray)
            )
            let problems = try await archive.verify().problems
            #expect(problems.map(\.bundlePath) == [stray])
            #expect(problems.first?.message.contains("run `mura catalog rebuild` to index it") == true)
            // A file there that is no bundle (a rebuild stops at it) is to be moved out, not indexed.
            let junk = "bundles/00/00/junk.tar.zst"
            try Data("not a bundle".utf8).write(to: archive.root.appending(path: junk))
            let junkProblem = try await archive.verify().problems.first { $0.bundlePath == junk }
            #expect(
                junkProblem?.message.contains("move it out of bundles/") == true,
                "\(String(describing: junkProblem))"
            )
        }
    }
}

/// A flag one task sets and another reads.
private final class ManagedAtomicFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
