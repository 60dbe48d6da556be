import ArchiveCore
import Foundation

/// Decodes the bytes of a text file: in the charset its media type names, else UTF-8 (with or without a BOM),
/// UTF-16 with a BOM, or Windows-1251 recognised from the bytes.
struct TextDecoding {
    /// The encodings this decoder recognises.
    enum Encoding: String {
        case utf8 = "UTF-8"
        case utf16LE = "UTF-16LE"
        case utf16BE = "UTF-16BE"
        case windows1251 = "Windows-1251"
    }

    var text: String
    /// The name of the encoding the text was read in (`UTF-8`, `KOI8-R`), as an answer serving it names it.
    var encoding: String

    /// Decodes `data`, or throws an error naming `name` that says which encodings are accepted.
    ///
    /// - Parameter mediaType: the media type the text came with: a `charset` in it (`text/plain; charset=koi8-r`)
    ///   is how its bytes are read, and bytes it cannot read are refused, not guessed at. A charset not known here
    ///   is refused too, naming the ones that are.
    init(_ data: Data, name: String, mediaType: String? = nil) throws {
        if let label = Charset.parameter(ofMediaType: mediaType) {
            guard let charset = Charset(label: label) else {
                throw ArchiveError(
                    .undecodableInput,
                    "\(name): its media type names the charset '\(label.prefix(40))', which the text importer does not "
                        + "read; send it in one of \(Charset.knownNames), or convert it to UTF-8.",
                    field: .mediaType
                )
            }
            try self.init(data, name: name, charset: charset.resolved(for: data))
            return
        }
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            try self.init(validating: data.dropFirst(3), as: .utf8, name: name)
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            try self.init(validating: data.dropFirst(2), as: .utf16LE, name: name)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            try self.init(validating: data.dropFirst(2), as: .utf16BE, name: name)
        } else if data.withUnsafeBytes({ $0.firstIndex(of: 0) != nil }) {
            throw Self.failure(name, "it contains NUL bytes, so it is binary data or UTF-16 without a byte-order mark")
        } else if let text = String(validating: data, as: UTF8.self) {
            try self.init(checked: text, encoding: Encoding.utf8.rawValue, name: name)
        } else if Self.looksLikeWindows1251(data), let text = String(data: data, encoding: .windowsCP1251) {
            try self.init(checked: text, encoding: Encoding.windows1251.rawValue, name: name)
        } else {
            throw Self.failure(name, "it is not valid UTF-8 and does not look like Windows-1251 Cyrillic")
        }
    }

    /// Reads `data` in the charset its media type names; a byte-order mark of that encoding is dropped.
    private init(_ data: Data, name: String, charset: Charset) throws {
        var body = data
        if charset.encoding == .utf8, data.starts(with: [0xEF, 0xBB, 0xBF]) { body = data.dropFirst(3) }
        let decoded: String? =
            switch charset.encoding {
            case .utf8, .ascii:
                String(validating: body, as: UTF8.self).flatMap {
                    charset.encoding == .ascii && $0.utf8.contains(where: { $0 >= 0x80 }) ? nil : $0
                }
            default: String(data: body, encoding: charset.encoding)
            }
        guard let decoded else {
            var error = Self.failure(name, "its media type says \(charset.name), but its bytes are not \(charset.name)")
            error.field = .mediaType
            throw error
        }
        try self.init(checked: decoded, encoding: charset.name, name: name)
    }

    private init(validating data: Data, as encoding: Encoding, name: String) throws {
        let decoded: String? =
            switch encoding {
            case .utf8: String(validating: data, as: UTF8.self)
            case .utf16LE: String(data: data, encoding: .utf16LittleEndian)
            case .utf16BE: String(data: data, encoding: .utf16BigEndian)
            case .windows1251: String(data: data, encoding: .windowsCP1251)
            }
        guard let decoded else {
            throw Self.failure(name, "its byte-order mark says \(encoding.rawValue) but the bytes are not")
        }
        try self.init(checked: decoded, encoding: encoding.rawValue, name: name)
    }

    private init(checked text: String, encoding: String, name: String) throws {
        // The control characters (general category Cc) are exactly U+0000–U+001F and U+007F–U+009F. In UTF-8
        // they are single bytes, or 0xC2 followed by 0x80–0x9F; scalars are the bytes that do not continue one.
        // Counting bytes is the same test as asking for the category, and much faster on large inputs.
        var controls = 0
        var scalars = 0
        var text = text
        text.withUTF8 { bytes in
            var previous: UInt8 = 0
            for byte in bytes {
                if byte & 0xC0 != 0x80 { scalars += 1 }
                if byte < 0x20 {
                    if !(byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C) { controls += 1 }
                } else if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                    controls += 1
                }
                previous = byte
            }
        }
        if controls > 0, controls * 100 > scalars {
            throw Self.failure(name, "\(controls) of its \(scalars) characters are control characters")
        }
        self.text = text
        self.encoding = encoding
    }

    /// Windows-1251 puts the Cyrillic alphabet at 0xC0–0xFF (and Ё/ё at 0xA8/0xB8); Cyrillic text in it has
    /// mostly such high bytes, while Latin-1 or random bytes spread over 0x80–0xBF too.
    private static func looksLikeWindows1251(_ data: Data) -> Bool {
        var high = 0
        var letters = 0
        for byte in data where byte >= 0x80 {
            high += 1
            if byte >= 0xC0 || byte == 0xA8 || byte == 0xB8 { letters += 1 }
        }
        // Words are separated by ASCII spaces and line breaks in any real text.
        let separators = data.count { $0 == 0x20 || $0 == 0x0A }
        return high > 0 && letters * 10 >= high * 8 && (data.count < 16 || separators > 0)
    }

    private static func failure(_ name: String, _ reason: String) -> ArchiveError {
        ArchiveError(
            .undecodableInput,
            "\(name) cannot be read as text: \(reason). The text importer reads UTF-8, UTF-16 with a byte-order "
                + "mark and Windows-1251, and the charset a media type names (\(Charset.knownNames)); name the "
                + "right one, convert the file (for example `iconv -f KOI8-R -t UTF-8`) or choose another format.",
            field: .format
        )
    }
}
