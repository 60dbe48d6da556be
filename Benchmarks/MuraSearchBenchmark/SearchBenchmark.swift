import ArchiveCore
import Foundation

/// Fills a catalog with versions built from real texts, varied, and times a fixed mix of searches on it.
///
///     MuraSearchBenchmark --texts texts.jsonl --versions 100000 --folder DIR --output result.json
///
/// `texts.jsonl` holds one `{"title": …, "text": …}` per line (Scripts/bench_search.py makes it from the corpus).
/// Each document takes one text; each of its versions changes a few of its words and adds a revision line, so
/// versions share most of their words as real ones do. Versions and their index entries are written straight into
/// the catalog in large transactions, oldest capture first (as `mura catalog rebuild` does), not through ingest. The queries: single
/// words across the frequency range (rare to common), two-word phrases, prefixes, and single words searched
/// `--at` a date, each answering the top 20 documents. Times are of `Catalog.search`: query compilation, the index
/// and the version rows.
@main struct SearchBenchmark {
    struct Text: Decodable {
        var title: String?
        var text: String
    }

    struct Result: Encodable {
        var versions: Int
        var documents: Int
        var fillSeconds: Double
        var queries: [String: Latency]
        var all: Latency
        /// The ten slowest queries, as typed, with their kind and milliseconds: where to look first.
        var slowest: [String]
    }

    struct Latency: Encodable {
        var count: Int
        var p50: Double
        var p99: Double
        var mean: Double
        var meanHits: Double
    }

    static let versionsPerDocument = 4

    static func main() async throws {
        var arguments = [String: String]()
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let name = iterator.next() {
            guard name.hasPrefix("--"), let value = iterator.next() else {
                throw Usage(
                    message:
                        "arguments are --texts FILE --versions N --folder DIR --output FILE [--queries N] [--reuse yes] [--frequent-pairs no]"
                )
            }
            arguments[String(name.dropFirst(2))] = value
        }
        guard let textsPath = arguments["texts"], let folder = arguments["folder"], let output = arguments["output"],
            let versionCount = arguments["versions"].flatMap(Int.init)
        else {
            throw Usage(
                message:
                    "arguments are --texts FILE --versions N --folder DIR --output FILE [--queries N] [--reuse yes] [--frequent-pairs no]"
            )
        }
        let queryCount = arguments["queries"].flatMap(Int.init) ?? 1000
        let texts = try String(contentsOfFile: textsPath, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Text.self, from: Data($0.utf8))
        }
        var random = SplitMix64(seed: 20_261_203)
        let words = texts.map { $0.text.split(whereSeparator: \.isWhitespace) }

        // The versions: document d takes text d mod T; version v is captured v × 30 days after the document's day.
        let documents = (versionCount + versionsPerDocument - 1) / versionsPerDocument
        let start = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01
        var versions: [Version] = []
        versions.reserveCapacity(versionCount)
        for index in 0..<versionCount {
            let document = index % documents
            let revision = index / documents
            let captured = start.addingTimeInterval(Double(document % 1000) * 3600 + Double(revision) * 30 * 86_400)
            versions.append(
                Version(
                    id: String(format: "%08x-%04x", document, revision),
                    documentID: "site-\(document % 97)/page-\(document)",
                    capturedAt: captured,
                    sha256: String(repeating: "0", count: 64),
                    size: 1,
                    bundlePath: "bench/\(index)",
                    format: DocumentFormat(rawValue: "text"),
                    importer: "text",
                    originalExtension: "txt",
                    title: texts[document % texts.count].title
                )
            )
        }
        let catalogURL = URL(filePath: folder).appending(path: "catalog.sqlite")
        // `--reuse yes` times the queries on a catalog an earlier run of the same size filled (when changing only
        // how searches run): the fill is skipped, and the earlier fill's seconds are reported.
        let filledMarker = URL(filePath: folder).appending(path: "filled-\(versionCount)")
        let reuse = arguments["reuse"] == "yes" && FileManager.default.fileExists(atPath: filledMarker.path)
        if !reuse {
            try? FileManager.default.removeItem(at: URL(filePath: folder))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // `--frequent-pairs no` fills the index without the pairs of frequent terms (what they cost to write).
        let catalog = try SQLiteCatalog(
            path: catalogURL.path,
            searchFrequency: arguments["frequent-pairs"] == "no"
                ? SearchFrequency(sampleEvery: SearchFrequency.standard.sampleEvery, promotedAt: .max)
                : .standard
        )
        let clock = ContinuousClock()
        let fillStart = clock.now
        if reuse {
            // The fill draws one number per version; the queries come after them.
            for _ in 0..<versionCount { _ = random.next() }
        } else {
            try await catalog.replaceAll(versions: versions, observations: [], events: [])
        }
        // Index entries in batches, their terms read on every core, oldest capture first (as an archive fills its
        // index).
        let batch = 4096
        let captureOrder = versions.sorted { ($0.capturedAt, $0.id) < ($1.capturedAt, $1.id) }
        for first in stride(from: 0, to: reuse ? 0 : versionCount, by: batch) {
            let slice = Array(captureOrder[first..<min(versionCount, first + batch)])
            let seeds = slice.map { _ in random.next() }
            let entries = await withTaskGroup(of: [(Version, IndexedText)].self) { group in
                let chunk = (slice.count + 7) / 8
                for part in stride(from: 0, to: slice.count, by: chunk) {
                    group.addTask {
                        (part..<min(slice.count, part + chunk)).map { offset in
                            let version = slice[offset]
                            let document = Int(version.documentID.split(separator: "-").last!)!
                            var generator = SplitMix64(seed: seeds[offset])
                            let body = varied(words[document % words.count], words, revision: version.id, &generator)
                            return (version, IndexedText(title: version.title, body: body))
                        }
                    }
                }
                var entries: [(Version, IndexedText)] = []
                for await part in group { entries += part }
                return entries
            }
            try await catalog.index(entries, complete: first + batch >= versionCount)
        }
        // The marker keeps the fill's seconds, which a reusing run reports.
        let fillSeconds =
            reuse
            ? (try? String(contentsOf: filledMarker, encoding: .utf8)).flatMap {
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            } ?? 0
            : Double((clock.now - fillStart).components.attoseconds) / 1e18
                + Double((clock.now - fillStart).components.seconds)
        if !reuse {
            FileManager.default.createFile(atPath: filledMarker.path, contents: Data(String(fillSeconds).utf8))
        }

        // A service that has answered for a while has its catalog in the system's file cache: the file is read once
        // before the queries are timed, so that they are timed in that state rather than against the disk.
        for file in [catalogURL, URL(filePath: catalogURL.path + "-wal")] {
            guard let handle = try? FileHandle(forReadingFrom: file) else { continue }
            while let chunk = try handle.read(upToCount: 1 << 24), !chunk.isEmpty {}
            try handle.close()
        }

        // The query mix.
        let queries = try makeQueries(texts: texts, count: queryCount, versions: versions, &random)
        var latencies: [String: [Double]] = [:]
        var hits: [String: [Int]] = [:]
        var timed: [(Double, String)] = []
        for (kind, request) in queries {
            let began = clock.now
            let result = try await catalog.search(request)
            let elapsed = clock.now - began
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            latencies[kind, default: []].append(milliseconds)
            hits[kind, default: []].append(result.hits.count)
            timed.append((milliseconds, "\(kind) \(request.query.text): \(String(format: "%.1f", milliseconds)) ms"))
        }
        func latency(_ values: [Double], _ found: [Int]) -> Latency {
            let sorted = values.sorted()
            let rank = { (share: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))] }
            return Latency(
                count: sorted.count,
                p50: rank(0.5),
                p99: rank(0.99),
                mean: sorted.reduce(0, +) / Double(max(1, sorted.count)),
                meanHits: Double(found.reduce(0, +)) / Double(max(1, found.count))
            )
        }
        let result = Result(
            versions: versionCount,
            documents: documents,
            fillSeconds: fillSeconds,
            queries: Dictionary(uniqueKeysWithValues: latencies.map { ($0.key, latency($0.value, hits[$0.key]!)) }),
            all: latency(latencies.values.flatMap { $0 }, hits.values.flatMap { $0 }),
            slowest: timed.sorted { $0.0 > $1.0 }.prefix(10).map(\.1)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(result).write(to: URL(filePath: output))
    }

    /// A text with about one word in fifty replaced by a word of another text, and a revision line.
    static func varied(
        _ words: [Substring],
        _ all: [[Substring]],
        revision: String,
        _ random: inout SplitMix64
    ) -> String {
        var result = words
        let changes = max(1, words.count / 50)
        for _ in 0..<changes where !result.isEmpty {
            let other = all[Int(random.next() % UInt64(all.count))]
            guard !other.isEmpty else { continue }
            result[Int(random.next() % UInt64(result.count))] = other[Int(random.next() % UInt64(other.count))]
        }
        return result.joined(separator: " ") + "\n\nRevision \(revision)."
    }

    /// 40% single words spread over the frequency ranks (rare to common), 20% two-word phrases, 20% prefixes of
    /// four letters, 20% single words at a date within the history.
    static func makeQueries(
        texts: [Text],
        count: Int,
        versions: [Version],
        _ random: inout SplitMix64
    ) throws -> [(String, SearchRequest)] {
        var frequency: [String: Int] = [:]
        var plain: [[String]] = []
        for text in texts {
            let words = text.text.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }.filter {
                $0.count >= 3
            }
            for word in Set(words) { frequency[word, default: 0] += 1 }
            plain.append(words)
        }
        let ranked = frequency.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        func word(atShare share: Double) -> String {
            // Log-spaced ranks: as many queries among the 100 commonest words as among the rarest.
            let index = Int(pow(Double(ranked.count), share)) - 1
            return ranked[max(0, min(ranked.count - 1, index))]
        }
        let dates = versions.map(\.capturedAt)
        let earliest = dates.min()!.timeIntervalSince1970
        let latest = dates.max()!.timeIntervalSince1970
        var queries: [(String, SearchRequest)] = []
        for index in 0..<count {
            let share = Double(random.next() % 10_000) / 10_000
            switch index % 5 {
            case 0, 1:
                queries.append(("word", SearchRequest(query: try SearchQuery(word(atShare: share)))))
            case 2:
                let text = plain.filter { $0.count > 2 }[Int(random.next() % UInt64(plain.count / 2))]
                let at = Int(random.next() % UInt64(text.count - 1))
                queries.append(("phrase", SearchRequest(query: try SearchQuery("\"\(text[at]) \(text[at + 1])\""))))
            case 3:
                let long = ranked[Int(random.next() % UInt64(min(ranked.count, 20_000)))]
                queries.append(("prefix", SearchRequest(query: try SearchQuery(String(long.prefix(4)) + "*"))))
            default:
                let at = Date(timeIntervalSince1970: earliest + (latest - earliest) * share)
                queries.append(("at", SearchRequest(query: try SearchQuery(word(atShare: 0.3 + 0.7 * share)), at: at)))
            }
        }
        return queries
    }
}

struct Usage: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A small seeded generator, so that every run builds the same history and queries.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
