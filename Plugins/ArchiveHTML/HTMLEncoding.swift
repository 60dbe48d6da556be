import ArchiveCore
import Foundation

/// Chooses the character encoding libxml2 should read a page with.
///
/// libxml2 honours a byte-order mark, `<meta charset>` and `http-equiv` by itself; this steps in when the page
/// came with a charset in its media type (`text/html; charset=koi8-r`, which outranks the page's own declaration,
/// as in a browser), when a page declares nothing (libxml2 would assume Latin-1), or when it declares something its
/// bytes contradict.
enum HTMLEncoding {
    /// The encoding to force, or `nil` to let libxml2 follow the page's declaration.
    ///
    /// - Parameter mediaType: the media type the page came with; a charset in it not known here is passed over.
    static func override(for data: Data, mediaType: String? = nil) -> String? {
        let head = data.prefix(4096)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return nil
        }
        let (isUTF8, hasMultibyte) = scanUTF8(data)
        let fromMediaType = Charset.parameter(ofMediaType: mediaType).flatMap(Charset.init(label:))
        if let fromMediaType {
            // UTF-8 that is not (a server's default) is read as the page's bytes say; well-formed multi-byte UTF-8 is
            // UTF-8, whatever the server says.
            if fromMediaType.encoding == .utf8 || fromMediaType.encoding == .ascii {
                return isUTF8 ? "UTF-8" : guessSingleByte(data)
            }
            return isUTF8 && hasMultibyte ? "UTF-8" : fromMediaType.name
        }
        guard let declared = declaredCharset(in: head) else {
            return isUTF8 ? "UTF-8" : guessSingleByte(data)
        }
        let declaredUTF8 = declared == "utf-8" || declared == "utf8"
        if !declaredUTF8, isUTF8, hasMultibyte {
            // Declared as a single-byte code page, but the bytes are well-formed multi-byte UTF-8.
            return "UTF-8"
        }
        if declaredUTF8, !isUTF8 {
            return guessSingleByte(data)
        }
        return nil
    }

    /// `data` with each byte that breaks its UTF-8 replaced by U+FFFD, when it is UTF-8 but for a few such bytes
    /// (a page cut and joined, a stray Latin-1 byte): at least ``mendedShare`` well-formed multi-byte characters
    /// for each. Read in a single-byte code page instead, every other letter of such a page would be wrong. `nil`
    /// when there is nothing to mend, or when the bytes are no UTF-8 at all.
    static func mendedUTF8(_ data: Data) -> Data? {
        guard !data.starts(with: [0xFF, 0xFE]), !data.starts(with: [0xFE, 0xFF]) else { return nil }
        var characters = 0
        var broken: [Range<Int>] = []
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count,
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                    continue
                }
                guard bytes[index] >= 0x80 else {
                    index += 1
                    continue
                }
                let length = Self.sequenceLength(bytes, at: index)
                if length > 0 {
                    characters += 1
                    index += length
                } else {
                    broken.append(index..<(index + 1))
                    index += 1
                }
            }
        }
        guard !broken.isEmpty, characters >= Self.mendedShare * broken.count else { return nil }
        var mended = Data(capacity: data.count + 2 * broken.count)
        var start = data.startIndex
        for range in broken {
            mended.append(data[start..<(data.startIndex + range.lowerBound)])
            mended.append(contentsOf: [0xEF, 0xBF, 0xBD])
            start = data.startIndex + range.upperBound
        }
        mended.append(data[start...])
        return mended
    }

    /// How many well-formed multi-byte characters a page needs for each broken byte to be read as UTF-8.
    static let mendedShare = 8

    /// The length of the well-formed UTF-8 sequence at `index` (a byte of 0x80 or more), or 0.
    private static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch bytes[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0: (length, low) = (3, 0xA0)
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: (length, high) = (3, 0x9F)
        case 0xF0: (length, low) = (4, 0x90)
        case 0xF1...0xF3: length = 4
        case 0xF4: (length, high) = (4, 0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }

    /// Whether `data` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points past
    /// U+10FFFF), and whether it holds any byte outside ASCII. ASCII runs are skipped eight bytes at a time: pages
    /// are mostly markup.
    static func scanUTF8(_ data: Data) -> (valid: Bool, multibyte: Bool) {
        data.withUnsafeBytes { raw -> (Bool, Bool) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            var index = 0
            var multibyte = false
            while index < count {
                if index + 8 <= count,
                    raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                    continue
                }
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                multibyte = true
                let length = Self.sequenceLength(bytes, at: index)
                guard length > 0 else { return (false, true) }
                index += length
            }
            return (true, multibyte)
        }
    }

    /// The charset named by `<meta charset>` or `http-equiv` near the top of the page, lowercased.
    static func declaredCharset(in head: Data) -> String? {
        // Bytes, not String: this runs on every page. Find "charset" inside a <meta> tag, then "=" and the name.
        let bytes = [UInt8](head).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let needle = Array("charset".utf8)
        var start = 0
        while let found = firstIndex(of: needle, in: bytes, from: start) {
            start = found + needle.count
            guard isInsideMetaTag(bytes, at: found) else { continue }
            var index = start
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, [0x20, 0x22, 0x27].contains(bytes[index]) { index += 1 }
            let name = bytes[index...].prefix { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || [0x2D, 0x5F, 0x3A, 0x2E].contains(byte)
            }
            if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
            if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }

    /// Whether the nearest `<` before `position` opens a `<meta` tag that is still open there.
    private static func isInsideMetaTag(_ bytes: [UInt8], at position: Int) -> Bool {
        guard let open = bytes[..<position].lastIndex(of: UInt8(ascii: "<")) else { return false }
        guard !bytes[open..<position].contains(UInt8(ascii: ">")) else { return false }
        return bytes[open...].starts(with: Array("<meta".utf8))
    }

    /// Windows-1251, KOI8-R or Windows-1252, from the distribution of high bytes.
    static func guessSingleByte(_ data: Data) -> String {
        var high = 0
        var upperHalf = 0  // 0xE0...0xFF: lowercase Cyrillic in Windows-1251, uppercase in KOI8-R
        var lowerHalf = 0  // 0xC0...0xDF: the reverse
        for byte in data where byte >= 0x80 {
            high += 1
            if byte >= 0xE0 { upperHalf += 1 } else if byte >= 0xC0 { lowerHalf += 1 }
        }
        guard high > 0, (upperHalf + lowerHalf) * 10 >= high * 7 else { return "windows-1252" }
        return upperHalf >= lowerHalf ? "windows-1251" : "KOI8-R"
    }
}
