#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether `needle` occurs in this string, compared byte for byte (UTF-8).
    ///
    /// Much faster than Foundation's `contains(_:)`, which compares with Unicode rules; use it for ASCII markers
    /// in large texts such as page scripts.
    public func containsBytes(_ needle: String) -> Bool {
        byteOffset(of: needle) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle`, compared byte for byte, or `nil`.
    public func byteOffset(of needle: String) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay -> Int? in
            needle.withUTF8 { pin -> Int? in
                guard pin.count > 0 else { return 0 }
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress, hay.count >= pin.count else {
                    return nil
                }
                // memchr finds each candidate first byte, memcmp checks the rest (memmem is a GNU extension).
                let last = hay.count - pin.count
                var start = 0
                while start <= last {
                    guard let found = memchr(hayBase + start, Int32(pinBase.pointee), last - start + 1) else {
                        return nil
                    }
                    let offset = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + offset, pinBase, pin.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
        }
    }

}

extension String {
    /// The number of characters (grapheme clusters), as `count` gives it, counted without grapheme breaking for
    /// text in scripts whose characters are one scalar each (Latin, Greek, Cyrillic, CJK ideographs and kana):
    /// `count` looks up Unicode properties for every character, which dominates short-text heuristics.
    public var characterCount: Int {
        var scalars = 0
        var carriageReturns = 0
        var previousWasReturn = false
        for scalar in unicodeScalars {
            guard Self.standsAlone(scalar.value) else { return count }
            if previousWasReturn, scalar.value == 0x0A { carriageReturns += 1 }
            previousWasReturn = scalar.value == 0x0D
            scalars += 1
        }
        return scalars - carriageReturns
    }

    /// The number of letters, as `filter(\.isLetter).count` gives it (a character is a letter when its first
    /// scalar is alphabetic), without grapheme breaking where ``characterCount`` needs none.
    public var letterCount: Int {
        var letters = 0
        for scalar in unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value | 0x20
                if value >= 0x61, value <= 0x7A { letters += 1 }
            } else {
                guard Self.standsAlone(scalar.value) else { return filter(\.isLetter).count }
                if scalar.properties.isAlphabetic { letters += 1 }
            }
        }
        return letters
    }

    /// Whether a scalar forms a character by itself whatever surrounds it (no combining mark, joiner, variation
    /// selector, regional indicator or conjoining jamo).
    private static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0..<0x300, 0x370...0x482, 0x48A...0x52F, 0x2000...0x200B, 0x200E...0x20CF, 0x2100...0x22FF,
            0x3000...0x3029, 0x3030...0x3098, 0x30A0...0x30FF, 0x4E00...0x9FFF, 0xFF00...0xFF9D:
            true
        default: false
        }
    }

    /// The string without leading and trailing white space: the space separators, tab and U+200B, and with `newlines`
    /// the line breaks too, exactly as Foundation's `trimmingCharacters(in: .whitespaces)` and
    /// `.whitespacesAndNewlines` trim, without bridging.
    public func trimmingSpaces(newlines: Bool = false) -> String {
        let isSpace = { (scalar: Unicode.Scalar) -> Bool in
            switch scalar.value {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: newlines
            default: false
            }
        }
        let view = unicodeScalars
        guard let first = view.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = view.lastIndex(where: { !isSpace($0) })!
        if first == view.startIndex, view.index(after: last) == view.endIndex { return self }
        return String(view[first...last])
    }
}
