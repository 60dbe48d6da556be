import Foundation

/// "line 3, column 12: Invalid value" from a JSONSerialization error, which reports a character offset.
struct JSONErrorLocation: CustomStringConvertible {
    var line: Int?
    var column: Int?
    var reason: String

    init(error: any Error, data: Data) {
        let debug = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        reason = debug
        guard let match = debug.firstMatch(of: /character (\d+)/), let offset = Int(match.1) else { return }
        let prefix = data.prefix(offset)
        line = prefix.count { $0 == UInt8(ascii: "\n") } + 1
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? prefix.startIndex
        column = String(decoding: prefix[lineStart...], as: UTF8.self).count + 1
        reason = debug.replacing(/\s*around character \d+/, with: "").trimmingCharacters(
            in: CharacterSet(charactersIn: ". ")
        )
    }

    var description: String {
        guard let line, let column else { return reason }
        return "line \(line), column \(column): \(reason)"
    }
}
