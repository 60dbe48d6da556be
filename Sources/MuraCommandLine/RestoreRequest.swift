import ArchiveCore
import Foundation

/// `mura restore`: the original bytes of the version of a document in force at a date, written to standard output
/// or to a file.
///
/// `mura` runs a restore itself when its arguments are in the plain forms ``init(arguments:)`` reads, without
/// starting `mura-commands`; `mura-commands restore` parses the same options with ArgumentParser and runs the same
/// request, so both say and do the same.
public struct RestoreRequest: Sendable, Equatable {
    /// `--archive`; `nil` for `$MURA_ARCHIVE` or the default.
    public var archive: String?
    public var id: String
    /// `--at`, as written.
    public var at: String
    /// `--output`; `nil` or `-` for standard output.
    public var output: String?
    public var force: Bool
    public var verbose: Bool

    public init(
        archive: String? = nil,
        id: String,
        at: String,
        output: String? = nil,
        force: Bool = false,
        verbose: Bool = false
    ) {
        self.archive = archive
        self.id = id
        self.at = at
        self.output = output
        self.force = force
        self.verbose = verbose
    }

    /// The request the arguments after `restore` make, when each is in a plain form: one document id, and
    /// `--archive`, `--at`, `--output` (`-o`) with their value as the next argument or after `=`, `--force`,
    /// `--verbose` (`-v`), each at most once.
    ///
    /// `nil` for anything else (help, an unknown or repeated option, a missing value, a value that starts with `-`,
    /// `--`): the whole command line parser then reads the arguments and words what is wrong.
    public init?(arguments: [String]) {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var id: String?
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("-") else {
                guard id == nil, !argument.isEmpty else { return nil }
                id = argument
                continue
            }
            let (name, attached) = Self.split(argument)
            if let option = Self.valueOptions[name] {
                guard let value = attached ?? remaining.popFirst(), !value.isEmpty, !value.hasPrefix("-"),
                    values.updateValue(value, forKey: option) == nil
                else { return nil }
            } else if let flag = Self.flags[name], attached == nil, flags.insert(flag).inserted {
                continue
            } else {
                return nil
            }
        }
        guard let id, let at = values["at"] else { return nil }
        self.init(
            archive: values["archive"],
            id: id,
            at: at,
            output: values["output"],
            force: flags.contains("force"),
            verbose: flags.contains("verbose")
        )
    }

    private static let valueOptions = ["--archive": "archive", "--at": "at", "--output": "output", "-o": "output"]
    private static let flags = ["--force": "force", "--verbose": "verbose", "-v": "verbose"]

    /// `--name=value` as its name and value; any other argument as itself, without a value.
    private static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// Restores, and returns the exit status: 0, or the status of the error, which is printed on standard error.
    public func run() async -> Int32 {
        await performed().status
    }

    /// Restores, then ends the process with the exit status of ``run()`` while the archive is still open: the
    /// system closes its files, and closing the catalog first would only cost a thread that disposes of its queue.
    public func runAndExit() async -> Never {
        let (status, archive) = await performed()
        withExtendedLifetime(archive) { exit(status) }
    }

    /// The exit status, and the archive when it was opened.
    private func performed() async -> (status: Int32, archive: Archive?) {
        var archive: Archive?
        do {
            try await restore(opening: &archive)
            return (0, archive)
        } catch let error as ArchiveError {
            FileHandle.standardError.write(Data("error: \(error.commandLineMessage)\n".utf8))
            return (error.exitStatus, archive)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return (1, archive)
        }
    }

    /// Refuses an `--output` that would replace what it must not: a file that exists (a link too, even to nothing)
    /// without `--force`, a folder, or anything inside the archive's folder. A device or a pipe is written into.
    private static func checkOutput(_ output: String, archive: URL, force: Bool) throws {
        if ArchiveFolderBounds.contains(URL(filePath: output), archive: archive) {
            throw ArchiveError(
                .invalidArgument,
                "\(output) is inside the archive \(archive.path); write restored files outside it."
            )
        }
        guard !OutputFile.isStream(output) else { return }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
            throw ArchiveError(.invalidArgument, "\(output) is a folder; give --output a file's name.")
        }
        var status = stat()
        if !force, lstat(output, &status) == 0 {
            throw ArchiveError(.invalidArgument, "\(output) already exists; choose another --output or add --force.")
        }
    }

    private func restore(opening opened: inout Archive?) async throws {
        let date = try ArchiveDate.parse(at, field: "--at", anchor: .endOfDay)
        let folder = CommandLineArchive.folder(option: archive)
        // `-` is standard output, as it is standard input for an ingest.
        let output = self.output == "-" ? nil : self.output
        if let output { try Self.checkOutput(output, archive: folder, force: force) }
        let archive = try await Archive.openForReading(
            at: folder,
            logger: CommandLineArchive.logger(verbose: verbose),
            blocking: CallingThread()
        )
        opened = archive
        let (version, original) = try await archive.restoreOriginal(id, at: date)
        guard let output else { return StandardOutput.write(original) }
        try OutputFile.write(original, to: output)
        FileHandle.standardError.write(
            Data(
                "Restored version \(version.id) captured \(ArchiveDate.format(version.capturedAt)) to \(output)\n".utf8
            )
        )
    }
}
