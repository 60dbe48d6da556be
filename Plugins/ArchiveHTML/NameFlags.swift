/// What the words of an element's `class` and `id` attributes say about it. Words are split at any character
/// that is not an ASCII letter or digit; adjacent pairs are also matched joined ("article-body", "articlebody").
///
/// This runs for every element of every page, so it checks each word as it is found instead of building a set.
struct NameFlags {
    var furniture = false
    var foreign = false
    var content = false
    var positive = false
    var negative = false

    init(_ node: HTMLTree.Node) {
        for attribute in node.attributes where attribute.name == "class" || attribute.name == "id" {
            scan(attribute.value)
        }
    }

    /// The flags of `node`, each distinct `class` and `id` value of a page scanned once: most pages repeat a few
    /// class names on many elements. The two attributes are read independently, so their flags combine.
    static func cached(_ node: HTMLTree.Node, in cache: inout Cache) -> NameFlags {
        var flags = NameFlags()
        for attribute in node.attributes {
            if attribute.name == "class" {
                flags.merge(Self.flags(of: attribute.value, in: &cache.classes))
            } else if attribute.name == "id" {
                flags.merge(Self.flags(of: attribute.value, in: &cache.ids))
            }
        }
        return flags
    }

    /// Flags already computed for the `class` and `id` values of one page.
    struct Cache {
        var classes: [String: NameFlags] = [:]
        var ids: [String: NameFlags] = [:]
    }

    private static func flags(of value: String, in cache: inout [String: NameFlags]) -> NameFlags {
        if let flags = cache[value] { return flags }
        var flags = NameFlags()
        flags.scan(value)
        cache[value] = flags
        return flags
    }

    private mutating func merge(_ other: NameFlags) {
        furniture = furniture || other.furniture
        foreign = foreign || other.foreign
        content = content || other.content
        positive = positive || other.positive
        negative = negative || other.negative
    }

    private init() {}

    /// Splits `value` into lowercase ASCII words byte by byte; a space ends one class name.
    private mutating func scan(_ value: String) {
        var word: [UInt8] = []
        var previous = ""
        var whole = ""
        var parts = 0
        func finishWord() {
            guard !word.isEmpty else { return }
            let current = String(decoding: word, as: UTF8.self)
            check(current)
            if parts > 0 {
                check(previous + "-" + current)
                check(previous + current)
            }
            whole += current
            parts += 1
            previous = current
            word.removeAll(keepingCapacity: true)
        }
        func finishName() {
            finishWord()
            if parts > 2 { check(whole) }
            previous = ""
            whole = ""
            parts = 0
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D: finishName()
            default: finishWord()
            }
        }
        finishName()
    }

    private mutating func check(_ word: String) {
        guard let bits = Self.table[word] else { return }
        furniture = furniture || bits & 1 != 0
        foreign = foreign || bits & 2 != 0
        content = content || bits & 4 != 0
        positive = positive || bits & 8 != 0
        negative = negative || bits & 16 != 0
    }

    /// Every known word with what it says, so that each word costs one lookup.
    private static let table: [String: UInt8] = {
        var table: [String: UInt8] = [:]
        for (words, bit) in [
            (HTMLBoilerplate.furnitureNames, UInt8(1)), (HTMLBoilerplate.foreignNames, 2),
            (HTMLBoilerplate.contentNames, 4),
            (positiveWords, 8), (negativeWords, 16),
        ] {
            for word in words { table[word, default: 0] |= bit }
        }
        return table
    }()

    /// Words that raise a container's score as the article body.
    static let positiveWords: Set<String> = [
        "article", "body", "content", "entry", "main", "post", "story", "text", "prose", "richtext", "rich-text",
        "articlebody", "article-body", "post-content", "entry-content",
    ]

    /// Words that lower it.
    static let negativeWords: Set<String> = [
        "comment", "comments", "sidebar", "footer", "related", "promo", "widget", "share", "nav", "menu",
    ]
}
