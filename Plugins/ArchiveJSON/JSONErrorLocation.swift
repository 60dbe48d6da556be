import Foundation

/// "line 3, column 12: Invalid value" from a JSONSerialization error. Foundation reports a character offset for most
/// errors; for the others (an unterminated string or container, a misspelt literal, a number out of range) the place
/// is found with ``JSONSyntax`` or by the value the message names.
struct JSONErrorLocation: CustomStringConvertible {
    var line: Int?
    var column: Int?
    var reason: String

    init(error: any Error, data: Data) {
        let debug = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        reason = debug.replacing(/\s*around character \d+/, with: "").trimmingCharacters(
            in: CharacterSet(charactersIn: ". ")
        )
        let bytes = Array(data)
        guard let (offset, scanned) = Self.offset(debug, bytes) else { return }
        let prefix = bytes.prefix(offset)
        line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? prefix.startIndex
        column = String(decoding: prefix[lineStart...], as: UTF8.self).count + 1
        if offset == bytes.count {
            reason += " (at the end of the input)"
        } else if scanned, reason.contains("end of file") {
            // Foundation reads a misspelt literal to the end before it gives up; the place is the first wrong byte.
            let byte = bytes[offset]
            reason = (0x21..<0x7F).contains(byte) ? "Unexpected '\(Character(UnicodeScalar(byte)))'" : "Invalid value"
        }
    }

    var description: String {
        guard let line, let column else { return reason }
        return "line \(line), column \(column): \(reason)"
    }

    /// Where the error is: Foundation's offset, else the first byte that is not valid JSON text, else the number
    /// the message names, else a `\u` escape of a lone surrogate.
    /// `scanned` says the place came from ``JSONSyntax``.
    private static func offset(_ message: String, _ bytes: [UInt8]) -> (offset: Int, scanned: Bool)? {
        if let match = message.firstMatch(of: /character (\d+)/), let offset = Int(match.1) {
            return (min(offset, bytes.count), false)
        }
        if let offset = JSONSyntax.firstError(in: bytes) { return (offset, true) }
        let text = String(decoding: bytes, as: UTF8.self)
        var found: Range<String.Index>?
        if let number = message.firstMatch(of: /Number (\S+) is not representable/) {
            found = text.range(of: String(number.1))
        } else if message.contains("surrogate") {
            found = text.firstRange(
                of: /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|\\u[dD][c-fC-F][0-9a-fA-F]{2}/
            )
        }
        return found.map { (text.utf8.distance(from: text.startIndex, to: $0.lowerBound), false) }
    }
}
