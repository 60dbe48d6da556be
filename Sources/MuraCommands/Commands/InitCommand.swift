public import ArchiveCore
public import ArgumentParser
import Foundation

extension BundleCompression.Algorithm: ExpressibleByArgument {}
extension ArchiveSettings.ReadAccess: ExpressibleByArgument {}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an archive in the archive folder."
    )

    @OptionGroup var archive: ArchiveOptions

    @Option(help: "How bundles are compressed: zstd, xz or gzip.")
    var compression: BundleCompression.Algorithm = .zstd

    @Option(help: "The compression level (zstd 1-19, default 3; xz 0-9 and gzip 1-9, default 6).")
    var level: Int?

    @Flag(
        help: """
            Keep every bundle self-contained (no shared dictionary, no base version): each opens alone with tar, at \
            several times the bytes.
            """
    )
    var selfContained = false

    @Flag(help: "Record every restore as a provenance event (a write for each read; off by default).")
    var recordReads = false

    @Option(help: "The organization named as Source-Organization in exported bags.")
    var organization: String?

    @Option(help: "Who may read through `mura serve`: open (anyone) or token (a read or write token).")
    var reads: ArchiveSettings.ReadAccess = .open

    @Option(
        help: """
            How site owners reach you (an e-mail address or a URL), sent in the User-Agent of every page \
            `mura capture` fetches.
            """
    )
    var contact: String?

    func validate() throws {
        if let organization, organization.contains(where: \.isNewline) || organization.isEmpty {
            throw ValidationError("--organization must be one line of text.")
        }
        if let contact, contact.isEmpty || contact.contains(where: { $0.isNewline || $0 == "(" || $0 == ")" }) {
            throw ValidationError("--contact must be one line without parentheses, such as archive@example.org.")
        }
    }

    func run() async throws {
        try await reportingAsyncErrors {
            let settings = ArchiveSettings(
                compression: BundleCompression(algorithm: compression, level: level, selfContained: selfContained),
                sourceOrganization: organization,
                readAccess: reads,
                contact: contact,
                recordsReads: recordReads
            )
            try await Archive.create(at: archive.folder, settings: settings, logger: archive.logger)
            Console.print("Created an archive in \(archive.folder.path) (bundles: \(settings.compression)).")
        }
    }
}
