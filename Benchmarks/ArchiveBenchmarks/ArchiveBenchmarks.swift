import ArchiveBuiltins
import ArchiveCore
import Benchmark
import Foundation
import Logging

// Hot paths of the archive, measured in process: writing and reading one bundle, the catalog's dated lookup
// with a million versions in it, and a dated lookup plus verified read in a real archive.
//
// Run: Scripts/bench-micro (MURA_BENCHMARKS=1 swift package benchmark).

/// A page-sized document: about 100 KB of text, as the corpus pages have.
let pageText = (0..<1500).map { "Paragraph \($0): the council met on Monday and passed the budget." }
    .joined(separator: "\n")
let silent = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
let scratch = FileManager.default.temporaryDirectory.appending(path: "mura-micro-\(UUID().uuidString)")
let january2024: Int64 = 1_704_067_200_000
let month: Int64 = 2_678_400_000

/// A catalog with `count` versions: `count / 3` documents with three captures each, written in one transaction.
func makeCatalog(versions count: Int) async throws -> SQLiteCatalog {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let catalog = try SQLiteCatalog(path: scratch.appending(path: "catalog-\(count).sqlite").path)
    var versions: [Version] = []
    versions.reserveCapacity(count)
    for number in 0..<count {
        versions.append(
            Version(
                id: "v\(number)",
                documentID: "doc\(number / 3)",
                capturedAt: Date(milliseconds: january2024 + Int64(number % 3) * month),
                sha256: String(repeating: "0", count: 64),
                size: 100_000,
                bundlePath: "bundles/\(number).tar.zst",
                format: DocumentFormat("html"),
                importer: "html",
                originalExtension: "html"
            )
        )
    }
    try await catalog.replaceAll(
        versions: versions,
        observations: [],
        events: [ProvenanceEvent(kind: .rebuild, outcome: .success, detail: "benchmark")]
    )
    return catalog
}

/// A real archive of 100 text documents with three versions each.
func makeArchive() async throws -> Archive {
    let archive = try await Archive.create(at: scratch.appending(path: "archive-\(UUID().uuidString)"), logger: silent)
    for number in 0..<100 {
        for (index, day) in ["2024-01-01", "2024-02-01", "2024-03-01"].enumerated() {
            _ = try await archive.ingest(
                IngestRequest(
                    data: Data("Document \(number)\n\nVersion \(index).\n\(pageText)".utf8),
                    name: "doc\(number)",
                    documentID: "doc\(number)",
                    capturedAt: try ArchiveDate.parse(day, field: "day")
                ),
                registry: .builtIn
            )
        }
    }
    return archive
}

// Built once, on first use, and shared by every sample: the benchmark closures run once per sample.
nonisolated(unsafe) var millionVersionCatalog: SQLiteCatalog?
nonisolated(unsafe) var smallArchive: Archive?

func temporaryBundle() -> URL {
    FileManager.default.temporaryDirectory.appending(path: "mura-bench-\(UUID().uuidString).tar.zst")
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        maxDuration: .seconds(5)
    )

    Benchmark("bundle write (100 KB page, zstd 3)") { benchmark in
        let files = [
            BagFile(path: "data/original.txt", data: Data(pageText.utf8)),
            BagFile(path: "data/document.json", data: Data(pageText.utf8)),
        ]
        let target = temporaryBundle()
        defer { try? FileManager.default.removeItem(at: target) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try LibArchiveWriter.write(files, to: target, format: .bundle(.default), modified: Date())
        }
    }

    Benchmark("bundle read (100 KB page, zstd 3)") { benchmark in
        let target = temporaryBundle()
        defer { try? FileManager.default.removeItem(at: target) }
        let files = [BagFile(path: "data/original.txt", data: Data(pageText.utf8))]
        try LibArchiveWriter.write(files, to: target, format: .bundle(.default), modified: Date())
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try LibArchiveReader.files(at: target, tarOnly: true))
        }
    }

    Benchmark("catalog dated lookup, 1M versions", configuration: .init(maxDuration: .seconds(20))) { benchmark in
        let catalog: SQLiteCatalog
        if let built = millionVersionCatalog {
            catalog = built
        } else {
            catalog = try await makeCatalog(versions: 1_000_000)
        }
        millionVersionCatalog = catalog
        var random = SystemRandomNumberGenerator()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let document = Int.random(in: 0..<333_333, using: &random)
            let date = Date(milliseconds: january2024 + Int64.random(in: 0..<(3 * month), using: &random))
            blackHole(try await catalog.timeline(of: "doc\(document)", at: date).versionInForce(at: date))
        }
    }

    Benchmark("dated lookup + verified read, 300 versions") { benchmark in
        let archive: Archive
        if let built = smallArchive { archive = built } else { archive = try await makeArchive() }
        smallArchive = archive
        var random = SystemRandomNumberGenerator()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let date = Date(milliseconds: january2024 + Int64.random(in: 0..<(3 * month), using: &random))
            let memento = try await archive.memento(of: "doc\(Int.random(in: 0..<100, using: &random))", at: date)
            blackHole(try await archive.content(of: memento.version))
        }
    }
}
