import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArgumentParser
import Foundation

struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Fetch pages over HTTP or HTTPS and archive each response.",
        discussion: """
            The body is kept bit-exact, with the status, header fields and final URL after redirects. A page's \
            document id is its final URL without fragment and tracking parameters (utm_*, fbclid, gclid), or the \
            canonical URL it names on the same site; --id overrides. A page already archived is asked for with \
            If-None-Match and If-Modified-Since: a 304 or the same bytes is an unchanged capture. Fetching is \
            polite: robots.txt is honoured, one request at a time with a delay per host, a User-Agent naming Mura \
            and the archive's contact (mura init --contact), and 429 and 5xx answers are tried again after \
            Retry-After or a backoff. One failed page does not stop the rest; the exit code is 2 when any failed.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "The URLs to capture.")
    var urls: [String]

    @Option(help: "The document id (one URL only).")
    var id: String?

    @OptionGroup var fetching: FetchOptions

    @Flag(name: .customLong("ignore-robots"), help: "Fetch what robots.txt disallows (only for your own sites).")
    var ignoreRobots = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if id != nil, urls.count != 1 { throw ValidationError("--id names one document; give one URL with it.") }
    }

    func run() async throws {
        let opened = try await reportingAsyncErrors { try await archive.open() }
        let fetcher = fetching.fetcher(contact: opened.settings.contact, honoursRobots: !ignoreRobots)
        var report = IngestReport()
        report.streaming = !output.json
        for url in urls {
            do {
                let captured = try await opened.capture(url, documentID: id, registry: .builtIn, fetcher: fetcher)
                for result in captured.results { report.add(result, input: url) }
            } catch let error as ArchiveError {
                report.fail(url, error)
            } catch {
                report.fail(url, ArchiveError(.fetchFailed, "\(url) could not be captured.", underlying: error))
            }
        }
        try await fetcher.shutdown()
        try report.print(json: output.json)
        if report.failed > 0 { throw ExitCode(2) }
    }
}
