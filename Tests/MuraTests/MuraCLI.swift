import ArchiveTesting
import Foundation
import Testing

/// Runs the built `mura` executable as a user would, on a temporary archive.
struct MuraCLI {
    let archive: URL
    let workingDirectory: URL

    static var executable: URL {
        let beside = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "mura")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(filePath: FileManager.default.currentDirectoryPath).appending(path: ".build/debug/mura")
    }

    init(in folder: URL) {
        archive = folder.appending(path: "archive", directoryHint: .isDirectory)
        workingDirectory = folder
    }

    /// Runs `mura ARGS --archive <archive>` (the archive option goes after the subcommand path).
    @discardableResult
    func run(
        _ arguments: [String],
        input: Data = Data(),
        environment: [String: String] = [:]
    ) throws -> ProcessRunner.Output {
        try ProcessRunner.run(
            Self.executable,
            arguments + ["--archive", archive.path],
            input: input,
            environment: environment,
            in: workingDirectory
        )
    }

    /// Runs a command that must succeed and returns its standard output.
    func ok(
        _ arguments: [String],
        input: Data = Data(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let output = try run(arguments, input: input)
        #expect(
            output.status == 0,
            "mura \(arguments.joined(separator: " ")): \(output.stderrText)",
            sourceLocation: sourceLocation
        )
        return output.stdoutText
    }

    /// Runs a command and decodes its JSON output.
    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let text = try ok(arguments + ["--json"], sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// Writes a file in the working folder.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> URL {
        let url = workingDirectory.appending(path: name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    /// The catalog listing and bundle files, to check that a failed command wrote nothing.
    func state() throws -> String {
        let list = try run(["list", "--json"]).stdoutText
        let bundles = FileManager.default.enumerator(atPath: archive.appending(path: "bundles").path)?.allObjects ?? []
        return list + "\n" + bundles.map { "\($0)" }.sorted().joined(separator: "\n")
    }
}
