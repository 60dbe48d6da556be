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
        let folded = fold(line)
        return !folded.isEmpty && folded.count <= 40 && markers.contains(folded)
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

    private static func fold(_ line: String) -> String {
        line.lowercased().replacingOccurrences(of: "\u{00A0}", with: " ").trimmingCharacters(in: trimmed)
    }

    private static let widgetLabels: Set<String> = [
        "share", "share this", "share this article", "share this page", "follow us", "social media", "поделиться",
        "социальные медиа", "социальные сети", "мы в социальных сетях", "бөлісу", "әлеуметтік желілер",
        "әлеуметтік медиа", "поділитися", "teilen",
    ]

    private static let trimmed = CharacterSet.whitespaces.union(CharacterSet(charactersIn: ":.…»>|"))

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
        // Ukrainian, German
        "читайте також", "поділитися", "схожі новини", "weitere artikel", "das könnte sie auch interessieren",
        "mehr zum thema", "teilen",
    ]
}
