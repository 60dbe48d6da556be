import ArchiveBuiltins
import ArchiveCapture
import ArchiveCore
import ArchiveServer
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the archive service (HTTP + JSON, Memento) on the archive (--create makes a missing one).",
        discussion: """
            Routes: GET /documents, POST /documents, GET /documents/{id}[?at=DATE], /documents/{id}/versions[/{n}], \
            /timegate/{id}, /timegate?url=, /timemap/{id}, POST /exports, POST /verify, /search, /watches, /health, \
            /metrics, /openapi.yaml. Writes need a write token (`mura token create --role write`). With --watch, the \
            archive's watches (mura watch add) run inside the service.
            """
    )

    @OptionGroup var archive: ArchiveOptions

    @Flag(
        help: "Create the archive when the folder holds none (otherwise serving a folder that is not an archive fails)."
    )
    var create = false

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "The largest request body POST /documents takes: bytes, or with K, M or G (default 32M).")
    var maxBodySize = "32M"

    @Option(
        help: ArgumentHelp(
            "The address clients reach the service at, when it is behind a proxy (https://archive.example.org).",
            discussion: "Links, redirects and TimeMaps are built on it, and browser pages of its origin may write; "
                + "without it, the request's Host header says."
        )
    )
    var publicURL: String?

    @Option(
        name: .customLong("allow-origin"),
        help: ArgumentHelp(
            "An origin of another site whose browser pages may call the service (CORS) and write with a token "
                + "(repeatable), such as https://cms.example.org."
        )
    )
    var allowedOrigins: [String] = []

    @Option(help: "The most temporary space one POST /exports may use before sending: bytes, or with K, M or G.")
    var maxScratchSize = "4G"

    @Option(
        help: ArgumentHelp(
            "Memory for versions read recently: bytes, or with K, M or G (default 64M).",
            discussion:
                "A version is read from its bundle and verified once, then answered from memory until it is the "
                + "one read least recently when room is needed; a version takes about twice its original's size, "
                + "and one over a quarter of the cache is not kept."
        )
    )
    var cacheSize = "64M"

    @Flag(help: "Run the archive's watches (mura watch add) inside the service, as mura watch run would.")
    var watch = false

    @OptionGroup(title: "Fetching (with --watch)") var fetching: FetchOptions

    func validate() throws {
        guard byteCount(maxScratchSize) != nil else {
            throw ValidationError("--max-scratch-size '\(maxScratchSize)' is not a size such as 4G, 512M or 1048576.")
        }
        guard byteCount(maxBodySize) != nil else {
            throw ValidationError("--max-body-size '\(maxBodySize)' is not a size such as 32M, 512K or 1048576.")
        }
        guard byteCount(cacheSize) != nil else {
            throw ValidationError("--cache-size '\(cacheSize)' is not a size such as 64M, 1G or 1048576.")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535.") }
    }

    func run() async throws {
        let opened = try await reportingAsyncErrors { () throws -> Archive in
            let folder = archive.folder
            if create, !FileManager.default.fileExists(atPath: folder.appending(path: ArchiveSettings.fileName).path) {
                return try await Archive.create(at: folder, logger: archive.logger)
            }
            return try await archive.open()
        }
        var logger = Logger(label: "mura.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = archive.verbose ? .debug : .notice
        let configuration = ServiceConfiguration(
            host: host,
            port: port,
            maximumBodySize: byteCount(maxBodySize)!,
            cacheSize: byteCount(cacheSize)!,
            publicURL: publicURL,
            allowedOrigins: allowedOrigins,
            maximumScratchSize: byteCount(maxScratchSize)!
        )
        let watches =
            watch
            ? WatchRunner(
                archive: opened,
                registry: .builtIn,
                fetcher: fetching.fetcher(contact: opened.settings.contact),
                store: FileWatchStore(archive: opened.root)
            ) : nil
        // Said once the port is bound: the port it really has (`--port 0` picks one), and nothing when it is taken.
        let (folder, host, watching) = (opened.root.path, host, watch)
        do {
            try await reportingAsyncErrors {
                try await runArchiveService(
                    archive: opened,
                    registry: .builtIn,
                    configuration: configuration,
                    logger: logger,
                    watches: watches
                ) { port in
                    Console.print(
                        "Serving \(folder) on http://\(host):\(port)" + (watching ? ", running its watches" : "")
                            + " (Ctrl-C to stop)"
                    )
                }
            }
        } catch {
            try? await watches?.fetcher.shutdown()
            throw error
        }
    }
}
