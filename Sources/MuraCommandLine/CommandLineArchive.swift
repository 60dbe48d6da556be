public import Foundation
public import Logging

/// What every command that works on an archive shares, in `mura` and in `mura-commands`: where the archive is, and
/// where its log goes.
public enum CommandLineArchive {
    /// The archive folder chosen by `--archive` (`option`), else `$MURA_ARCHIVE`, else `Archives` in the current
    /// folder.
    public static func folder(option: String?) -> URL {
        let path = option ?? ProcessInfo.processInfo.environment["MURA_ARCHIVE"].flatMap { $0.isEmpty ? nil : $0 }
        return URL(filePath: path ?? "Archives", directoryHint: .isDirectory).standardizedFileURL
    }

    /// A log on standard error: what the archive does with `verbose` (`--verbose`), else warnings only.
    public static func logger(verbose: Bool) -> Logger {
        var logger = Logger(label: "mura") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}
