/// What a catalog answers to a search: the best versions, one per document, and the terms that matched (for
/// snippets).
public struct CatalogSearchResult: Hashable, Sendable {
    /// One matching version per document, best first, after the request's offset.
    public var hits: [Hit]
    /// Whether more documents match beyond these.
    public var more: Bool
    /// What the query matches, for marking the words of a snippet.
    public var terms: MatchedTerms

    public init(hits: [Hit], more: Bool, terms: MatchedTerms) {
        self.hits = hits
        self.more = more
        self.terms = terms
    }

    /// A matching version with its relevance (higher is better).
    public struct Hit: Hashable, Sendable {
        public var version: Version
        public var score: Double

        public init(version: Version, score: Double) {
            self.version = version
            self.score = score
        }
    }
}

/// The index terms a query looks for, outside its NOT parts: what a snippet marks.
public struct MatchedTerms: Hashable, Sendable {
    /// Terms matched exactly (stems, folded words).
    public var exact: Set<String>
    /// Folded beginnings of words.
    public var prefixes: Set<String>

    public init(exact: Set<String> = [], prefixes: Set<String> = []) {
        self.exact = exact
        self.prefixes = prefixes
    }

    /// Whether a word of a text (its index term and folded form) is one the query looks for.
    func matches(term: String, folded: String) -> Bool {
        if exact.contains(term) || exact.contains(folded) { return true }
        return prefixes.contains { folded.hasPrefix($0) || term.hasPrefix($0) }
    }
}
