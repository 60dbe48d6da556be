import ArchiveCore
import ArgumentParser
import Foundation
import MuraCommandLine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to the terminal: text, JSON, errors and a progress bar.
enum Console {
    /// Prints a line of a listing or a report. Control characters in it (a title or a token's name that an older
    /// archive holds with an escape sequence) are shown, not sent to the terminal; line breaks and tabs stay.
    static func print(_ text: String) {
        StandardOutput.write(Data((ArchiveError.printable(text) + "\n").utf8))
    }

    static func write(_ data: Data) {
        StandardOutput.write(data)
    }

    /// Prints a note for people on standard error, keeping standard output for what scripts read. Control
    /// characters in the text (an escape sequence in a file name a bag or a folder holds) are shown, not sent to the
    /// terminal; `overwritingLine` starts the note at the start of the line, over a progress note.
    static func note(_ text: String, overwritingLine: Bool = false, terminator: String = "\n") {
        let line = (overwritingLine ? "\r" : "") + ArchiveError.printable(text) + terminator
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Prints `error: <message>` on standard error, its control characters shown as a note's are.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(ArchiveError.printable(message))\n".utf8))
    }

    /// Prints `warning: <message>` on standard error, its control characters shown as a note's are.
    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(ArchiveError.printable(message))\n".utf8))
    }

    /// Prints a value as JSON (sorted keys, ISO 8601 UTC dates) on one line or pretty.
    static func printJSON(_ value: some Encodable, pretty: Bool = true) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ArchiveDate.encodingStrategy()
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        write(data)
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Draws `[#####     ] 12/40 name` on one terminal line.
    static func progress(_ done: Int, of total: Int, _ label: String) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let text = "\r[\(bar)] \(done)/\(total) \(label.suffix(40))"
        StandardOutput.write(Data((text + "\u{1B}[K").utf8))
        if done == total { StandardOutput.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension ArchiveError {
    /// The exit code for this error (``exitStatus``).
    var exitCode: ExitCode { ExitCode(exitStatus) }
}

/// Runs a command body, printing an ``ArchiveError`` as one `error:` line and exiting with its code.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ArchiveError {
        Console.error(error.commandLineMessage)
        throw error.exitCode
    }
}

/// ``reportingErrors(_:)`` for asynchronous work.
func reportingAsyncErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ArchiveError {
        Console.error(error.commandLineMessage)
        throw error.exitCode
    }
}

/// Parses a date option.
func parseDate(_ text: String, option: String, anchor: ArchiveDate.DayAnchor) throws -> Date {
    try ArchiveDate.parse(text, field: option, anchor: anchor)
}
