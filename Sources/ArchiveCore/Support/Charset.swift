public import Foundation

/// A character encoding named by a `charset` parameter (`text/plain; charset=koi8-r`): the encodings of the
/// publications an archive of Russian, Kazakh and Western pages meets, by their IANA names and common aliases.
public struct Charset: Sendable, Equatable {
    /// The encoding's IANA name as an answer names it (`KOI8-R`).
    public var name: String
    public var encoding: String.Encoding

    /// The encoding named `label` (case, quotes and surrounding spaces aside), or `nil` for one not known here.
    public init?(label: String) {
        let key = label.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t")).lowercased()
        guard let known = Self.known.first(where: { $0.labels.contains(key) }) else { return nil }
        name = known.name
        encoding = known.encoding
    }

    /// This charset for reading `data`: for "UTF-16" without a byte-order mark, the byte order its bytes show. A
    /// text's high bytes repeat (0 for Latin letters, spaces and digits), so the half of the byte pairs with more
    /// zeros holds them; where nothing tells, little-endian, as browsers read "utf-16" (WHATWG Encoding).
    public func resolved(for data: Data) -> Charset {
        guard encoding == .utf16, !data.starts(with: [0xFF, 0xFE]), !data.starts(with: [0xFE, 0xFF]) else {
            return self
        }
        var zeros = (even: 0, odd: 0)
        for (offset, byte) in data.prefix(4096).enumerated() where byte == 0 {
            if offset % 2 == 0 { zeros.even += 1 } else { zeros.odd += 1 }
        }
        return zeros.even > zeros.odd
            ? Charset(name: "UTF-16BE", encoding: .utf16BigEndian)
            : Charset(name: "UTF-16LE", encoding: .utf16LittleEndian)
    }

    private init(name: String, encoding: String.Encoding) {
        self.name = name
        self.encoding = encoding
    }

    /// The `charset` parameter of a media type, unquoted, or `nil` when it has none.
    public static func parameter(ofMediaType mediaType: String?) -> String? {
        guard let mediaType else { return nil }
        for parameter in mediaType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The names of the encodings known here, for a message.
    public static var knownNames: String { known.map(\.name).joined(separator: ", ") }

    // Foundation on Linux names KOI8 and ISO-8859-5 only by their Core Foundation numbers.
    private static let known: [(name: String, labels: Set<String>, encoding: String.Encoding)] = [
        ("UTF-8", ["utf-8", "utf8", "unicode-1-1-utf-8"], .utf8),
        ("US-ASCII", ["us-ascii", "ascii", "iso-ir-6", "ansi_x3.4-1968"], .ascii),
        ("UTF-16LE", ["utf-16le"], .utf16LittleEndian),
        ("UTF-16BE", ["utf-16be"], .utf16BigEndian),
        ("UTF-16", ["utf-16"], .utf16),
        ("Windows-1251", ["windows-1251", "cp1251", "x-cp1251"], .windowsCP1251),
        ("KOI8-R", ["koi8-r", "koi8", "cskoi8r"], String.Encoding(rawValue: 0x8000_0A02)),
        ("KOI8-U", ["koi8-u", "koi8-ru"], String.Encoding(rawValue: 0x8000_0A08)),
        (
            "ISO-8859-5", ["iso-8859-5", "iso8859-5", "iso_8859-5", "cyrillic", "csisolatincyrillic"],
            String.Encoding(rawValue: 0x8000_0205)
        ),
        ("ISO-8859-1", ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "csisolatin1"], .isoLatin1),
        ("Windows-1252", ["windows-1252", "cp1252", "x-cp1252"], .windowsCP1252),
        ("ISO-8859-2", ["iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "l2"], .isoLatin2),
        ("Windows-1250", ["windows-1250", "cp1250", "x-cp1250"], .windowsCP1250),
    ]
}
