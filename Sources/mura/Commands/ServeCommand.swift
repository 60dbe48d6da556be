import ArchiveBuiltins
import ArchiveCore
import ArchiveServer
import ArgumentParser
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the archive service (HTTP + JSON, Memento) on the archive, creating it if missing."
    )

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    func run() async throws {
        let opened = try reportingErrors { () throws -> Archive in
            let folder = archive.folder
            if !FileManager.default.fileExists(atPath: folder.appending(path: "mura-archive.json").path) {
                return try Archive.create(at: folder, logger: archive.logger)
            }
            return try archive.open()
        }
        var logger = Logger(label: "mura.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = archive.verbose ? .debug : .notice
        Console.print("Serving \(opened.root.path) on http://\(host):\(port) (Ctrl-C to stop)")
        try await runArchiveService(archive: opened, registry: .builtIn, host: host, port: port, logger: logger)
    }
}
