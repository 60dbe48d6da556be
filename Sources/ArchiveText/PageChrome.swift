import Foundation

/// Headings of page furniture that ends an article's main text: related-article lists, share and social
/// widgets, footer menus ("Сейчас читают", "Read also", "Социальные медиа", "Меню подвал", ...).
public enum PageChrome {
    /// Whether a whole line (or heading) is such a marker.
    ///
    /// ```swift
    /// PageChrome.isMarker("Сейчас читают")  // true
    /// ```
    public static func isMarker(_ line: String) -> Bool {
        // Most headings start with a letter no marker starts with: reject them before folding.
        guard let first = line.unicodeScalars.first(where: { !isSkippedAtStart($0) }), mayStartMarker(first) else {
            return false
        }
        // Nor can a line longer than every marker be one (lowercasing never makes fewer scalars): most lines that
        // pass the first test are paragraphs.
        var length = 0
        for scalar in line.unicodeScalars where !isSkippedAtStart(scalar) {
            length += 1
            if length > longestMarker { return false }
        }
        let folded = fold(line)
        return !folded.isEmpty && folded.characterCount <= 40 && markers.contains(folded)
    }

    /// Whether the marker heads a list of other items (related articles, comments) rather than labelling a
    /// widget (share buttons, social links): what follows a list heading is furniture too.
    ///
    /// ```swift
    /// PageChrome.startsList("Read also")  // true
    /// PageChrome.startsList("Share")      // false
    /// ```
    public static func startsList(_ line: String) -> Bool {
        isMarker(line) && !widgetLabels.contains(fold(line))
    }

    /// Whether a marker may start with `scalar`, the first one that ``isSkippedAtStart(_:)`` does not skip: a
    /// cheap test before a heading's whole text is built.
    public static func mayStartMarker(_ scalar: Unicode.Scalar) -> Bool {
        initials.contains(scalar.properties.lowercaseMapping)
    }

    /// Punctuation and spaces that may come before a marker's words.
    public static func isSkippedAtStart(_ scalar: Unicode.Scalar) -> Bool {
        trimmed.contains(scalar) || scalar == "\u{00A0}"
    }

    private static func fold(_ line: String) -> String {
        // Standard library only: this runs for every short heading of every page.
        let lowered = line.lowercased()
        var scalars = lowered.unicodeScalars[...]
        while let first = scalars.first, isSkippedAtStart(first) { scalars.removeFirst() }
        while let last = scalars.last, isSkippedAtStart(last) { scalars.removeLast() }
        guard scalars.contains("\u{00A0}") else { return String(scalars) }
        return String(String.UnicodeScalarView(scalars.map { $0 == "\u{00A0}" ? " " : $0 }))
    }

    private static let initials = Set(markers.map { String($0.prefix(1)) })

    /// The most scalars a marker has.
    private static let longestMarker = markers.map(\.unicodeScalars.count).max() ?? 0

    private static let widgetLabels: Set<String> = [
        "share", "share this", "share this article", "share this page", "follow us", "social media", "поделиться",
        "partager", "compartir", "compartilhe", "condividi",
        "социальные медиа", "социальные сети", "мы в социальных сетях", "бөлісу", "әлеуметтік желілер",
        "әлеуметтік медиа", "поділитися", "teilen",
    ]

    private static let trimmed: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", ":", ".", "…", "»", ">", "|"]

    private static let markers: Set<String> = [
        // Russian
        "сейчас читают", "читайте также", "читать также", "смотрите также", "похожие новости", "похожие материалы",
        "другие новости", "последние новости", "новости по теме", "материалы по теме", "популярное",
        "самое читаемое", "рекомендуем", "социальные медиа", "социальные сети", "мы в социальных сетях",
        "поделиться", "меню подвал", "подвал", "комментарии",
        // Kazakh
        "қазір оқып жатыр", "қазір оқылуда", "қазір оқиды", "сондай-ақ оқыңыз", "тағы оқыңыз", "ұқсас жаңалықтар",
        "басқа жаңалықтар", "соңғы жаңалықтар", "әлеуметтік желілер", "әлеуметтік медиа", "бөлісу", "төменгі мәзір",
        "пікірлер",
        // English
        "read also", "read more", "also read", "related", "related articles", "related news", "related posts",
        "related stories", "more news", "more stories", "latest news", "popular", "most read", "most popular",
        "share", "share this", "share this article", "share this page", "social media", "follow us",
        "footer menu", "you may also like", "recommended", "recommended for you", "comments",
        // A shop's lists of other products.
        "you might also like", "you may also be interested in", "related products", "similar products",
        "similar items", "customers also viewed", "customers also bought", "people also viewed", "people also bought",
        "people who viewed this item also viewed", "frequently bought together", "recently viewed",
        "recently viewed items", "recently viewed products", "complete the look", "shop the look",
        "more from this seller", "sponsored items", "sponsored products",
        // Ukrainian, German, French, Spanish, Portuguese, Italian, Japanese, Chinese
        "читайте також", "поділитися", "схожі новини", "weitere artikel", "das könnte sie auch interessieren",
        "mehr zum thema", "teilen", "lesen sie auch", "auch interessant", "ähnliche artikel", "kommentare",
        "à lire aussi", "lire aussi", "sur le même sujet", "articles similaires", "partager",
        "artículos relacionados", "noticias relacionadas", "te puede interesar", "lee también", "compartir",
        "leia também", "veja também", "notícias relacionadas", "compartilhe", "leggi anche", "articoli correlati",
        "condividi", "関連記事", "関連する記事", "おすすめ記事", "人気記事", "相关文章", "相关新闻", "推荐阅读", "热门文章",
    ]
}
