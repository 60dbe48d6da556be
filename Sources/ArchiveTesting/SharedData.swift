public import Foundation
public import Testing

/// The shared development data beside the repository (`../shared`: the corpus and the samples), which a user's
/// clone does not have. Tests that need it are enabled only when it is there.
///
/// ```swift
/// @Test(.enabled(if: SharedData.isAvailable, SharedData.skipMessage))
/// ```
public enum SharedData {
    /// The `shared` folder: `$MURA_SHARED`, else `../shared` from the package root (the working directory of
    /// `swift test`).
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["MURA_SHARED"], !path.isEmpty {
            return URL(filePath: path, directoryHint: .isDirectory)
        }
        return URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
            .appending(path: "../shared", directoryHint: .isDirectory).standardizedFileURL
    }

    /// Whether the shared data is present.
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appending(path: "samples").path)
    }

    /// Why a test is skipped without it.
    public static let skipMessage: Comment =
        "needs the shared development data in ../shared (or $MURA_SHARED); a plain clone does not have it"

    /// A file of the shared samples.
    public static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: root.appending(path: "samples/\(name)"))
    }

    /// A page of the corpus, unpacked: `path` is its gzipped file under `corpus/` ("wcxb-dev/pages/0550.html.gz").
    public static func corpusPage(_ path: String) throws -> Data {
        let result = try ProcessRunner.run(
            URL(filePath: "/usr/bin/env"),
            ["gzip", "-dc", root.appending(path: "corpus/\(path)").path]
        )
        guard result.status == 0 else { throw CorpusPageError(path: path, message: result.stderrText) }
        return result.stdout
    }
}
