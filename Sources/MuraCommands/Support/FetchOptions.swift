import ArchiveCapture
import ArchiveCore
import ArgumentParser

/// How `capture` and `watch run` fetch pages.
struct FetchOptions: ParsableArguments {
    @Option(help: "Seconds between two requests to one host.")
    var delay: Double = 1

    @Option(help: "Seconds a request may take, body included.")
    var timeout: Double = 30

    @Option(name: .customLong("max-size"), help: "The largest body kept, in bytes; a larger one is refused.")
    var maxSize = 50 * 1024 * 1024

    func validate() throws {
        guard delay >= 0, delay <= 3600 else { throw ValidationError("--delay must be 0 to 3600 seconds.") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be 0 to 3600 seconds.") }
        guard maxSize > 0 else { throw ValidationError("--max-size must be a positive number of bytes.") }
    }

    /// A fetcher with these settings, naming the archive's contact.
    func fetcher(contact: String?, honoursRobots: Bool = true) -> PageFetcher {
        PageFetcher(
            policy: CapturePolicy(
                contact: contact,
                honoursRobots: honoursRobots,
                delayPerHost: .milliseconds(Int64(delay * 1000)),
                timeout: .milliseconds(Int64(timeout * 1000)),
                maximumSize: maxSize
            )
        )
    }
}
