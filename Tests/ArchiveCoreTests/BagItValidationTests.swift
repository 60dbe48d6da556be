import ArchiveBuiltins
import ArchiveCore
import ArchiveTesting
import Foundation
import Testing

/// Bundles are checked with the Library of Congress's own validator, bagit.py, after extraction with tar.
@Suite struct BagItValidationTests {
    @Test(.requires(tools: "bagit.py"), arguments: BundleCompression.Algorithm.allCases)
    func bundleExtractedWithTarPassesBagitValidate(_ algorithm: BundleCompression.Algorithm) async throws {
        let bagit = try TestRequirement.tool("bagit.py")
        try await withTemporaryFolder { folder in
            let archive = try await Archive.makeForTesting(
                in: folder,
                compression: BundleCompression(algorithm: algorithm)
            )
            let text = "Дата публикации\n01 марта 2022\n\nТекст новости.\n"
            _ = try await archive.ingest(
                IngestRequest(data: Data(text.utf8), name: "новость.txt", sourceURL: "https://example.org/новость"),
                registry: .builtIn
            )
            let bundle = try #require(try await archive.bundleFiles().first)
            #expect(bundle.path.hasSuffix(algorithm.fileExtension))

            let extracted = folder.appending(path: "extracted")
            try FileManager.default.createDirectory(at: extracted, withIntermediateDirectories: true)
            let tar = try ProcessRunner.run(URL(filePath: "/usr/bin/tar"), ["-xaf", bundle.path, "-C", extracted.path])
            #expect(tar.status == 0, "tar failed: \(tar.stderrText)")
            #expect(try Data(contentsOf: extracted.appending(path: "data/original.txt")) == Data(text.utf8))

            let result = try ProcessRunner.run(bagit, ["--validate", extracted.path])
            #expect(result.status == 0, "bagit.py --validate failed: \(result.stderrText)")
            #expect(result.stderrText.contains("is valid"))
        }
    }
}
