/// A short passage of a version's text around what a search matched, with the matching words marked.
public struct Snippet: Codable, Hashable, Sendable {
    /// One run of the passage: words that matched, or the text between them.
    public struct Part: Codable, Hashable, Sendable {
        public var text: String
        public var match: Bool

        public init(text: String, match: Bool) {
            self.text = text
            self.match = match
        }
    }

    /// The passage in order; it begins or ends with "…" where it cuts the text.
    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The passage as plain text.
    public var text: String { parts.map(\.text).joined() }

    /// How many words a snippet shows.
    static let words = 32

    /// The most text (UTF-8 bytes) read for a snippet at a time, and the most pieces of that size read: a search
    /// that matches a very long text (a report of megabytes) shows a passage from its first pieces, and costs
    /// milliseconds, not the whole text's reading.
    package static let piece = 128 * 1024
    static let pieces = 8

    /// The passage of `text` with the most distinct matching words (the beginning when none match). A long text is
    /// read a piece at a time, up to ``pieces`` pieces: the first piece with a match gives the passage.
    package init(text: String, terms: MatchedTerms) {
        let utf8 = text.utf8
        guard utf8.count > Self.piece else {
            self.init(piece: text, terms: terms, cutBefore: false, cutAfter: false)
            return
        }
        var start = utf8.startIndex
        var first: Snippet?
        for number in 0..<Self.pieces where start < utf8.endIndex {
            // Each piece ends after a space, so that no word is cut in two.
            var end = utf8.index(start, offsetBy: Self.piece, limitedBy: utf8.endIndex) ?? utf8.endIndex
            if end < utf8.endIndex, let space = utf8[start..<end].lastIndex(of: UInt8(ascii: " ")) {
                end = utf8.index(after: space)
            }
            let snippet = Snippet(
                piece: String(text[start..<end]),
                terms: terms,
                cutBefore: number > 0,
                cutAfter: end < utf8.endIndex
            )
            if snippet.parts.contains(where: \.match) {
                self = snippet
                return
            }
            if first == nil { first = snippet }
            start = end
        }
        self = first ?? Snippet(parts: [])
    }

    /// The passage of one piece of a text; `cutBefore` and `cutAfter` say whether the text goes on around it.
    private init(piece text: String, terms: MatchedTerms, cutBefore: Bool, cutAfter: Bool) {
        let words = SearchWords().words(in: text)
        guard !words.isEmpty else {
            self.init(parts: [])
            return
        }
        let matches = words.map { terms.matches(term: $0.term, folded: $0.folded) }
        // The window of `Self.words` words with the most distinct matched terms; the earliest on a tie.
        var bestStart = 0
        var bestCount = -1
        var start = 0
        while start < words.count {
            let end = min(words.count, start + Self.words)
            let distinct = Set((start..<end).filter { matches[$0] }.map { words[$0].term }).count
            if distinct > bestCount {
                (bestStart, bestCount) = (start, distinct)
            }
            if end == words.count { break }
            // Windows worth trying start at a match (or a few words before it).
            guard let next = (start + 1..<words.count).first(where: { matches[$0] }) else { break }
            start = max(start + 1, next - 4)
        }
        let end = min(words.count, bestStart + Self.words)
        let utf8 = Array(text.utf8)
        // The text between words, with each run of whitespace made one space.
        func collapsed(_ range: Range<Int>) -> String {
            var result = ""
            var inSpace = false
            for character in String(decoding: utf8[range], as: UTF8.self) {
                if character.isWhitespace {
                    if !inSpace { result.append(" ") }
                    inSpace = true
                } else {
                    result.append(character)
                    inSpace = false
                }
            }
            return result
        }
        var parts: [Part] = []
        func add(_ text: String, match: Bool) {
            guard !text.isEmpty else { return }
            if let last = parts.last, last.match == match {
                parts[parts.count - 1].text += text
            } else {
                parts.append(Part(text: text, match: match))
            }
        }
        if bestStart > 0 || cutBefore { add("… ", match: false) }
        var position = words[bestStart].range.lowerBound
        for index in bestStart..<end {
            let word = words[index]
            add(collapsed(position..<word.range.lowerBound), match: false)
            add(String(decoding: utf8[word.range], as: UTF8.self), match: matches[index])
            position = word.range.upperBound
        }
        if end < words.count || cutAfter {
            add(" …", match: false)
        } else {
            let tail = collapsed(position..<utf8.count)
            add(tail.hasSuffix(" ") ? String(tail.dropLast()) : tail, match: false)
        }
        self.init(parts: parts)
    }
}
