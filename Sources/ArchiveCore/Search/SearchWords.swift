import CStemmer
import Foundation

/// The words of a text as search indexes and matches them: one tokenizer for the index, the query compiler and
/// snippets, so that all three agree.
///
/// A word is a run of letters, combining marks and decimal digits. Each is folded: lowercased, composed (NFC), and of
/// the Cyrillic letters only `ё` becomes `е` (`й` stays `й`; Kazakh letters `ә ғ қ ң ө ұ ү һ і` are letters like any
/// other, never stripped to a base letter). A text has no language here, so the stemmer is chosen by the word's own
/// letters: words of the letters `a`–`z` are stemmed with Snowball's English stemmer, words of the Russian alphabet
/// with its Russian stemmer, and every other word (Kazakh letters, other alphabets, digits) is kept as it is
/// folded; Kazakh words are found by prefix and substring instead.
///
/// Not thread-safe (each instance owns its stemmers): make one per thread or per use.
package final class SearchWords {
    /// A word of a text as search sees it.
    struct Word: Hashable, Sendable {
        /// What the index holds: the folded word, or its stem.
        var term: String
        /// The folded word, unstemmed.
        var folded: String
        /// The kind of letters the word is made of.
        var script: Script
        /// The word's bytes in the UTF-8 text.
        var range: Range<Int>
    }

    /// Which letters a word is made of, which decides its stemmer.
    package enum Script: Sendable {
        /// `a`–`z` only: stemmed as English.
        case english
        /// The Russian alphabet only: stemmed as Russian.
        case russian
        /// Cyrillic with a letter of the Kazakh alphabet that Russian lacks: not stemmed.
        case kazakh
        /// Anything else (other alphabets, accented Latin, digits): not stemmed.
        case other

        package var isStemmed: Bool { self == .english || self == .russian }
    }

    /// Longer runs (hashes, encoded data) are not words and are not indexed.
    static let maximumWordBytes = 120

    private let english: OpaquePointer?
    private let russian: OpaquePointer?
    private var folded: [UInt8] = []

    package init() {
        english = sb_stemmer_new("english", "UTF_8")
        russian = sb_stemmer_new("russian", "UTF_8")
        folded.reserveCapacity(Self.maximumWordBytes * 2)
    }

    deinit {
        if let english { sb_stemmer_delete(english) }
        if let russian { sb_stemmer_delete(russian) }
    }

    /// The words of `text`, in order.
    func words(in text: String, stemming: Bool = true) -> [Word] {
        var words: [Word] = []
        var utf8 = text
        utf8.withUTF8 { bytes in
            forEachTerm(in: bytes, stemming: stemming) { term, script, range in
                let folded = String(decoding: self.folded, as: UTF8.self)
                words.append(
                    Word(term: String(decoding: term, as: UTF8.self), folded: folded, script: script, range: range)
                )
                return true
            }
        }
        return words
    }

    /// Calls `body` with each word's term (valid only during the call), script and byte range, until it returns
    /// `false`. Bytes that are not UTF-8 separate words.
    package func forEachTerm(
        in text: UnsafeBufferPointer<UInt8>,
        stemming: Bool,
        _ body: (UnsafeBufferPointer<UInt8>, Script, Range<Int>) -> Bool
    ) {
        var index = 0
        let count = text.count
        while index < count {
            // Skip to the start of a word.
            var start = index
            var scalar = Unicode.Scalar(UInt8(0))
            var length = 0
            while start < count {
                (scalar, length) = Self.decode(text, at: start)
                if length > 0, Self.isWordScalar(scalar) { break }
                start += max(length, 1)
            }
            guard start < count else { return }
            folded.removeAll(keepingCapacity: true)
            var end = start
            var hasMark = false
            var script = Letters()
            while end < count {
                let (scalar, length) = Self.decode(text, at: end)
                guard length > 0, Self.isWordScalar(scalar) else { break }
                if folded.count <= Self.maximumWordBytes {
                    hasMark = Self.fold(scalar, into: &folded, letters: &script) || hasMark
                }
                end += length
            }
            index = end
            guard folded.count <= Self.maximumWordBytes else { continue }
            if hasMark { composeFolded(letters: &script) }
            let kind = script.kind
            let keepGoing: Bool
            if stemming, kind.isStemmed, let stemmer = kind == .english ? english : russian,
                let stem = folded.withUnsafeBufferPointer({ sb_stemmer_stem(stemmer, $0.baseAddress, Int32($0.count)) })
            {
                let stemLength = Int(sb_stemmer_length(stemmer))
                keepGoing = body(UnsafeBufferPointer(start: stem, count: stemLength), kind, start..<end)
            } else {
                keepGoing = folded.withUnsafeBufferPointer { body($0, kind, start..<end) }
            }
            if !keepGoing { return }
        }
    }

    // MARK: Letters

    /// What letters a word holds so far.
    private struct Letters {
        var ascii = false
        var russian = false
        var kazakh = false
        var other = false

        var kind: Script {
            if other || (ascii && (russian || kazakh)) { return .other }
            if kazakh { return .kazakh }
            if russian { return .russian }
            return ascii ? .english : .other
        }
    }

    /// The scalar at `index` and its length in bytes; length 0 for a byte that starts no valid UTF-8 sequence.
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let first = UInt32(text[index])
        if first < 0x80 { return (Unicode.Scalar(UInt8(first)), 1) }
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch first {
        case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, first & 0x1F)
        case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, first & 0x0F)
        case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, first & 0x07)
        default: return (Unicode.Scalar(UInt8(0)), 0)
        }
        guard index + length <= text.count else { return (Unicode.Scalar(UInt8(0)), 0) }
        for offset in 1..<length {
            let byte = UInt32(text[index + offset])
            guard byte & 0xC0 == 0x80 else { return (Unicode.Scalar(UInt8(0)), 0) }
            value = value << 6 | (byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return (Unicode.Scalar(UInt8(0)), 0) }
        return (scalar, length)
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x30 && value <= 0x39)
        }
        if value >= 0x400 && value <= 0x4FF { return scalar.properties.isAlphabetic || isMark(scalar) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The Cyrillic letters of the Kazakh alphabet that Russian lacks, lowercase: ә ғ қ ң ө ұ ү һ і.
    private static let kazakhLetters: Set<UInt32> = [0x4D9, 0x493, 0x49B, 0x4A3, 0x4E9, 0x4B1, 0x4AF, 0x4BB, 0x456]

    /// Appends the folded scalar; `true` when it is a combining mark (the word then needs composing).
    private static func fold(_ scalar: Unicode.Scalar, into bytes: inout [UInt8], letters: inout Letters) -> Bool {
        var value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if value >= 0x61 && value <= 0x7A { letters.ascii = true } else { letters.other = true }
            bytes.append(UInt8(value))
            return false
        }
        if value >= 0x400 && value <= 0x4FF {
            // Basic Cyrillic case pairs; ё folds to е.
            if value >= 0x410 && value <= 0x42F {
                value += 0x20
            } else if value >= 0x400 && value <= 0x40F {
                value += 0x50
            } else if value >= 0x460, scalar.properties.changesWhenLowercased,
                let lower = scalar.properties.lowercaseMapping.unicodeScalars.first
            {
                value = lower.value
            }
            if value == 0x451 { value = 0x435 }
            if value >= 0x430 && value <= 0x44F {
                letters.russian = true
            } else if kazakhLetters.contains(value) {
                letters.kazakh = true
            } else {
                letters.other = true
            }
            append(value, to: &bytes)
            return isMark(scalar)
        }
        letters.other = true
        let isMark = isMark(scalar)
        if !isMark, scalar.properties.changesWhenLowercased {
            for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower.value, to: &bytes) }
        } else {
            append(value, to: &bytes)
        }
        return isMark
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        switch value {
        case ..<0x80:
            bytes.append(UInt8(value))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | (value >> 6)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | (value >> 12)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (value >> 18)))
            bytes.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Composes the folded word (NFC): a decomposed `й` (и + breve) becomes `й`, a decomposed `ё` becomes `е`.
    private func composeFolded(letters: inout Letters) {
        let composed = String(decoding: folded, as: UTF8.self).precomposedStringWithCanonicalMapping
        var recount = Letters()
        var bytes: [UInt8] = []
        for scalar in composed.unicodeScalars { _ = Self.fold(scalar, into: &bytes, letters: &recount) }
        folded = bytes
        letters = recount
    }
}
