/// What the search index holds of a version: the terms of its title and main text (``SearchWords``: folded words and
/// Snowball stems), made once where the document is read, on any core, so that recording the version only stores
/// them.
public struct IndexedText: Hashable, Sendable {
    /// The title's terms, in order, separated by spaces.
    public var titleTerms: String
    /// The main text's terms, in order, separated by spaces.
    public var bodyTerms: String
    /// Each two neighbouring terms of the title of which one is a function word (``CommonTerms``), joined by
    /// ``pairJoiner``, in order, separated by spaces: a phrase holding a function word reads its pair, which is far
    /// rarer than its words.
    public var titlePairs: String
    /// Each two neighbouring terms of the main text, as ``titlePairs``.
    public var bodyPairs: String
    /// The distinct words of both that are kept unstemmed and hold a letter beyond ASCII (Kazakh words, other
    /// alphabets): the vocabulary substrings are looked up in. Stemmed words (English, Russian) are found by prefix
    /// instead; keeping only these keeps the write of a version small.
    public var vocabulary: [String]
    /// Every distinct term of both: the terms prefixes expand to.
    public var distinctTerms: [String]

    public init(title: String?, body: String) {
        let words = SearchWords()
        var vocabulary = Set<String>()
        var distinct = Set<String>()
        (titleTerms, titlePairs) = Self.terms(of: title ?? "", words, into: &vocabulary, &distinct)
        (bodyTerms, bodyPairs) = Self.terms(of: body, words, into: &vocabulary, &distinct)
        self.vocabulary = vocabulary.sorted()
        distinctTerms = distinct.sorted()
    }

    /// The title and main text of a normalized document.
    public init(_ document: Document) {
        self.init(title: document.title, body: document.text)
    }

    /// The pairs of each two neighbouring terms of the title and of the main text that are both frequent (neither
    /// a function word: those pairs are kept already), in order, separated by spaces: read where the version is
    /// recorded, since which terms are frequent is the catalog's to say (``SearchFrequency``).
    func frequentPairs(_ frequent: Set<Substring>) -> (title: String, body: String) {
        guard !frequent.isEmpty else { return ("", "") }
        func pairs(_ terms: String) -> String {
            var result = ""
            var previous: Substring?
            for term in terms.split(separator: " ") {
                let held = frequent.contains(term) && !CommonTerms.contains(term)
                if held, let previous {
                    if !result.isEmpty { result += " " }
                    result += previous + Self.pairJoiner + term
                }
                previous = held ? term : nil
            }
            return result
        }
        return (pairs(titleTerms), pairs(bodyTerms))
    }

    /// Joins the two terms of a pair: a middle dot, which no term holds (it is punctuation, not a letter) and which
    /// the index's `ascii` tokenizer keeps inside a token (it splits only at ASCII).
    static let pairJoiner = "\u{B7}"

    /// The terms of a text and their pairs.
    private static func terms(
        of text: String,
        _ words: SearchWords,
        into vocabulary: inout Set<String>,
        _ distinct: inout Set<String>
    ) -> (terms: String, pairs: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pairs: [UInt8] = []
        pairs.reserveCapacity(text.utf8.count * 2)
        var previous: (range: Range<Int>, common: Bool)?
        var text = text
        text.withUTF8 { utf8 in
            words.forEachTerm(in: utf8, stemming: true) { term, script, _ in
                if !bytes.isEmpty { bytes.append(0x20) }
                let start = bytes.count
                bytes.append(contentsOf: term)
                let word = String(decoding: term, as: UTF8.self)
                let common = CommonTerms.contains(word)
                if let previous, previous.common || common {
                    if !pairs.isEmpty { pairs.append(0x20) }
                    pairs.append(contentsOf: bytes[previous.range])
                    pairs.append(contentsOf: pairJoiner.utf8)
                    pairs.append(contentsOf: term)
                }
                previous = (start..<bytes.count, common)
                distinct.insert(word)
                if !script.isStemmed, term.contains(where: { $0 >= 0x80 }) { vocabulary.insert(word) }
                return true
            }
        }
        return (String(decoding: bytes, as: UTF8.self), String(decoding: pairs, as: UTF8.self))
    }
}
