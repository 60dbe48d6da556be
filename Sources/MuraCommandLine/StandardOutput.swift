public import Foundation

/// What a command prints for scripts, on standard output. Foundation's `FileHandle.write(_:)` stops the process
/// when the write fails (a full disk behind `> file`); here that is an error naming the cause, and the exit code of an
/// output that cannot be written. A reader that went away (a closed pipe) ends the process by its signal, as ever.
public enum StandardOutput {
    public static func write(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            let message =
                "error: standard output could not be written (\(SystemError.describe(error))); "
                + "free some space or write to a file with --output where the command has it.\n"
            try? FileHandle.standardError.write(contentsOf: Data(message.utf8))
            exit(73)
        }
    }
}
