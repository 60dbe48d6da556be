import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mura-commands`, the program that runs every command but the plain restore: beside `mura` (a build, or both
/// installed in one folder) or in `../libexec/mura/` from it (``Scripts/install``).
enum CommandsProgram {
    static let name = "mura-commands"

    /// Replaces this process with `mura-commands` and this process's own arguments, byte for byte; on failure, says
    /// why and exits with status 70.
    static func run() -> Never {
        guard let path = location() else {
            fail(
                "\(name) is not installed beside \(executable?.path ?? "mura") or in ../libexec/mura. "
                    + "Install both with Scripts/install, or build both with `swift build --product \(name)`."
            )
        }
        var argv = (0..<Int(CommandLine.argc)).map { CommandLine.unsafeArgv[$0] }
        argv[0] = strdup(path)
        execv(path, argv + [nil])
        fail("cannot run \(path): \(String(cString: strerror(errno))).")
    }

    /// Where `mura-commands` is, when it is there.
    static func location() -> String? {
        guard let executable else { return nil }
        let folder = executable.deletingLastPathComponent()
        return [
            folder.appending(path: name),
            folder.deletingLastPathComponent().appending(path: "libexec/mura/\(name)"),
        ]
        .map(\.path)
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// This executable, its symbolic links resolved.
    private static var executable: URL? {
        Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(70)
    }
}
