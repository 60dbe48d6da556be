import ArchiveCore
import ArchiveText
import Foundation

/// Finds the publication and update dates of a page, in order of trust: JSON-LD, `<meta>` tags, `itemprop`,
/// `<time datetime>`, labelled text ("Published", "Дата публикации", "Жарияланған"), and the URL.
/// Dates in furniture (related lists, comments, sidebars, footers) and copyright lines are never taken.
struct HTMLDates {
    var published: Date?
    var updated: Date?

    init(_ tree: HTMLTree, metadata: HTMLMetadata, boilerplate: HTMLBoilerplate, url: String?) {
        let article = metadata.articleObject
        let page = url.flatMap(URL.init(string:))
        let (itemPublished, itemUpdated) = Self.itemprops(tree, boilerplate: boilerplate)
        let (labelledPublished, labelledUpdated) = Self.labelled(tree, boilerplate: boilerplate)
        // A generic `date` meta is what many content systems set to the page's last change: the page's one
        // `datePublished` property, even in a region taken for furniture, names the publication more surely.
        let meta = Self.firstMetaNamed(metadata, Self.publishedMeta)
        var metaStamp = meta?.stamp
        if let meta, Self.genericMeta.contains(meta.name), itemPublished == nil,
            let sole = DateStamp(Self.soleItemprop(tree, page: page))
        {
            metaStamp = sole
        }
        let structured = [
            Self.stamp(article?["datePublished"]) ?? Self.stamp(article?["dateCreated"]),
            metaStamp,
            itemPublished,
        ]
        // What the reader sees: the page's own words, the byline under the headline, a <time> element, the URL.
        let displayed = [
            DateStamp(labelledPublished), Self.nearHeading(tree, boilerplate: boilerplate, title: metadata.title),
            Self.timeElement(tree, boilerplate: boilerplate, page: page), DateStamp(url.flatMap(Self.fromURL)),
        ]
        // Each source votes; the date most sources agree on wins, ties going to the more trusted source.
        // Structured data alone is often a template's creation date or a UTC timestamp a day off the date the
        // page shows; agreement with what the reader sees settles it.
        let short = Self.shortDateText(tree, boilerplate: boilerplate, page: page)
        // A date in the title ("Report of 22.04.2020") and one in a page script's data are the weakest hints.
        let titled = ([metadata.title].compactMap { $0 } + metadata.statedTitles).lazy
            .compactMap { DateText.firstDate(in: $0) }.first
        let hints = [short, DateStamp(titled), Self.scriptData(tree, skippingJSONLD: article != nil)]
        let candidates = structured + displayed + hints
        // When nothing else names a date: the page's only `datePublished` property even in a region taken for
        // furniture, the date beside a link to this page in a list of posts, the folder date of the page's
        // image, a `<meta>` name no list knows, a date in the page's description ("News of 14 January 2020").
        let fallback = {
            Self.soleItemprop(tree, page: page) ?? Self.selfLinked(tree, url: url)
                ?? metadata.meta["og:image"].flatMap(Self.fromURL)
                ?? Self.firstMeta(metadata, Self.isOtherPublishedMeta)?.day
                ?? Self.describedDate(metadata)
        }
        // Only what the page shows and says (with the short date and the title among the hints) can move a UTC
        // timestamp to the neighbouring day.
        published = Self.vote(candidates, localUntil: structured.count + displayed.count + 2) ?? fallback()
        updated =
            (Self.stamp(article?["dateModified"]) ?? Self.firstMeta(metadata, Self.modifiedMeta))?.day
            ?? itemUpdated?.day ?? labelledUpdated
        // A page that gives only the date it was last updated was published then, as far as anyone can tell.
        if published == nil { published = updated }
    }

    /// The place of the byline under the headline among the candidates, and the weight of its vote: what the
    /// reader sees first settles a tie between structured data and other text.
    static let bylinePosition = 4
    static let bylineWeight = 1.5

    /// The date named by most candidates (in order of trust); ties go to the earliest candidate.
    ///
    /// A UTC timestamp votes for its neighbouring day when more of the first `end` sources name that day in local
    /// time than name its own: it is the same moment, printed in the publisher's time zone. A date that reads
    /// either way ("12/04/2020") votes for its day-first reading when more of the unambiguous sources name that day.
    static func vote(_ candidates: [DateStamp?], localUntil end: Int) -> Date? {
        var local: [Date: Int] = [:]
        for candidate in candidates.prefix(end) where candidate?.utcHour == nil {
            if let day = candidate?.day { local[day, default: 0] += 1 }
        }
        var named: [Date: Int] = [:]
        for candidate in candidates where candidate?.swapped == nil {
            if let day = candidate?.day { named[day, default: 0] += 1 }
        }
        var votes: [Date: (count: Double, first: Int)] = [:]
        var voted = Set<Int>()
        for (position, candidate) in candidates.enumerated() {
            guard let candidate else { continue }
            if let origin = candidate.origin, !voted.insert(origin).inserted { continue }
            var day = candidate.day
            if let neighbour = candidate.neighbour, local[neighbour, default: 0] > local[day, default: 0] {
                day = neighbour
            } else if let swapped = candidate.swapped, named[swapped, default: 0] > named[day, default: 0] {
                day = swapped
            }
            votes[day, default: (0, position)].count += position == Self.bylinePosition ? Self.bylineWeight : 1
        }
        return votes.max { ($0.value.count, -$0.value.first) < ($1.value.count, -$1.value.first) }?.key
    }

    /// A publication date in the data of an inline script (`"published_at": "2019-03-02T06:22:28+01:00"`), as
    /// shop systems and single-page apps embed it.
    /// JSON-LD is read here only when it held no article that parses (a stray comma breaks a whole block).
    private static func scriptData(_ tree: HTMLTree, skippingJSONLD: Bool) -> DateStamp? {
        for index in tree.elements(named: "script") {
            let type = tree[index].attribute("type")?.lowercased() ?? ""
            guard !skippingJSONLD || !type.contains("ld+json") else { continue }
            for child in tree[index].children where tree[child].isText {
                let text = tree[child].text
                // One byte scan finds where each key first occurs, then a date in the few bytes after it: scripts
                // can be megabytes.
                let offsets = Self.firstOffsets(of: Self.scriptDateKeyBytes, in: text)
                for (key, found) in zip(Self.scriptDateKeys, offsets) {
                    guard let offset = found else { continue }
                    let after = text.utf8.dropFirst(offset + key.utf8.count).prefix(48)
                    let value = String(decoding: after, as: UTF8.self).drop(while: { $0 == " " })
                    guard value.first == ":" else { continue }
                    let quoted = value.dropFirst().drop(while: { $0 == " " || $0 == "\"" })
                    if let stamp = DateStamp(String(quoted)) { return stamp }
                }
            }
        }
        return nil
    }

    /// The first UTF-8 offset of each key in `text` (keys start with `"`): one pass over the quotes.
    private static func firstOffsets(of keys: [[UInt8]], in text: String) -> [Int?] {
        var offsets = [Int?](repeating: nil, count: keys.count)
        var text = text
        text.withUTF8 { bytes in
            var remaining = keys.count
            var index = 0
            while remaining > 0, let quote = bytes[index...].firstIndex(of: UInt8(ascii: "\"")) {
                for (number, key) in keys.enumerated()
                where offsets[number] == nil && quote + key.count <= bytes.count
                    && bytes[quote + 1] == key[1] && bytes[quote..<(quote + key.count)].elementsEqual(key)
                {
                    offsets[number] = quote
                    remaining -= 1
                }
                index = quote + 1
            }
        }
        return offsets
    }

    private static let scriptDateKeyBytes = scriptDateKeys.map { Array($0.utf8) }

    private static let scriptDateKeys = [
        "\"datePublished\"", "\"published_at\"", "\"publishedAt\"", "\"publishDate\"", "\"publish_date\"",
        "\"date_published\"", "\"pubDate\"", "\"firstPublished\"", "\"first_published_at\"",
    ]

    static let publishedMeta = [
        "article:published_time", "og:published_time", "og:article:published_time", "article:published",
        "datepublished", "published", "published_time", "publishdate", "publish-date", "publish_date", "pubdate",
        "article.published", "article_date_original", "original-publish-date", "dcterms.issued", "dc.date.issued",
        "dcterms.date", "dc.date", "dcterms.created", "dc.date.created", "citation_publication_date",
        "citation_date", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "date",
        "release_date", "created", "creation_date", "og:pubdate", "publication_date", "article:post_date",
    ]

    /// A `<meta>` name no list knows that still names a publication (`…:published_time`, `published-date`, a site's
    /// `…:uploaded`, a documentation platform's `ms.date`).
    private static func isOtherPublishedMeta(_ name: String) -> Bool {
        guard !publishedMeta.contains(name) else { return false }
        if name.hasSuffix(":uploaded") || name.hasSuffix(".date") { return true }
        // Its words, whatever joins them: `published-date`, `publication_date`, `date:published`.
        let folded = String(name.unicodeScalars.filter { !["-", "_", ":", ".", " "].contains($0) })
        return otherPublishedWords.contains { folded.hasSuffix($0) }
    }

    /// The last words of a `<meta>` name, joined, that name a publication.
    private static let otherPublishedWords = [
        "publishedtime", "publishdate", "publisheddate", "publicationdate", "datepublished",
    ]

    static let modifiedMeta = [
        "article:modified_time", "og:updated_time", "article:modified", "datemodified", "modified_time",
        "last-modified", "lastmod", "dcterms.modified", "dc.date.modified", "article.updated", "og:modified_time",
    ]

    /// Meta names that say only "date", not which one.
    private static let genericMeta: Set<String> = ["date", "dcterms.date", "dc.date"]

    private static func firstMeta(_ metadata: HTMLMetadata, _ names: [String]) -> DateStamp? {
        firstMetaNamed(metadata, names)?.stamp
    }

    private static func firstMetaNamed(
        _ metadata: HTMLMetadata,
        _ names: [String]
    ) -> (name: String, stamp: DateStamp)? {
        for name in names {
            if let value = metadata.meta[name], let stamp = DateStamp(value) { return (name, stamp) }
        }
        return nil
    }

    /// The first `<meta>` whose name `matches`, in name order (a name no list knows, such as a site's own
    /// `…:uploaded`).
    private static func firstMeta(_ metadata: HTMLMetadata, _ matches: (String) -> Bool) -> DateStamp? {
        firstMeta(metadata, metadata.meta.keys.filter(matches).sorted())
    }

    private static func stamp(_ value: Any?) -> DateStamp? {
        if let text = value as? String { return DateStamp(text) }
        if let array = value as? [Any] { return array.lazy.compactMap { stamp($0) }.first }
        return nil
    }

    private static func itemprops(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> (DateStamp?, DateStamp?) {
        var published: DateStamp?
        var updated: DateStamp?
        for index in tree.nodes.indices where !boilerplate.foreign[index] {
            let node = tree[index]
            guard let property = node.attribute("itemprop") else { continue }
            let value = node.attribute("content") ?? node.attribute("datetime") ?? tree.text(of: index)
            switch property {
            case "datePublished", "dateCreated": published = published ?? DateStamp(value)?.read(from: index)
            case "dateModified": updated = updated ?? DateStamp(value)
            default: break
            }
        }
        return (published, updated)
    }

    /// The date of the one element marked `itemprop="datePublished"`, where the page has exactly one and it is
    /// not in a list entry, an aside, a navigation, a page footer or a teaser box. An entry that is itself the date
    /// is one of a list of facts about the page (its author, its date, its comments).
    private static func soleItemprop(_ tree: HTMLTree, page: URL?) -> Date? {
        let marked = tree.nodes.indices.filter { tree[$0].attribute("itemprop") == "datePublished" }
        guard marked.count == 1, let index = marked.first,
            !tree.isInside(index, where: { ["aside", "nav", "footer"].contains($0.name) }),
            !tree.isInside(tree[index].parent, where: { $0.name == "li" }),
            !isTeaserDate(tree, index, page: page)
        else { return nil }
        let node = tree[index]
        return DateText.firstDate(
            in: node.attribute("content") ?? node.attribute("datetime") ?? tree.text(of: index)
        )
    }

    /// The first `<time>` marked as the publication (`pubdate`, a class such as "entry-date"), else the first
    /// other `<time>` that is not in a teaser of another page; neither labelled as an update or another event.
    private static func timeElement(_ tree: HTMLTree, boilerplate: HTMLBoilerplate, page: URL?) -> DateStamp? {
        let times = tree.elements(named: "time").filter { !boilerplate.foreign[$0] }
        let marked = times.filter { index in
            tree[index].attribute("pubdate") != nil
                || ["publish", "posted", "created", "entry-date"].contains {
                    (tree[index].attribute("class") ?? "").lowercased().contains($0)
                }
        }
        func date(_ index: Int) -> DateStamp? {
            guard !isMarkedModified(tree, index), !namesOtherEvent(tree, index) else { return nil }
            return DateStamp(tree[index].attribute("datetime") ?? tree.text(of: index))?.read(from: index)
        }
        return marked.lazy.compactMap(date).first
            ?? times.lazy.filter { !isTeaserDate(tree, $0, page: page) }.compactMap(date).first
    }

    /// `/2023/11/03/`, `/2023-11-03`, `/20231103`, `/29-10-2021`, `/2023/october/03/`.
    static func fromURL(_ url: String) -> Date? {
        if let match = url.firstMatch(of: Patterns.urlDate) {
            return DateText.firstDate(in: "\(match.1)-\(Self.pad(match.2))-\(Self.pad(match.3))")
        }
        if let match = url.firstMatch(of: Patterns.urlCompactDate) {
            return DateText.firstDate(in: "\(match.1)-\(match.2)-\(match.3)")
        }
        if let match = url.firstMatch(of: Patterns.urlDayFirstDate) {
            return DateText.firstDate(in: "\(match.3)-\(Self.pad(match.2))-\(Self.pad(match.1))")
        }
        if let match = url.firstMatch(of: Patterns.urlMonthNameDate) {
            return DateText.firstDate(in: "\(match.3) \(match.2) \(match.1)")
        }
        return nil
    }

    /// Patterns built once (a regex literal is parsed each time it is evaluated).
    private enum Patterns {
        // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
        nonisolated(unsafe) static let urlDate = /[\/_-](\d{4})[\/_-](\d{1,2})[\/_-](\d{1,2})(?:[\/_.-]|$)/
        nonisolated(unsafe) static let urlCompactDate = /[\/_-](\d{4})(\d{2})(\d{2})(?:[\/_.-]|$)/
        nonisolated(unsafe) static let urlDayFirstDate = /[\/_-](\d{1,2})[._-](\d{1,2})[._-](\d{4})(?:[\/_.-]|$)/
        nonisolated(unsafe) static let urlMonthNameDate = /\/(\d{4})\/([A-Za-z]{3,9})\/(\d{1,2})(?:[\/_.-]|$)/
    }

    private static func pad(_ text: Substring) -> String { text.count == 1 ? "0\(text)" : String(text) }
}
