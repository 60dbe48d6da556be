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
    /// Whether a word names a cookie or consent notice ("cookie", "consent", "gdpr").
    var consent = false
    /// Whether a word other than a navigation word ("nav", "menu", "breadcrumb") marks furniture.
    var furnitureBeyondNavigation = false

    /// Whether only navigation words mark the element as furniture: navigation is links, so such an element
    /// that holds paragraphs of prose outside links is misnamed ("content-nav-section", a table of contents'
    /// target).
    var onlyNavigation: Bool { furniture && !furnitureBeyondNavigation && !foreign }

    init(_ node: HTMLTree.Node) {
        for attribute in node.attributes where attribute.name == "class" || attribute.name == "id" {
            scan(attribute.value, isClass: attribute.name == "class")
        }
    }

    /// The flags of `node`, each distinct `class` and `id` value of a page scanned once: most pages repeat a few
    /// class names on many elements. The two attributes are read independently, so their flags combine.
    static func cached(_ node: HTMLTree.Node, in cache: inout Cache) -> NameFlags {
        var flags = NameFlags()
        for attribute in node.attributes {
            if attribute.name == "class" {
                flags.merge(
                    Self.flags(of: attribute.value, in: &cache.classes, skipping: cache.skippedWords, isClass: true)
                )
            } else if attribute.name == "id" {
                flags.merge(
                    Self.flags(of: attribute.value, in: &cache.ids, skipping: cache.skippedWords, isClass: false)
                )
            }
        }
        return flags
    }

    /// Flags already computed for the `class` and `id` values of one page.
    struct Cache {
        var classes: [String: NameFlags] = [:]
        var ids: [String: NameFlags] = [:]
        /// Words passed over, as if the names did not hold them: a page builder's words for any block ("widget"),
        /// the words of comments.
        var skippedWords: [[UInt8]] = []
    }

    private static func flags(
        of value: String,
        in cache: inout [String: NameFlags],
        skipping skippedWords: [[UInt8]],
        isClass: Bool
    ) -> NameFlags {
        if let flags = cache[value] { return flags }
        var flags = NameFlags()
        flags.scan(value, skipping: skippedWords, isClass: isClass)
        cache[value] = flags
        return flags
    }

    private mutating func merge(_ other: NameFlags) {
        furniture = furniture || other.furniture
        foreign = foreign || other.foreign
        content = content || other.content
        positive = positive || other.positive
        negative = negative || other.negative
        furnitureBeyondNavigation = furnitureBeyondNavigation || other.furnitureBeyondNavigation
        consent = consent || other.consent
    }

    private init() {}

    /// No flags: what an element is without its `class` and `id`.
    static let none = NameFlags()

    /// Forgets what the words say about furniture and foreign regions, keeping what marks content.
    mutating func ignoreRegions() {
        furniture = false
        foreign = false
        negative = false
        furnitureBeyondNavigation = false
        consent = false
    }

    /// Splits `value` into lowercase ASCII words byte by byte; a space ends one class name. Words and their
    /// joined forms are looked up as bytes: no string is made. Names that count only whole count in a `class`, not
    /// in an `id`, which may name a section about them.
    private mutating func scan(_ value: String, skipping skippedWords: [[UInt8]] = [], isClass: Bool) {
        var bytes: [UInt8] = []
        // The words of the current class name: their ranges in `bytes`.
        var words: [Range<Int>] = []
        var wordStart = 0
        var scratch: [UInt8] = []
        // Two words looked up joined, with "-" and without ("article-body", "articlebody").
        func checkJoined(_ first: Range<Int>, _ second: Range<Int>, whole: Bool) {
            scratch.removeAll(keepingCapacity: true)
            scratch += bytes[first]
            scratch.append(UInt8(ascii: "-"))
            scratch += bytes[second]
            check(scratch[...], whole: whole)
            scratch.remove(at: first.count)
            check(scratch[...], whole: whole)
        }
        // After "--" in a class name, the words are a modifier of the block named before it: a word for how the
        // block is shown there ("product--thumbnail_slider": a product with a slider of pictures) does not say what
        // the block is. A region's word still does ("block--footer").
        var inModifier = false
        var previous: UInt8 = 0
        func finishWord() {
            guard bytes.count > wordStart else { return }
            if inModifier, Self.presentationWords.contains(where: { $0.elementsEqual(bytes[wordStart...]) }) {
                bytes.removeSubrange(wordStart...)
                return
            }
            let current = wordStart..<bytes.count
            if !skippedWords.isEmpty, skippedWords.contains(where: { $0.elementsEqual(bytes[current]) }) {
                wordStart = bytes.count
                return
            }
            check(bytes[current])
            if let previous = words.last { checkJoined(previous, current, whole: false) }
            words.append(current)
            wordStart = bytes.count
        }
        func finishName() {
            finishWord()
            inModifier = false
            // A class name of one word, or of two joined, is whole: names that count only whole are looked up.
            if isClass, words.count == 1 {
                check(bytes[words[0]], whole: true)
            } else if isClass, words.count == 2 {
                checkJoined(words[0], words[1], whole: true)
            }
            if words.count > 2 {
                scratch.removeAll(keepingCapacity: true)
                for word in words { scratch += bytes[word] }
                check(scratch[...])
            }
            words.removeAll(keepingCapacity: true)
        }
        // In a class, square brackets hold a value, not a name: a utility class's arbitrary value
        // (`mr-[--sidebar-width]`, a margin as wide as the sidebar) or a selector (`data-[state=open]:block`).
        var inValue = false
        for byte in value.utf8 {
            if inValue {
                guard byte == UInt8(ascii: "]") || byte == UInt8(ascii: " ") else { continue }
                inValue = false
                if byte == UInt8(ascii: "]") { continue }
            }
            switch byte {
            case UInt8(ascii: "["):
                finishWord()
                inValue = isClass
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D: finishName()
            default:
                finishWord()
                if isClass, byte == UInt8(ascii: "-"), previous == UInt8(ascii: "-"), !words.isEmpty {
                    inModifier = true
                }
            }
            previous = byte
        }
        finishName()
    }

    /// Words for how a block is shown (a slider, a player, a window over the page): in a modifier they say nothing
    /// about what the block is.
    static let presentationWords: [[UInt8]] = [
        "slider", "carousel", "swiper", "gallery", "slideshow", "video", "player", "modal", "popup", "popover",
        "tooltip", "rollover", "hovercard",
    ]
    .map { Array($0.utf8) }

    /// A page builder's words for any block: they say nothing about what the block holds.
    static let builderWords: [[UInt8]] = ["widget", "widgets"].map { Array($0.utf8) }

    /// The words that name comments: in a forum, the posts of the thread.
    static let commentWords: [[UInt8]] = ["comment", "comments"].map { Array($0.utf8) }

    /// Records what `word` says; `whole` when it is a whole class or id name, where names that count only whole
    /// (bit 128) are furniture too.
    private mutating func check(_ word: ArraySlice<UInt8>, whole: Bool = false) {
        var bits = Self.table.bits(of: word)
        if bits & 128 != 0 { bits = (bits & ~128) | (whole ? 1 : 0) }
        guard bits != 0 else { return }
        furniture = furniture || bits & 1 != 0
        furnitureBeyondNavigation = furnitureBeyondNavigation || (bits & 1 != 0 && bits & 32 == 0)
        foreign = foreign || bits & 2 != 0
        content = content || bits & 4 != 0
        positive = positive || bits & 8 != 0
        negative = negative || bits & 16 != 0
        consent = consent || bits & 64 != 0
    }

    /// Every known word with what it says, so that each word costs one lookup.
    private static let table: WordTable = {
        var table: [String: UInt8] = [:]
        for (words, bit) in [
            (HTMLBoilerplate.furnitureNames, UInt8(1)), (HTMLBoilerplate.foreignNames, 2),
            (HTMLBoilerplate.contentNames, 4),
            (positiveWords, 8), (negativeWords, 16), (HTMLBoilerplate.navigationNames, 32),
            (HTMLBoilerplate.consentNames, 64), (HTMLBoilerplate.wholeFurnitureNames, 128),
        ] {
            for word in words { table[word, default: 0] |= bit }
        }
        return WordTable(table)
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
