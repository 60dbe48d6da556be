/// A small script-and-stop-word language guesser for the languages Mura sees daily (en, ru, kk, uk, de, fr).
///
/// ```swift
/// LanguageGuess.language(of: "The Extraordinary Congress of the party")  // "en"
/// ```
public enum LanguageGuess {
    /// The BCP 47 tag of the main language of `text`, or `nil` when the text is too short or unclear.
    public static func language(of text: String) -> String? {
        var latin = 0
        var cyrillic = 0
        var kazakh = 0
        var ukrainian = 0
        for scalar in text.unicodeScalars.prefix(20_000) where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: latin += 1
            case 0x400...0x4FF:
                cyrillic += 1
                if kazakhLetters.contains(scalar) { kazakh += 1 }
                if ukrainianLetters.contains(scalar) { ukrainian += 1 }
            default: break
            }
        }
        guard latin + cyrillic >= 20 else { return nil }
        if cyrillic > latin {
            if kazakh * 100 >= cyrillic * 2 { return "kk" }
            if ukrainian * 100 >= cyrillic * 2 { return "uk" }
            return "ru"
        }
        // The first 5,000 words, from a prefix long enough to hold them: splitting a whole long text costs more
        // than the rest of the guess.
        let words = text.prefix(50_000).lowercased().split { !$0.isLetter }.prefix(5_000)
        var best: (String, Int) = ("", 0)
        for (language, stopWords) in latinStopWords {
            let hits = words.reduce(0) { $0 + (stopWords.contains(String($1)) ? 1 : 0) }
            if hits > best.1 { best = (language, hits) }
        }
        return best.1 * 20 >= words.count ? best.0 : nil
    }

    private static let kazakhLetters = Set("әғқңөұүһіӘҒҚҢӨҰҮҺІ".unicodeScalars)
    private static let ukrainianLetters = Set("єїґЄЇҐ".unicodeScalars)
    private static let latinStopWords: [String: Set<String>] = [
        "en": ["the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "are", "this"],
        "de": ["der", "die", "und", "das", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "auf", "für"],
        "fr": ["le", "la", "les", "des", "et", "est", "une", "un", "du", "pour", "que", "dans", "sur", "pas"],
        "es": ["el", "los", "las", "del", "y", "es", "una", "por", "con", "para", "que", "se", "en", "como"],
    ]
}
