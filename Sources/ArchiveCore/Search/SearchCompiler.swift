/// Turns a ``SearchQuery`` into an FTS5 match expression over the terms the index holds (``IndexedText``), and collects the terms
/// a snippet marks.
///
/// Every term is written quoted, already folded and stemmed as the index holds them, so no character of a query
/// reaches FTS5's own syntax.
/// Substrings are looked up in the archive's vocabulary (every term the index holds) by `lookUp`, and become the
/// terms that hold them.
struct SearchCompiler {
    /// The words that hold a text, from the vocabulary (at most `limit`).
    var lookUp: (_ substring: String, _ limit: Int) throws -> [String]
    private(set) var terms = MatchedTerms()
    private let words = SearchWords()

    /// The most vocabulary words one substring expands to.
    static let maximumExpansion = 300
    /// Words of the Russian alphabet this long or longer also match as prefixes: Kazakh words written without a
    /// letter that Russian lacks (`мектеп`) look Russian to a stemmer, and their suffixes are then found this way.
    static let cyrillicPrefixLength = 5

    init(lookUp: @escaping (_ substring: String, _ limit: Int) throws -> [String]) {
        self.lookUp = lookUp
    }

    /// The FTS5 expression for `node`, or `nil` when it can match nothing.
    mutating func compile(_ node: SearchQuery.Node, negated: Bool = false) throws -> String? {
        switch node {
        case .word(let text):
            let found = words.words(in: text)
            guard let first = found.first else { return nil }
            guard found.count == 1 else { return phrase(found, negated: negated) }
            return single(first, negated: negated)
        case .prefix(let text):
            let found = words.words(in: text)
            guard let last = found.last else { return nil }
            if found.count > 1 {
                var head = found
                head.removeLast()
                head.append(.init(term: last.folded, folded: last.folded, script: .other, range: last.range))
                if !negated { terms.prefixes.insert(last.folded) }
                return phrase(head, negated: negated) + " *"
            }
            var options = [quoted(last.folded) + " *"]
            if last.term != last.folded { options.append(quoted(last.term) + " *") }
            if !negated {
                terms.prefixes.insert(last.folded)
                terms.prefixes.insert(last.term)
            }
            return options.count == 1 ? options[0] : "(" + options.joined(separator: " OR ") + ")"
        case .substring(let text):
            let found = words.words(in: text, stemming: false)
            guard !found.isEmpty else { return nil }
            var parts: [String] = []
            for word in found {
                // The vocabulary holds the unstemmed words (Kazakh, other alphabets); the index's own terms that
                // begin with the text are found too, which covers stemmed words (English, Russian) from their start.
                let matches = try lookUp(word.folded, Self.maximumExpansion)
                if !negated {
                    terms.exact.formUnion(matches)
                    terms.prefixes.insert(word.folded)
                }
                parts.append("(" + (matches.map(quoted) + [quoted(word.folded) + " *"]).joined(separator: " OR ") + ")")
            }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
        case .phrase(let texts):
            let found = texts.flatMap { words.words(in: $0) }
            guard !found.isEmpty else { return nil }
            return phrase(found, negated: negated)
        case .and(let nodes):
            var parts: [String] = []
            for node in nodes {
                guard let part = try compile(node, negated: negated) else { return nil }
                parts.append(part)
            }
            return "(" + parts.joined(separator: " AND ") + ")"
        case .or(let nodes):
            let parts = try nodes.compactMap { try compile($0, negated: negated) }
            guard !parts.isEmpty else { return nil }
            return "(" + parts.joined(separator: " OR ") + ")"
        case .not(let kept, let removed):
            guard let kept = try compile(kept, negated: negated) else { return nil }
            guard let removed = try compile(removed, negated: !negated) else { return kept }
            return "(" + kept + " NOT " + removed + ")"
        }
    }

    private mutating func single(_ word: SearchWords.Word, negated: Bool) -> String {
        switch word.script {
        case .kazakh:
            // Not stemmed: its suffixes are found as a prefix.
            if !negated { terms.prefixes.insert(word.folded) }
            return quoted(word.folded) + " *"
        case .russian where word.folded.unicodeScalars.count >= Self.cyrillicPrefixLength:
            if !negated {
                terms.exact.insert(word.term)
                terms.prefixes.insert(word.folded)
            }
            return "(" + quoted(word.term) + " OR " + quoted(word.folded) + " *)"
        default:
            if !negated { terms.exact.insert(word.term) }
            return quoted(word.term)
        }
    }

    private mutating func phrase(_ found: [SearchWords.Word], negated: Bool) -> String {
        if !negated { terms.exact.formUnion(found.map(\.term)) }
        return quoted(found.map(\.term).joined(separator: " "))
    }

    /// Terms hold letters, marks and digits only; quoting keeps FTS5 from reading any of them as syntax.
    private func quoted(_ term: String) -> String {
        "\"" + term + "\""
    }
}
