import ArchiveCore
import Foundation

/// Finds the publication and update dates of a page, in order of trust: JSON-LD, `<meta>` tags, `itemprop`,
/// `<time datetime>`, labelled text ("Published", "Дата публикации", "Жарияланған"), and the URL.
/// Dates in furniture (related lists, comments, sidebars, footers) and copyright lines are never taken.
struct HTMLDates {
    var published: Date?
    var updated: Date?

    init(_ tree: HTMLTree, metadata: HTMLMetadata, boilerplate: HTMLBoilerplate, url: String?) {
        let article = metadata.articleObject
        let (itemPublished, itemUpdated) = Self.itemprops(tree, boilerplate: boilerplate)
        let (labelledPublished, labelledUpdated) = Self.labelled(tree, boilerplate: boilerplate)
        let structured = [
            Self.date(article?["datePublished"]) ?? Self.date(article?["dateCreated"]),
            Self.firstMeta(metadata, Self.publishedMeta),
            itemPublished,
        ]
        // What the reader sees: the page's own words, a <time> element, the URL.
        let displayed = [
            labelledPublished, Self.timeElement(tree, boilerplate: boilerplate), url.flatMap(Self.fromURL),
        ]
        // Each source votes; the date most sources agree on wins, ties going to the more trusted source.
        // Structured data alone is often a template's creation date or a UTC timestamp a day off the date the
        // page shows; agreement with what the reader sees settles it.
        let short = Self.shortDateText(tree, boilerplate: boilerplate)
        // A date in the title ("Report of 22.04.2020") and one in a page script's data are the weakest hints.
        let titled = metadata.title.flatMap { DateText.firstDate(in: $0) }
        published = Self.vote(structured + displayed + [short, titled, Self.scriptData(tree)])
        updated =
            Self.date(article?["dateModified"]) ?? Self.firstMeta(metadata, Self.modifiedMeta) ?? itemUpdated
            ?? labelledUpdated
    }

    /// The date named by most candidates (in order of trust); ties go to the earliest candidate.
    static func vote(_ candidates: [Date?]) -> Date? {
        var votes: [Date: (count: Int, first: Int)] = [:]
        for (position, candidate) in candidates.enumerated() {
            guard let candidate else { continue }
            votes[candidate, default: (0, position)].count += 1
        }
        return votes.max { ($0.value.count, -$0.value.first) < ($1.value.count, -$1.value.first) }?.key
    }

    /// A publication date in the data of an inline script (`"published_at": "2019-03-02T06:22:28+01:00"`), as
    /// shop systems and single-page apps embed it.
    private static func scriptData(_ tree: HTMLTree) -> Date? {
        for index in tree.elements(named: "script") {
            let type = tree[index].attribute("type")?.lowercased() ?? ""
            guard !type.contains("ld+json") else { continue }
            for child in tree[index].children where tree[child].isText {
                let text = tree[child].text
                // Byte search for each key, then a date in the few bytes after it: scripts can be megabytes.
                for key in Self.scriptDateKeys {
                    guard let offset = text.byteOffset(of: key) else { continue }
                    let after = text.utf8.dropFirst(offset + key.utf8.count).prefix(48)
                    let value = String(decoding: after, as: UTF8.self)
                    guard value.drop(while: { $0 == " " }).first == ":" else { continue }
                    if let date = DateText.firstDate(in: value) { return date }
                }
            }
        }
        return nil
    }

    private static let scriptDateKeys = [
        "\"datePublished\"", "\"published_at\"", "\"publishedAt\"", "\"publishDate\"", "\"publish_date\"",
        "\"date_published\"", "\"pubDate\"", "\"firstPublished\"", "\"first_published_at\"",
    ]

    /// The first short text that is only a date, or a place and a date ("Bonn, 11.10.2021", "31.10.2023"),
    /// outside regions about other content and copyright lines: a byline's date with no label.
    private static func shortDateText(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> Date? {
        for index in tree.nodes.indices
        where tree[index].isText && !tree[index].isHidden && !boilerplate.foreign[index] {
            // Only the opening of a long text matters: a paragraph that opens with its date
            // ("27.1.2022 - At the memorial ...") counts by its first characters.
            let raw = tree[index].text.utf8.count > 200 ? String(tree[index].text.prefix(60)) : tree[index].text
            guard raw.utf8.count >= 6, DateText.mayContainDate(raw) else { continue }
            var text = raw.collapsingWhitespace
            if text.count > 40, let first = text.first, first.isNumber { text = String(text.prefix(12)) }
            guard text.count >= 6, text.count <= 40, !isCopyright(text),
                !tree.isInside(index, where: { $0.name == "a" })
            else { continue }
            let letters = text.filter(\.isLetter).count
            guard letters <= 20, let date = DateText.firstDate(in: text) else { continue }
            return date
        }
        return nil
    }

    static let publishedMeta = [
        "article:published_time", "og:published_time", "og:article:published_time", "article:published",
        "datepublished", "published_time", "publishdate", "publish-date", "publish_date", "pubdate",
        "article.published", "article_date_original", "original-publish-date", "dcterms.issued", "dc.date.issued",
        "dcterms.date", "dc.date", "dcterms.created", "dc.date.created", "citation_publication_date",
        "citation_date", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "date",
        "release_date", "created", "creation_date", "og:pubdate", "publication_date", "article:post_date",
    ]

    static let modifiedMeta = [
        "article:modified_time", "og:updated_time", "article:modified", "datemodified", "modified_time",
        "last-modified", "lastmod", "dcterms.modified", "dc.date.modified", "article.updated", "og:modified_time",
    ]

    private static func firstMeta(_ metadata: HTMLMetadata, _ names: [String]) -> Date? {
        for name in names {
            if let value = metadata.meta[name], let date = DateText.firstDate(in: value) { return date }
        }
        return nil
    }

    private static func date(_ value: Any?) -> Date? {
        if let text = value as? String { return DateText.firstDate(in: text) }
        if let array = value as? [Any] { return array.lazy.compactMap { date($0) }.first }
        return nil
    }

    private static func itemprops(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> (Date?, Date?) {
        var published: Date?
        var updated: Date?
        for index in tree.nodes.indices where !boilerplate.foreign[index] {
            let node = tree[index]
            guard let property = node.attribute("itemprop") else { continue }
            let value = node.attribute("content") ?? node.attribute("datetime") ?? tree.text(of: index)
            switch property {
            case "datePublished", "dateCreated": published = published ?? DateText.firstDate(in: value)
            case "dateModified": updated = updated ?? DateText.firstDate(in: value)
            default: break
            }
        }
        return (published, updated)
    }

    private static func timeElement(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> Date? {
        let times = tree.elements(named: "time").filter { !boilerplate.foreign[$0] }
        let ranked =
            times.filter { index in
                tree[index].attribute("pubdate") != nil
                    || ["publish", "posted", "created", "entry-date"].contains {
                        (tree[index].attribute("class") ?? "").lowercased().contains($0)
                    }
            } + times
        for index in ranked {
            let value = tree[index].attribute("datetime") ?? tree.text(of: index)
            if let date = DateText.firstDate(in: value) { return date }
        }
        return nil
    }

    /// "Дата публикации 01 марта 2022": a label, then a date in the same text or the next one.
    private static func labelled(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> (Date?, Date?) {
        var published: Date?
        var updated: Date?
        let texts = tree.nodes.indices.filter {
            tree[$0].isText && !boilerplate.foreign[$0] && tree[$0].text.utf8.contains { $0 > 0x20 }
                && !tree[$0].isHidden
        }
        for (position, index) in texts.enumerated()
        where tree[index].text.utf8.count < 160 && DateLabel.mayStart(tree[index].text) {
            let line = tree[index].text.collapsingWhitespace
            guard line.count < 200, let (label, rest) = DateLabel.match(line) else { continue }
            var date = DateText.firstDate(in: rest)
            if date == nil, rest.count < 3 {
                for next in texts[(position + 1)...].prefix(2) {
                    let candidate = tree[next].text.collapsingWhitespace
                    if isCopyright(candidate) { break }
                    if let found = DateText.firstDate(in: candidate) {
                        date = found
                        break
                    }
                }
            }
            switch label {
            case .published: published = published ?? date
            case .updated: updated = updated ?? date
            }
        }
        return (published, updated)
    }

    private static func isCopyright(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.containsBytes("©") || lowered.containsBytes("copyright") || lowered.containsBytes("(c)")
    }

    /// `/2023/11/03/`, `/2023-11-03`, `/20231103`.
    static func fromURL(_ url: String) -> Date? {
        if let match = url.firstMatch(of: Patterns.urlDate) {
            return DateText.firstDate(in: "\(match.1)-\(Self.pad(match.2))-\(Self.pad(match.3))")
        }
        if let match = url.firstMatch(of: Patterns.urlCompactDate) {
            return DateText.firstDate(in: "\(match.1)-\(match.2)-\(match.3)")
        }
        return nil
    }

    /// Patterns built once (a regex literal is parsed each time it is evaluated).
    private enum Patterns {
        // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
        nonisolated(unsafe) static let urlDate = /[\/_-](\d{4})[\/_-](\d{1,2})[\/_-](\d{1,2})(?:[\/_.-]|$)/
        nonisolated(unsafe) static let urlCompactDate = /[\/_-](\d{4})(\d{2})(\d{2})(?:[\/_.-]|$)/
    }

    private static func pad(_ text: Substring) -> String { text.count == 1 ? "0\(text)" : String(text) }
}
