import ArchiveCore
public import Foundation

/// The header of one WARC record: its version line and named fields, in order (WARC 1.0 and 1.1, section 4).
public struct WARCRecordHeader: Sendable, Equatable {
    /// `1.0` or `1.1`.
    public var version: String
    /// The named fields in the order written; names keep their case.
    public var fields: [(name: String, value: String)]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.version == rhs.version && lhs.fields.elementsEqual(rhs.fields) { $0 == $1 }
    }

    /// The first value of a field (names compare without case).
    public subscript(_ name: String) -> String? {
        let name = name.lowercased()
        return fields.first { $0.name.lowercased() == name }?.value
    }

    /// `WARC-Type`, in lower case.
    public var type: String { self["WARC-Type"]?.lowercased() ?? "" }
    public var recordID: String? { self["WARC-Record-ID"] }
    public var targetURI: String? { self["WARC-Target-URI"].map(Self.unbracketed) }
    public var contentType: String? { self["Content-Type"] }

    /// The versions read; earlier drafts (0.17, 0.18) differ in ways this reader does not follow.
    static let versions: Set<String> = ["1.0", "1.1"]

    /// The longest header read: far more than any real record's, small enough that a damaged file cannot make the
    /// reader hold much.
    public static let maximumSize = 64 * 1024

    /// Parses the header `text` (its lines, without the empty line that ends it).
    ///
    /// - Throws: ``WARCFormatError`` saying what is wrong.
    public static func parse(_ text: Data) throws -> WARCRecordHeader {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard let first = lines.first, let versionLine = String(bytes: first, encoding: .utf8),
            versionLine.hasPrefix("WARC/")
        else {
            throw WARCFormatError("does not start with a WARC version line such as WARC/1.1")
        }
        let version = String(versionLine.dropFirst(5)).trimmingCharacters(in: .whitespaces)
        guard versions.contains(version) else {
            throw WARCFormatError("is WARC/\(version.prefix(20)); WARC 1.0 and 1.1 are read")
        }
        lines.removeFirst()
        var fields: [(name: String, value: String)] = []
        for line in lines {
            // WARC 1.1 allows UTF-8 in values; a byte sequence that is not UTF-8 is read with replacement characters.
            let text = String(decoding: line, as: UTF8.self)
            if let first = text.first, first == " " || first == "\t" {
                // A folded line continues the previous value.
                guard !fields.isEmpty else { throw WARCFormatError("starts with a continuation line") }
                fields[fields.count - 1].value += " " + text.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = text.firstIndex(of: ":") else {
                throw WARCFormatError("has a line that is not 'Name: value': '\(text.prefix(80))'")
            }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw WARCFormatError("has a field without a usable name: '\(text.prefix(80))'")
            }
            fields.append((name, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return WARCRecordHeader(version: version, fields: fields)
    }

    /// `Content-Length`: the size of the block.
    ///
    /// - Throws: ``WARCFormatError`` when it is missing or not a size.
    public func contentLength() throws -> Int {
        guard let text = self["Content-Length"] else { throw WARCFormatError("has no Content-Length") }
        // At most 15 digits: larger than any file, and far from overflowing.
        guard !text.isEmpty, text.count <= 15, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
            let length = Int(text)
        else {
            throw WARCFormatError("has the Content-Length '\(text.prefix(40))', which is not a size in bytes")
        }
        return length
    }

    /// `WARC-Date`: an ISO 8601 date in UTC, to the second or finer (1.1), or coarser (`2024-05-01`).
    ///
    /// - Throws: ``WARCFormatError`` when it is missing or not such a date.
    public func date() throws -> Date {
        guard let text = self["WARC-Date"] else { throw WARCFormatError("has no WARC-Date") }
        // Fractions finer than milliseconds are cut to milliseconds, the archive's precision.
        var trimmed = text
        if let dot = text.firstIndex(of: "."), let end = text[dot...].firstIndex(where: { !$0.isNumber && $0 != "." }) {
            let fraction = text[text.index(after: dot)..<end]
            trimmed = String(text[..<dot]) + (fraction.isEmpty ? "" : "." + fraction.prefix(3)) + text[end...]
        }
        guard let date = try? ArchiveDate.parse(trimmed, field: "WARC-Date") else {
            throw WARCFormatError("has the WARC-Date '\(text.prefix(40))', which is not an ISO 8601 date in UTC")
        }
        return date
    }

    /// A URI as WARC 1.0 writes it in angle brackets, or as 1.1 writes it bare.
    static func unbracketed(_ text: String) -> String {
        text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 ? String(text.dropFirst().dropLast()) : text
    }
}

/// What is wrong with a WARC record, without naming it: the reader adds the file and the record.
public struct WARCFormatError: Error, Sendable {
    public var problem: String

    public init(_ problem: String) {
        self.problem = problem
    }
}
