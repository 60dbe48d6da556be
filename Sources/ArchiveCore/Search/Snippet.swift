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

    /// The passage of `text` with the most distinct matching words (the beginning when none match).
    package init(text: String, terms: MatchedTerms) {
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
        if bestStart > 0 { add("… ", match: false) }
        var position = words[bestStart].range.lowerBound
        for index in bestStart..<end {
            let word = words[index]
            add(collapsed(position..<word.range.lowerBound), match: false)
            add(String(decoding: utf8[word.range], as: UTF8.self), match: matches[index])
            position = word.range.upperBound
        }
        if end < words.count {
            add(" …", match: false)
        } else {
            let tail = collapsed(position..<utf8.count)
            add(tail.hasSuffix(" ") ? String(tail.dropLast()) : tail, match: false)
        }
        self.init(parts: parts)
    }
}
