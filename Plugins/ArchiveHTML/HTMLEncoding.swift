import Foundation

/// Chooses the character encoding libxml2 should read a page with.
///
/// libxml2 honours a byte-order mark, `<meta charset>` and `http-equiv` by itself; this steps in only when a
/// page declares nothing (libxml2 would assume Latin-1) or declares something its bytes contradict.
enum HTMLEncoding {
    /// The encoding to force, or `nil` to let libxml2 follow the page's declaration.
    static func override(for data: Data) -> String? {
        let head = data.prefix(4096)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) || head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return nil
        }
        let isUTF8 = String(data: data, encoding: .utf8) != nil
        let hasMultibyte = data.contains { $0 >= 0x80 }
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

    /// The charset named by `<meta charset>` or `http-equiv` near the top of the page, lowercased.
    static func declaredCharset(in head: Data) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        guard let match = text.firstMatch(of: /<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)/) else { return nil }
        return String(match.1)
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
