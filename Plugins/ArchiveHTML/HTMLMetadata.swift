import ArchiveCore
import ArchiveText
import Foundation

/// The metadata of a page: `<meta>` tags, JSON-LD, `<title>`, `<h1>`, canonical link and language.
struct HTMLMetadata {
    /// `<meta>` values by lowercased name, property, itemprop or http-equiv, first occurrence wins.
    private(set) var meta: [String: String] = [:]
    /// The JSON-LD objects of the page, `@graph` members flattened.
    private(set) var jsonLD: [[String: Any]] = []
    var title: String?
    /// The titles the page states (`og:title`, the article's headline, `<title>`), which may say more than the
    /// headline chosen as ``title`` (a date).
    var statedTitles: [String] = []
    var canonicalURL: String?
    var language: String?
    var authors: [String] = []

    init(_ tree: HTMLTree, boilerplate: HTMLBoilerplate, sourceURL: String? = nil) {
        for index in tree.elements(named: "meta") {
            let node = tree[index]
            guard let content = node.attribute("content")?.trimmingSpaces(newlines: true),
                !content.isEmpty
            else { continue }
            for key in ["property", "name", "itemprop", "http-equiv"] {
                if let name = node.attribute(key)?.lowercased(), meta[name] == nil { meta[name] = content }
            }
        }
        for index in tree.elements(named: "script")
        where tree[index].attribute("type")?.lowercased().contains("ld+json") == true {
            let text = tree[index].children.map { tree[$0].text }.joined()
            guard let data = text.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data) else {
                continue
            }
            jsonLD += Self.flatten(value)
        }
        let article = articleObject
        canonicalURL = firstNonEmpty(
            tree.elements(named: "link").first { tree[$0].attribute("rel")?.lowercased() == "canonical" }
                .flatMap { tree[$0].attribute("href") },
            meta["og:url"]
        )
        statedTitles = [
            meta["og:title"], article?["headline"] as? String, meta["twitter:title"],
            tree.first("title").map { tree.text(of: $0) }, meta["title"],
        ].compactMap { $0?.collapsingWhitespace }.filter { !$0.isEmpty }
        let siteName = meta["og:site_name"] ?? meta["application-name"]
        title = HTMLTitle.choose(
            heading: mainHeading(tree, boilerplate: boilerplate, siteName: siteName, title: statedTitles.first),
            stated: statedTitles,
            siteName: siteName,
            host: (sourceURL ?? canonicalURL).flatMap { URL(string: $0)?.host() }
        )
        language = firstNonEmpty(
            tree.first("html").flatMap { tree[$0].attribute("lang") ?? tree[$0].attribute("xml:lang") },
            meta["content-language"],
            meta["og:locale"]
        ).map(Self.normalizeLanguage)
        // People the article's structured data names, else the visible byline, else an organization named as
        // the author or the author meta tag.
        let stated = Self.authors(article?["author"])
        authors = stated.people
        if authors.isEmpty { authors = HTMLByline.names(tree, boilerplate: boilerplate) }
        if authors.isEmpty { authors = stated.others }
        if authors.isEmpty, let author = meta["author"] ?? meta["article:author"] ?? meta["dc.creator"],
            !author.hasPrefix("http"), !HTMLByline.isAccountName(author)
        {
            authors = HTMLByline.split(author)
        }
    }

    /// Whether the page says it is a thread: a forum's discussion or a question with its answers
    /// (schema.org `DiscussionForumPosting` or `QAPage`, in JSON-LD or microdata). Its posts are its text, whatever
    /// the forum's software names them.
    ///
    /// Only the page's own items count: JSON-LD objects, and microdata items that are no other item's property (a
    /// list of threads beside an article is not a thread).
    func isThread(_ tree: HTMLTree) -> Bool {
        if jsonLD.contains(where: { Self.types(of: $0).contains(where: Self.isThreadType) }) { return true }
        return tree.nodes.contains { node in
            guard !node.isText, node.attribute("itemprop") == nil, let type = node.attribute("itemtype") else {
                return false
            }
            return type.split(whereSeparator: { $0 == " " }).contains { Self.isThreadType(String($0)) }
        }
    }

    /// Whether a type names a thread, written bare, as a URL or with a prefix ("QAPage",
    /// "https://schema.org/QAPage", "schema:QAPage").
    private static func isThreadType(_ type: String) -> Bool {
        threadTypes.contains(String(typeName(type[...])))
    }

    /// A schema.org type's name without its vocabulary: "https://schema.org/QAPage", "schema:QAPage" and "QAPage" are
    /// "QAPage".
    static func typeName(_ type: Substring) -> Substring {
        type.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last ?? type
    }

    private static let threadTypes: Set<String> = ["DiscussionForumPosting", "QAPage"]

    /// The JSON-LD object describing the article itself.
    var articleObject: [String: Any]? {
        let preferred = [
            "NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "Report",
            "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "OpinionNewsArticle", "WebPage",
        ]
        for type in preferred {
            if let match = jsonLD.first(where: { Self.types(of: $0).contains(type) }) { return match }
        }
        return nil
    }

    /// The first `<h1>` outside furniture that is not the site's logo (a heading that is one link to the home
    /// page) and prints words, without the mark of a link to itself that documentation generators put in every
    /// heading ("¶", "#", an icon font's glyph) and without a day's `<time>` printed before or after its words (a
    /// dateline: "Dec 18 2025 Preparing a transition"; a year stays). A heading that prints the site's stated name
    /// alone is its masthead, not the headline, unless the page's own title (its first stated one) names the site
    /// too: the site's home or its "about" page.
    private func mainHeading(
        _ tree: HTMLTree,
        boilerplate: HTMLBoilerplate,
        siteName: String?,
        title: String?
    ) -> String? {
        for heading in tree.elements(named: "h1")
        where !boilerplate.excluded[heading] && !Self.isSiteLogo(tree, heading) {
            var text = tree.printedText(of: heading, skipping: { Self.isAnchorMark(tree, $0) })
            for time in tree.elements(named: "time", in: heading) {
                let date = tree.printedText(of: time)
                // A day's date has words or numbers for its parts; a lone year ("of <time>2024</time>") is a word.
                guard date.contains(" ") else { continue }
                if text.hasPrefix(date) {
                    text = String(text.dropFirst(date.count)).trimmingSpaces()
                } else if text.hasSuffix(date) {
                    text = String(text.dropLast(date.count)).trimmingSpaces()
                }
            }
            guard !text.isEmpty else { continue }
            guard HTMLTitle.namesSite(text, siteName: siteName, host: nil),
                let title, !HTMLTitle.mentionsSite(title, siteName: siteName)
            else { return text }
        }
        return nil
    }

    /// Whether `index` is a link within the page (`href="#..."`) whose text has no letter or digit.
    private static func isAnchorMark(_ tree: HTMLTree, _ index: Int) -> Bool {
        guard tree[index].name == "a", tree[index].attribute("href")?.trimmingSpaces().hasPrefix("#") == true else {
            return false
        }
        return !tree.text(of: index).unicodeScalars.contains {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }

    static func isSiteLogo(_ tree: HTMLTree, _ heading: Int) -> Bool {
        let links = tree.elements(named: "a", in: heading)
        guard links.count == 1, let href = tree[links[0]].attribute("href")?.trimmingSpaces(),
            tree.text(of: links[0]) == tree.text(of: heading)
        else { return false }
        let path = URL(string: href)?.path ?? href
        return path.isEmpty || path == "/" || ["/index.html", "/index.php", "/index.htm"].contains(path)
    }

    static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type] }
        return object["@type"] as? [String] ?? []
    }

    private static func flatten(_ value: Any) -> [[String: Any]] {
        if let array = value as? [Any] { return array.flatMap(flatten) }
        guard let object = value as? [String: Any] else { return [] }
        var result = [object]
        if let graph = object["@graph"] { result += flatten(graph) }
        if let main = object["mainEntity"] as? [String: Any] { result += flatten(main) }
        return result
    }

    /// The names of structured data's `author`: people (and bare names), and organizations.
    private static func authors(_ value: Any?) -> (people: [String], others: [String]) {
        switch value {
        case let name as String: return (HTMLByline.split(name), [])
        case let object as [String: Any]:
            guard let name = object["name"] as? String else { return ([], []) }
            let types = Self.types(of: object)
            return types.isEmpty || types.contains("Person") ? (HTMLByline.split(name), []) : ([], [name])
        case let array as [Any]:
            let all = array.map { authors($0) }
            return (all.flatMap(\.people), all.flatMap(\.others))
        default: return ([], [])
        }
    }

    private static func normalizeLanguage(_ value: String) -> String {
        let primary = value.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? value
        return primary.lowercased()
    }

    private func firstNonEmpty(_ values: String?...) -> String? {
        values.compactMap { $0?.collapsingWhitespace }.first { !$0.isEmpty }
    }
}
