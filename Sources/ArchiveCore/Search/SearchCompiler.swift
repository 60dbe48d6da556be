/// Turns a ``SearchQuery`` into an FTS5 match expression over the terms the index holds (``IndexedText``), and collects the terms
/// a snippet marks.
///
/// Every term is written quoted, already folded and stemmed as the index holds them, so no character of a query
/// reaches FTS5's own syntax.
/// Substrings are looked up in the archive's vocabulary of unstemmed words by `lookUp`, and prefixes in the index's
/// terms by `expand`; both become the terms they match, joined by `OR` (FTS5 reads those newest first, row by row,
/// where its own `prefix*` would first merge every matching term's whole history). A prefix of more terms than
/// ``maximumExpansion`` is left to FTS5.
///
/// The pair of two frequent terms (``SearchFrequency``) is held only by the index rows written after both became
/// frequent: an expression is compiled for the rows from a key on (``rowsFrom``), and reads such a pair as its token
/// there and as the phrase of its two terms before (``pairKeys`` are the keys where that changes). Either is one
/// phrase to FTS5, so the phrases of every compiled form are the same, in the same order, and rank alike.
struct SearchCompiler {
    /// The unstemmed words that hold a text (at most `limit`).
    var lookUp: (_ substring: String, _ limit: Int) throws -> [String]
    /// The index's terms that begin with a text, in order (at most `limit`).
    var expand: (_ prefix: String, _ limit: Int) throws -> [String]
    /// The first index key whose pairs hold a frequent term, or `nil` when it is not frequent.
    var frequentSince: (_ term: String) throws -> Int64?
    /// The lowest key of the rows the expression is for.
    var rowsFrom = Int64.max
    /// The keys from which pairs of frequent terms of the query are held.
    private(set) var pairKeys: Set<Int64> = []
    private(set) var terms = MatchedTerms()
    private let words = SearchWords()
    private var expanded: [String: [String]] = [:]
    private var lookedUp: [String: [String]] = [:]
    private var since: [String: Int64?] = [:]

    /// The most terms one substring or prefix expands to.
    static let maximumExpansion = 300
    /// Words of the Russian alphabet this long or longer also match as prefixes: Kazakh words written without a
    /// letter that Russian lacks (`мектеп`) look Russian to a stemmer, and their suffixes are then found this way.
    static let cyrillicPrefixLength = 5

    init(
        lookUp: @escaping (_ substring: String, _ limit: Int) throws -> [String],
        expand: @escaping (_ prefix: String, _ limit: Int) throws -> [String],
        frequentSince: @escaping (_ term: String) throws -> Int64? = { _ in nil }
    ) {
        self.lookUp = lookUp
        self.expand = expand
        self.frequentSince = frequentSince
    }

    /// The FTS5 expression for `node`, or `nil` when it can match nothing.
    mutating func compile(_ node: SearchQuery.Node, negated: Bool = false) throws -> String? {
        switch node {
        case .word(let text):
            let found = words.words(in: text)
            guard let first = found.first else { return nil }
            guard found.count == 1 else { return try phrase(found, negated: negated) }
            return try single(first, negated: negated)
        case .prefix(let text):
            let found = words.words(in: text)
            guard let last = found.last else { return nil }
            if found.count > 1 {
                let head = found.dropLast().map(\.term)
                if !negated {
                    terms.exact.formUnion(head)
                    terms.prefixes.insert(last.folded)
                }
                return alternatives(try prefixed(last.folded, after: head))
            }
            // A whole word typed as a prefix (`budgets*`) is held as its stem (`budget`); terms that begin with the
            // stem but not with the prefix (`con` of `cons*`, and so `contract`) are not what was asked for.
            var options = try prefixed(last.folded)
            if last.term != last.folded, !options.contains(quoted(last.term)) { options.append(quoted(last.term)) }
            if !negated {
                terms.prefixes.insert(last.folded)
                terms.prefixes.insert(last.term)
            }
            return alternatives(options)
        case .substring(let text):
            let found = words.words(in: text, stemming: false)
            guard !found.isEmpty else { return nil }
            var parts: [String] = []
            for word in found {
                // The vocabulary holds the unstemmed words (Kazakh, other alphabets); the index's own terms that
                // begin with the text are found too, which covers stemmed words (English, Russian) from their start.
                let matches = try lookedUp[word.folded] ?? lookUp(word.folded, Self.maximumExpansion)
                lookedUp[word.folded] = matches
                if !negated {
                    terms.exact.formUnion(matches)
                    terms.prefixes.insert(word.folded)
                }
                let options = try prefixed(word.folded)
                guard let part = alternatives(options + matches.map(quoted).filter { !options.contains($0) }) else {
                    return nil
                }
                parts.append(part)
            }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
        case .phrase(let texts):
            let found = texts.flatMap { words.words(in: $0) }
            guard !found.isEmpty else { return nil }
            return try phrase(found, negated: negated)
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

    private mutating func single(_ word: SearchWords.Word, negated: Bool) throws -> String? {
        switch word.script {
        case .kazakh:
            // Not stemmed: its suffixes are found as a prefix.
            if !negated { terms.prefixes.insert(word.folded) }
            return alternatives(try prefixed(word.folded))
        case .russian where word.folded.unicodeScalars.count >= Self.cyrillicPrefixLength:
            if !negated {
                terms.exact.insert(word.term)
                terms.prefixes.insert(word.folded)
            }
            let options = try prefixed(word.folded)
            return alternatives([quoted(word.term)] + options.filter { $0 != quoted(word.term) })
        default:
            if !negated { terms.exact.insert(word.term) }
            return quoted(word.term)
        }
    }

    private mutating func phrase(_ found: [SearchWords.Word], negated: Bool) throws -> String {
        if !negated { terms.exact.formUnion(found.map(\.term)) }
        return try pairs(found.map(\.term))
    }

    /// A phrase of terms (the last a prefix, with `prefix`). The pair of a two-term phrase that the index holds (one
    /// of them is a function word, ``CommonTerms``) is the phrase; a longer phrase is matched as its words, together
    /// with the pairs the index holds, which FTS5 reads first since they are rarer.
    private mutating func pairs(_ phrase: [String], prefix: Bool = false) throws -> String {
        let words = quoted(phrase.joined(separator: " ")) + (prefix ? " *" : "")
        guard phrase.count > 1 else { return words }
        let whole = prefix ? phrase.dropLast() : phrase[...]
        var held: [String] = []
        for (first, second) in zip(whole, whole.dropFirst()) {
            if let pair = try pair(first, second) { held.append(pair) }
        }
        if prefix, CommonTerms.contains(phrase[phrase.count - 2]) {
            // Every term that begins so and follows a function word is held in a pair.
            held.append(quoted(phrase[phrase.count - 2] + IndexedText.pairJoiner + phrase[phrase.count - 1]) + " *")
        }
        if phrase.count == 2, held.count == 1 { return held[0] }
        return held.isEmpty ? words : "(" + ([words] + held).joined(separator: " AND ") + ")"
    }

    /// Two neighbouring terms as the rows from ``rowsFrom`` hold them: the token of their pair, or the phrase of the
    /// two where a pair of frequent terms is not held yet (`nil` where the index keeps no such pair).
    private mutating func pair(_ first: String, _ second: String) throws -> String? {
        let token = quoted(first + IndexedText.pairJoiner + second)
        if CommonTerms.contains(first) || CommonTerms.contains(second) { return token }
        guard let firstSince = try frequent(first), let secondSince = try frequent(second) else { return nil }
        let since = max(firstSince, secondSince)
        pairKeys.insert(since)
        return since <= rowsFrom ? token : quoted(first + " " + second)
    }

    private mutating func frequent(_ term: String) throws -> Int64? {
        if let known = since[term] { return known }
        let found = try frequentSince(term)
        since[term] = found
        return found
    }

    /// The phrases `head` followed by each term that begins with `prefix`; a prefix of more terms than
    /// ``maximumExpansion`` is left to FTS5 (`"head prefix" *`).
    private mutating func prefixed(_ prefix: String, after head: [String] = []) throws -> [String] {
        let found = try expanded[prefix] ?? expand(prefix, Self.maximumExpansion + 1)
        expanded[prefix] = found
        guard found.count <= Self.maximumExpansion else { return [try pairs(head + [prefix], prefix: true)] }
        var phrases: [String] = []
        for term in found { phrases.append(try pairs(head + [term])) }
        return phrases
    }

    /// Any one of `options`, or `nil` when there are none.
    private func alternatives(_ options: [String]) -> String? {
        guard !options.isEmpty else { return nil }
        return options.count == 1 ? options[0] : "(" + options.joined(separator: " OR ") + ")"
    }

    /// Terms hold letters, marks and digits only; quoting keeps FTS5 from reading any of them as syntax.
    private func quoted(_ term: String) -> String {
        "\"" + term + "\""
    }
}
