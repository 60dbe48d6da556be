import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArgumentParser
import Foundation
import MuraCommandLine
import Synchronization

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch feeds, sitemaps and listing pages, and capture their publications as they appear.",
        discussion: """
            A source is an RSS or Atom feed, a JSON Feed, a sitemap or sitemap index (gzipped too), or a listing page \
            whose links under a prefix are publications. `watch run` reads each source when due and captures every \
            publication new to it; each is captured again 1, 7 and 30 days after it was first seen, and whenever the \
            source gives it a new date. The watches and their journals are kept in the archive's watches/ folder.
            """,
        subcommands: [Add.self, List.self, Remove.self, Run.self]
    )

    /// `30m`, `1h`, `1d`, `2w`, or seconds.
    static func seconds(_ text: String, option: String) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let unit = text.last.flatMap { units[$0] }
        guard let count = Int(unit == nil ? text : String(text.dropLast())), count > 0 else {
            throw ValidationError("\(option) '\(text)' is not a duration such as 30m, 1h, 1d or 3600.")
        }
        return count * (unit ?? 1)
    }

    static func store(_ archive: Archive) -> FileWatchStore { FileWatchStore(archive: archive.root) }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Watch a feed, sitemap or listing page.")

        @OptionGroup var archive: ArchiveOptions

        @Argument(help: "The source's URL.")
        var url: String

        @Option(help: "How often the source is read: 30m, 1h, 1d (at least 1m).")
        var every = "1h"

        @Option(help: "For a listing page: only links starting with this URL are publications.")
        var prefix: String?

        @Option(
            help: "Name each publication's document by this prefix and its URL's path (press/ gives press/news/42)."
        )
        var idPrefix: String?

        @Flag(name: .customLong("ignore-robots"), help: "Read what robots.txt disallows (only for your own sites).")
        var ignoreRobots = false

        func validate() throws {
            guard try WatchCommand.seconds(every, option: "--every") >= 60 else {
                throw ValidationError("--every must be at least 1m: a source read more often burdens its site.")
            }
            guard PageIdentity.id(of: url) != nil else {
                throw ValidationError("'\(url)' is not an absolute http or https URL.")
            }
            if let prefix, PageIdentity.id(of: prefix) == nil {
                throw ValidationError("--prefix '\(prefix)' is not an absolute http or https URL.")
            }
        }

        func run() async throws {
            let opened = try await reportingAsyncErrors { try await archive.open() }
            let store = WatchCommand.store(opened)
            let source = WatchSource(
                url: url,
                every: try WatchCommand.seconds(every, option: "--every"),
                prefix: prefix,
                idPrefix: idPrefix,
                ignoresRobots: ignoreRobots,
                added: Date()
            )
            try reportingErrors {
                if try store.sources().contains(where: { $0.id == source.id }) {
                    throw ArchiveError(
                        .invalidArgument,
                        "\(url) is watched already (\(source.id)); see mura watch list."
                    )
                }
                try store.add(source)
            }
            Console.print("watching \(source.id)  \(url)  every \(every)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The watched sources and their last runs.")

        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var output: OutputOptions

        struct Line: Encodable {
            var source: WatchSource
            var publications: Int
            var lastRun: WatchEvent?
            var nextRun: Date
        }

        func run() async throws {
            let opened = try await reportingAsyncErrors { try await archive.open() }
            let store = WatchCommand.store(opened)
            let lines = try reportingErrors {
                try store.sources().map { source in
                    let state = WatchState(source: source, events: try store.events(of: source.id))
                    return Line(
                        source: source,
                        publications: state.items.count,
                        lastRun: state.lastRun,
                        nextRun: state.nextRun
                    )
                }
            }
            if output.json { return try Console.printJSON(lines) }
            for line in lines {
                let last =
                    line.lastRun.map { "last run \(ArchiveDate.format($0.at)) \($0.outcome ?? "")" } ?? "not run yet"
                Console.print(
                    "\(line.source.id)  \(line.source.url)  \(line.publications) publications, \(last), next "
                        + ArchiveDate.format(line.nextRun)
                )
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop watching a source (its publications stay archived)."
        )

        @OptionGroup var archive: ArchiveOptions

        @Argument(help: "The source's id (from mura watch list) or URL.")
        var source: String

        func run() async throws {
            let opened = try await reportingAsyncErrors { try await archive.open() }
            let store = WatchCommand.store(opened)
            try reportingErrors {
                guard let found = try store.sources().first(where: { $0.id == source || $0.url == source }) else {
                    throw ArchiveError(.unknownDocument, "No watched source is '\(source)'; see mura watch list.")
                }
                try store.remove(found.id, at: Date())
                Console.print("no longer watching \(found.id)  \(found.url)")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the sources when due and capture their publications, until stopped (or once).",
            discussion: """
                Each capture is written to the source's journal before its line is printed, so a run stopped at any \
                point loses nothing it printed; the next run goes on from there. One run at a time per archive.
                """
        )

        @OptionGroup var archive: ArchiveOptions
        @OptionGroup var fetching: FetchOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "One pass over what is due, then stop (exit code 2 when a source or page failed).")
        var once = false

        func run() async throws {
            let opened = try await reportingAsyncErrors { try await archive.open() }
            let store = WatchCommand.store(opened)
            let lock = try reportingErrors { try store.lockRuns() }
            let fetcher = fetching.fetcher(contact: opened.settings.contact)
            let runner = WatchRunner(archive: opened, registry: .builtIn, fetcher: fetcher, store: store)
            var report = IngestReport()
            report.streaming = !output.json
            let shared = WatchReport(report)
            let progress: @Sendable (WatchProgress) -> Void = { shared.take($0, printing: !output.json) }
            do {
                if once {
                    try await runner.runOnce(report: progress)
                } else {
                    try await runner.run(report: progress)
                }
            } catch {
                try? await fetcher.shutdown()
                throw reportedError(error)
            }
            try await fetcher.shutdown()
            withExtendedLifetime(lock) {}
            let final = shared.report
            try final.print(json: output.json)
            if final.failed > 0 { throw ExitCode(2) }
        }

        private func reportedError(_ error: any Error) -> any Error {
            guard let error = error as? ArchiveError else { return error }
            Console.error(error.commandLineMessage)
            return error.exitCode
        }
    }
}

/// The report of a watch run, fed by its progress.
private final class WatchReport: Sendable {
    private let state: Mutex<IngestReport>

    init(_ report: IngestReport) {
        state = Mutex(report)
    }

    var report: IngestReport { state.withLock { $0 } }

    func take(_ progress: WatchProgress, printing: Bool) {
        state.withLock { report in
            switch progress {
            case .read(let source, let kind, let listed, let new):
                if printing {
                    Console.print("read      \(source.url)  \(listed) listed, \(new) new (\(kind.rawValue))")
                }
            case .unreadable(let source, let error): report.fail(source.url, error)
            case .captured(_, let url, let results): for result in results { report.add(result, input: url) }
            case .failed(_, let url, let error): report.fail(url, error)
            case .disallowed(_, let url):
                if printing { Console.print("passed    \(url)  (robots.txt does not allow it)") }
            }
        }
    }
}
