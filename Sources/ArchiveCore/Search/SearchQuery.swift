/// A full-text query, parsed: words, phrases, prefixes and substrings joined by `AND`, `OR` and `NOT`.
///
/// The syntax, as `mura search` and `GET /search` take it:
/// - `budget reform`: both words (AND is implied); each matches its inflected forms (`reforms`, `реформы`);
/// - `"state budget"`: the words in this order, next to each other;
/// - `budg*`: words that begin so; `*хана`, `*тех*`: words that hold these letters anywhere (among the words kept
///   unstemmed: Kazakh words and other alphabets; English and Russian words from their start);
/// - `budget OR tax`, `budget NOT draft`, `(budget OR tax) AND 2024`: the operators, in capitals (lowercase `and`,
///   `or`, `not` are words); NOT binds tighter than AND, AND tighter than OR.
///
/// A Kazakh word (one with a letter Russian lacks: ә ғ қ ң ө ұ ү һ і) is not stemmed: it matches as a prefix, so
/// `мектеп` finds `мектептер` and `мектептің`.
public struct SearchQuery: Hashable, Sendable {
    /// One part of a query.
    public indirect enum Node: Hashable, Sendable {
        /// A word as typed, matched by its stem (or, for a Kazakh word, as a prefix).
        case word(String)
        /// Words that begin with the text.
        case prefix(String)
        /// Words that hold the text anywhere.
        case substring(String)
        /// Words next to each other in this order.
        case phrase([String])
        case and([Node])
        case or([Node])
        /// What the first matches and the second does not.
        case not(Node, Node)
    }

    /// The query as typed.
    public var text: String
    /// The longest query taken, in characters.
    public static let maximumLength = 4096
    /// The parsed query.
    public var root: Node
    /// The deepest a query may nest (parentheses, `NOT` upon `NOT`): a query is compiled into one SQL expression,
    /// whose depth SQLite bounds.
    public static let maximumDepth = 24
    /// The most terms (words, phrases, prefixes, substrings) a query may hold, and the most of them that match
    /// parts of words (prefixes, substrings, which each read a share of the index): past them, one request of a few
    /// kilobytes would keep the catalog busy for seconds.
    public static let maximumTerms = 64
    public static let maximumWildcards = 16

    /// Parses a query.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` (field `q`) naming the problem and where it is:
    ///   an unclosed quote or parenthesis, an operator without a term on one side, a term with no letter or digit.
    public init(_ text: String) throws {
        self.text = text
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw ArchiveError(
                .invalidArgument,
                "The search query is \(text.unicodeScalars.count) characters long; give at most \(Self.maximumLength).",
                field: .query
            )
        }
        var parser = Parser(tokens: try Self.lex(text), text: text)
        root = try parser.parseQuery()
        let depth = Self.depth(of: root)
        guard depth <= Self.maximumDepth else {
            throw Self.problem(
                "nests \(depth) levels deep (each group of parentheses, and each NOT after another, adds one); give "
                    + "at most \(Self.maximumDepth)",
                in: String(text.prefix(200))
            )
        }
        let (terms, wildcards) = Self.terms(in: root)
        guard terms <= Self.maximumTerms, wildcards <= Self.maximumWildcards else {
            throw Self.problem(
                "holds \(terms) terms, \(wildcards) of them with * (prefixes and substrings); give at most "
                    + "\(Self.maximumTerms) terms and \(Self.maximumWildcards) with *",
                in: String(text.prefix(200))
            )
        }
    }

    /// How many terms a query holds, and how many of them are prefixes or substrings.
    static func terms(in node: Node) -> (all: Int, wildcards: Int) {
        switch node {
        case .word, .phrase: (1, 0)
        case .prefix, .substring: (1, 1)
        case .and(let nodes), .or(let nodes):
            nodes.map { terms(in: $0) }.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        case .not(let kept, let dropped):
            (terms(in: kept).all + terms(in: dropped).all, terms(in: kept).wildcards + terms(in: dropped).wildcards)
        }
    }

    /// How deep a query's operators nest: 0 for a term, 1 for terms joined by AND or OR, one more for each group of
    /// parentheses around such a join, and for each NOT after another.
    static func depth(of node: Node) -> Int {
        switch node {
        case .word, .prefix, .substring, .phrase: 0
        case .and(let nodes), .or(let nodes): 1 + (nodes.map { depth(of: $0) }.max() ?? 0)
        case .not(let kept, let dropped): 1 + max(depth(of: kept), depth(of: dropped))
        }
    }

    static func problem(_ message: String, in text: String) -> ArchiveError {
        ArchiveError(.invalidArgument, "The search query '\(text)' \(message).", field: .query)
    }

    // MARK: Lexing

    enum Token: Hashable {
        case term(String)
        case phrase([String])
        case and, or, not, open, close
    }

    private static func lex(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        var skippedSymbols = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "(" {
                tokens.append(.open)
                index = text.index(after: index)
            } else if character == ")" {
                tokens.append(.close)
                index = text.index(after: index)
            } else if character == "\"" || character == "“" || character == "«" || character == "„" {
                let start = text.index(after: index)
                guard let end = text[start...].firstIndex(where: { $0 == "\"" || $0 == "”" || $0 == "»" || $0 == "“" })
                else {
                    throw problem("opens a quote that is not closed: add the closing \"", in: text)
                }
                let words = text[start..<end].split(whereSeparator: \.isWhitespace).map(String.init)
                guard !words.isEmpty else {
                    throw problem("holds an empty phrase (\"\"): put words between the quotes", in: text)
                }
                tokens.append(.phrase(words))
                index = text.index(after: end)
            } else {
                var end = index
                while end < text.endIndex, !text[end].isWhitespace, !"()\"“”«»„".contains(text[end]) {
                    end = text.index(after: end)
                }
                // A closing quote with no opening one stands for nothing.
                if end == index { end = text.index(after: index) }
                let word = String(text[index..<end])
                index = end
                // Punctuation standing alone ("budget + state", "A & B") is no term.
                guard word.unicodeScalars.contains(where: \.isSearchable) else {
                    skippedSymbols = true
                    continue
                }
                switch word {
                case "AND": tokens.append(.and)
                case "OR": tokens.append(.or)
                case "NOT": tokens.append(.not)
                default: tokens.append(.term(word))
                }
            }
        }
        guard !tokens.isEmpty else {
            throw problem(
                skippedSymbols
                    ? "holds no letter or digit to search for: give at least one word"
                    : "is empty: give at least one word",
                in: text
            )
        }
        return tokens
    }

    // MARK: Parsing

    private struct Parser {
        var tokens: [Token]
        var text: String
        var position = 0

        var current: Token? { position < tokens.count ? tokens[position] : nil }

        mutating func parseQuery() throws -> Node {
            let node = try parseOr()
            if let token = current {
                throw SearchQuery.problem(
                    token == .close ? "closes a parenthesis that was not opened: remove the )" : "cannot be read",
                    in: text
                )
            }
            return node
        }

        mutating func parseOr() throws -> Node {
            var nodes = [try parseAnd(after: nil)]
            while current == .or {
                position += 1
                nodes.append(try parseAnd(after: "OR"))
            }
            return nodes.count == 1 ? nodes[0] : .or(nodes)
        }

        mutating func parseAnd(after operatorName: String?) throws -> Node {
            var nodes = [try parseNot(after: operatorName)]
            while let token = current, token != .or, token != .close {
                if token == .and {
                    position += 1
                    nodes.append(try parseNot(after: "AND"))
                } else {
                    nodes.append(try parseNot(after: nil))
                }
            }
            return nodes.count == 1 ? nodes[0] : .and(nodes)
        }

        mutating func parseNot(after operatorName: String?) throws -> Node {
            if current == .not {
                throw SearchQuery.problem(
                    "starts with NOT or has it after another operator: NOT needs a term before it, as in "
                        + "'budget NOT draft'",
                    in: text
                )
            }
            var node = try parsePrimary(after: operatorName)
            while current == .not {
                position += 1
                node = .not(node, try parsePrimary(after: "NOT"))
            }
            return node
        }

        mutating func parsePrimary(after operatorName: String?) throws -> Node {
            guard let token = current else {
                if let operatorName {
                    throw SearchQuery.problem("ends with \(operatorName): put a term after it", in: text)
                }
                throw SearchQuery.problem("is empty: give at least one word", in: text)
            }
            switch token {
            case .open:
                position += 1
                if current == .close { throw SearchQuery.problem("holds empty parentheses ()", in: text) }
                if current == nil {
                    throw SearchQuery.problem("opens a parenthesis that is not closed: add the )", in: text)
                }
                let node = try parseOr()
                guard current == .close else {
                    throw SearchQuery.problem("opens a parenthesis that is not closed: add the )", in: text)
                }
                position += 1
                return node
            case .phrase(let words):
                position += 1
                return .phrase(words)
            case .term(let word):
                position += 1
                return try SearchQuery.term(word, in: text)
            case .and, .or, .not, .close:
                let name =
                    switch token {
                    case .and: "AND"
                    case .or: "OR"
                    case .not: "NOT"
                    default: ")"
                    }
                if let operatorName {
                    throw SearchQuery.problem(
                        "has \(name) right after \(operatorName): put a term between them",
                        in: text
                    )
                }
                throw SearchQuery.problem("has \(name) without a term before it", in: text)
            }
        }
    }

    private static func term(_ word: String, in text: String) throws -> Node {
        let leading = word.hasPrefix("*")
        let trailing = word.hasSuffix("*") && word.count > 1
        let core = word.trimmingStars()
        guard core.unicodeScalars.contains(where: \.isSearchable) else {
            throw problem(
                "has '\(word)', which holds no letter or digit to search for: remove it or put it in quotes",
                in: text
            )
        }
        if core.contains("*") {
            throw problem("has '\(word)': a * goes only at the start or the end of a word", in: text)
        }
        if leading { return .substring(core) }
        if trailing { return .prefix(core) }
        return .word(core)
    }
}

extension Unicode.Scalar {
    /// A letter or digit: what a search term must hold.
    fileprivate var isSearchable: Bool { properties.isAlphabetic || properties.numericType != nil }
}

extension String {
    fileprivate func trimmingStars() -> String {
        var slice = Substring(self)
        while slice.hasPrefix("*") { slice = slice.dropFirst() }
        while slice.hasSuffix("*") { slice = slice.dropLast() }
        return String(slice)
    }
}
