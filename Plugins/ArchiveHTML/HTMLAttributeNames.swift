import Foundation

/// Makes attribute names that libxml2's HTML parser cannot read readable, before it sees the page.
///
/// Pages built with Alpine.js or Vue write event handlers as attributes named with `@` (`@click="open = !open"`).
/// libxml2 (before its HTML5 tokenizer) takes no name starting with `@`: it skips ahead to the next `>`, which may
/// be one inside the attribute's quoted value (`@click="count > 0"`), so the rest of the value and of the tag
/// become text of the page and the element loses its `class`. Each such `@` is replaced by `_`, a byte for a byte:
/// the names are never read, and nothing else of the page changes. A page without ` @` is returned as it is.
///
/// libxml2 also compares each attribute of a tag with every one before it: a crafted tag of 200,000 attributes
/// takes it minutes. The attributes of a tag past ``maximumAttributes`` are blanked out, byte for byte.
enum HTMLAttributeNames {
    /// The most attributes of one tag passed to libxml2: far more than any real element has.
    static let maximumAttributes = 1_000

    static func parseable(_ data: Data) -> Data {
        guard mayNeedRepair(data) || mayHaveCrowdedTag(data) else { return data }
        var bytes = [UInt8](data)
        var changed = false
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") {
                index = skipDeclaration(bytes, from: index)
            } else if isLetter(next) {
                index = readTag(&bytes, from: index + 1, changed: &changed)
            } else {
                index += 1
            }
        }
        return changed ? Data(bytes) : data
    }

    /// Whether a tag could have more than ``maximumAttributes`` attributes: the page has that many `=`.
    private static func mayHaveCrowdedTag(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in buffer.count { $0 == UInt8(ascii: "=") } > maximumAttributes }
    }

    /// Whether an attribute could start with `@`: a space of some kind right before one.
    private static func mayNeedRepair(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            guard buffer.count > 1 else { return false }
            for index in 1..<buffer.count where buffer[index] == UInt8(ascii: "@") && isSpace(buffer[index - 1]) {
                return true
            }
            return false
        }
    }

    /// Reads a start tag whose name begins at `start`, replacing the `@` that starts an attribute name; returns
    /// where reading goes on (after the content of a raw-text element such as `script`).
    private static func readTag(_ bytes: inout [UInt8], from start: Int, changed: inout Bool) -> Int {
        let count = bytes.count
        var index = start
        while index < count, isNameByte(bytes[index]) { index += 1 }
        // Only the names of raw-text elements matter, all of them short: no string is made for the others.
        let name = index - start <= 8 ? String(decoding: bytes[start..<index], as: UTF8.self).lowercased() : ""
        var attributes = 0
        var crowdedFrom: Int?
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if isSpace(byte) || byte == UInt8(ascii: "/") {
                index += 1
                continue
            }
            attributes += 1
            if attributes > maximumAttributes, crowdedFrom == nil { crowdedFrom = index }
            // An attribute: its name, then an optional value.
            if byte == UInt8(ascii: "@") {
                bytes[index] = UInt8(ascii: "_")
                changed = true
            }
            while index < count, !isSpace(bytes[index]), !"=>/".utf8.contains(bytes[index]) { index += 1 }
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < count, isSpace(bytes[index]) { index += 1 }
            guard index < count else { break }
            let quote = bytes[index]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                index += 1
                while index < count, bytes[index] != quote { index += 1 }
                index += 1
            } else {
                while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            }
        }
        // Past the most attributes read, the rest of the tag up to its `>` is spaces.
        if let crowdedFrom {
            let end =
                min(index, count) > crowdedFrom && bytes[min(index, count) - 1] == UInt8(ascii: ">")
                ? index - 1 : min(index, count)
            for position in crowdedFrom..<end { bytes[position] = 0x20 }
            changed = true
        }
        guard rawTextElements.contains(name) else { return index }
        // The element's content is text to libxml2 until its end tag: nothing in it is a tag.
        let end = Array("</\(name)".utf8)
        while index + end.count <= count {
            if bytes[index] == UInt8(ascii: "<"),
                zip(bytes[index..<(index + end.count)], end).allSatisfy({ lowercase($0) == $1 })
            {
                return index
            }
            index += 1
        }
        return count
    }

    /// Skips a comment (`<!-- … -->`) or a declaration (`<!DOCTYPE …>`).
    private static func skipDeclaration(_ bytes: [UInt8], from start: Int) -> Int {
        let count = bytes.count
        if start + 3 < count, bytes[start + 2] == UInt8(ascii: "-"), bytes[start + 3] == UInt8(ascii: "-") {
            var index = start + 4
            while index + 2 < count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"),
                    bytes[index + 2] == UInt8(ascii: ">")
                {
                    return index + 3
                }
                index += 1
            }
            return count
        }
        var index = start + 2
        while index < count, bytes[index] != UInt8(ascii: ">") { index += 1 }
        return index + 1
    }

    private static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "noembed"]

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ":")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
