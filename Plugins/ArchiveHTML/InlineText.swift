/// The text of a few elements joined as a browser prints them: the text of inline elements runs on without a space
/// (a drop cap's `<span>C</span>ycle` is "Cycle"), any other element ends a word. Where the edge of an inline element
/// that has a class meets a lowercase letter then a capital ("Alternatives<span class="block">Top Tools"), its style
/// shows it on a line of its own, and a word ends there too; without a class, "You<b>Tube</b>" is one word.
struct InlineText {
    private var text = ""
    private var atElementEdge = false

    /// The elements whose text runs on with the text around them.
    static let inlineElements: Set<String> = [
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
        "ins", "kbd", "label", "mark", "nobr", "q", "rb", "ruby", "s", "samp", "small", "span", "strike", "strong",
        "sub", "sup", "time", "tt", "u", "var", "wbr",
    ]

    /// Whether an element of this name ends a word where it starts and where it ends.
    static func endsWord(_ name: String) -> Bool { !inlineElements.contains(name) }

    mutating func append(_ piece: String) {
        if atElementEdge, let last = text.unicodeScalars.last, let first = piece.unicodeScalars.first,
            last.properties.isLowercase, first.properties.isUppercase
        {
            text += " "
        }
        atElementEdge = false
        text += piece
    }

    /// An element that ends a word starts or ends here.
    mutating func endWord() {
        text += " "
        atElementEdge = false
    }

    /// An inline element starts or ends here; `styled` when it has a class.
    mutating func markElementEdge(styled: Bool) {
        atElementEdge = atElementEdge || styled
    }

    /// The text, white space collapsed.
    var collapsed: String { text.collapsingWhitespace }
}
