import ArchiveCore
import ArchiveText
import Foundation

/// Dates found by their place on the page: the byline around the headline, the entry for this very page in a
/// list of posts, and the dates that belong to the pages other links lead to.
extension HTMLDates {
    /// The first date in a short text just before or after the main headline: where bylines print the date
    /// ("01. November 2021 | Naturschutz", "Dienstag, 29. Januar 2019"), with or without a label.
    static func nearHeading(_ tree: HTMLTree, boilerplate: HTMLBoilerplate, title: String?) -> DateStamp? {
        guard let heading = Self.headline(tree, boilerplate: boilerplate, title: title) else { return nil }
        var end = heading
        while let last = tree[end].children.last { end = last }
        let after = Self.visibleTexts(tree, boilerplate: boilerplate, from: end + 1, step: 1, bylineBoxes: true)
            .prefix(Self.bylineReach)
        let before = Self.visibleTexts(tree, boilerplate: boilerplate, from: heading - 1, step: -1).prefix(3)
        for index in Array(after) + Array(before) {
            let text = tree[index].text
            guard text.utf8.count <= 240, DateText.mayContainDate(text) else { continue }
            let line = text.collapsingWhitespace
            guard line.characterCount <= 90, !Self.isCopyright(line), !Self.isMarkedModified(tree, index),
                !Self.namesOtherEvent(tree, index)
            else { continue }
            // A linked date here is the byline's too: bylines link the date to the post or the day's archive.
            if let stamp = DateStamp(line) { return stamp }
        }
        return nil
    }

    /// The `<h1>` that heads the article: the one that repeats the page title, else the first that is not a
    /// site logo (a heading that is one link).
    private static func headline(_ tree: HTMLTree, boilerplate: HTMLBoilerplate, title: String?) -> Int? {
        let headings = tree.elements(named: "h1").filter { heading in
            guard !boilerplate.excluded[heading] else { return false }
            let links = tree.elements(named: "a", in: heading)
            return links.isEmpty || tree.text(of: links[0]) != tree.text(of: heading)
        }
        let folded = title?.lowercased() ?? ""
        let repeatsTitle = headings.first { heading in
            let text = tree.text(of: heading).lowercased()
            return !text.isEmpty && !folded.isEmpty && (folded.contains(text) || text.contains(folded))
        }
        return repeatsTitle ?? headings.first
    }

    /// How many texts after the headline a byline may come: a kicker, author names, a reading time.
    private static let bylineReach = 12

    /// Indices of the non-empty visible texts outside foreign regions, walking from `start` by `step`; with
    /// `bylineBoxes`, also those in a small aside (a byline box beside the article: its date and author).
    private static func visibleTexts(
        _ tree: HTMLTree,
        boilerplate: HTMLBoilerplate,
        from start: Int,
        step: Int,
        bylineBoxes: Bool = false
    ) -> some Sequence<Int> {
        stride(from: start, to: step > 0 ? tree.nodes.count : 0, by: step).lazy.filter {
            tree[$0].isText && !tree[$0].isHidden
                && (!boilerplate.foreign[$0] || (bylineBoxes && Self.inBylineBox(tree, $0)))
                && tree[$0].text.utf8.contains { $0 > 0x20 }
        }
    }

    /// Whether the text at `index` stands in a small `<aside>` (a few levels up, holding little text).
    private static func inBylineBox(_ tree: HTMLTree, _ index: Int) -> Bool {
        var current = tree[index].parent
        for _ in 0..<3 where current > 0 {
            if tree[current].name == "aside" { return tree.shortText(of: current, limit: Self.bylineBoxText) != nil }
            current = tree[current].parent
        }
        return false
    }

    /// The most text (UTF-8 bytes) a byline box holds.
    private static let bylineBoxText = 300

    /// The date printed with a link to this page itself, as blogs and news sites list their recent posts:
    /// that entry is about this page, wherever the list stands.
    static func selfLinked(_ tree: HTMLTree, url: String?) -> Date? {
        guard let page = url.flatMap(URL.init(string:)), Self.pageKey(page) != nil else { return nil }
        for index in tree.elements(named: "a") where Self.links(tree, index, to: page) {
            // The link itself, or the list entry around it while the entry holds only this link.
            var entry = index
            for _ in 0..<3 {
                let text = tree.text(of: entry)
                guard text.characterCount <= 240 else { break }
                if !Self.isCopyright(text), let date = DateText.firstDate(in: text) { return date }
                let parent = tree[entry].parent
                guard parent > 0, Self.linkCount(in: parent, tree) == 1 else { break }
                entry = parent
            }
        }
        return nil
    }

    /// Whether the link at `index` leads to `page` (another scheme, query or fragment aside).
    ///
    /// A byte search for the page's last path segment comes first: resolving every link of a page is costly.
    static func links(_ tree: HTMLTree, _ index: Int, to page: URL?) -> Bool {
        guard let page, let own = pageKey(page), let href = tree[index].attribute("href"), !href.hasPrefix("#"),
            href.containsBytes(page.lastPathComponent),
            let target = URL(string: href.trimmingSpaces(), relativeTo: page)
        else { return false }
        return pageKey(target) == own
    }

    /// Host and path, without a trailing slash; `nil` for a site's home page, which every page links to.
    private static func pageKey(_ url: URL) -> String? {
        guard let host = url.host?.lowercased() else { return nil }
        var path = url.path
        while path.hasSuffix("/") { path.removeLast() }
        guard !path.isEmpty else { return nil }
        return (host.hasPrefix("www.") ? String(host.dropFirst(4)) : host) + path
    }

    private static func linkCount(in index: Int, _ tree: HTMLTree) -> Int {
        tree.elements(named: "a", in: index).count
    }

    /// Whether the text at `index` is a link to another page: its date is that page's, unless the link leads
    /// to the archive of that very day (`<a href="/blog/2017/08/08/">08/08/2017</a>`) or to this page itself (a
    /// permalink; a link to a place in the page, such as a comment, is not).
    static func isLinkedElsewhere(_ tree: HTMLTree, _ index: Int, _ stamp: DateStamp, page: URL?) -> Bool {
        guard let link = tree.ancestor(of: index, named: "a"), let href = tree[link].attribute("href") else {
            return false
        }
        let isPermalink = !href.contains("#") && links(tree, link, to: page)
        return Self.dayArchive(href) != stamp.day && !isPermalink
    }

    /// Whether the text at `index` sits in a small box with a headline link to another page, as teasers of
    /// other articles print their dates ("09.08.2020" beside "Two more deaths, 49 new cases").
    static func isTeaserDate(_ tree: HTMLTree, _ index: Int, page: URL?) -> Bool {
        var box = tree[index].parent
        for _ in 0..<3 {
            // A box of up to 300 characters (of up to 4 bytes each) in a few elements.
            guard box > 0, let text = tree.shortText(of: box, limit: 1_200, nodes: 120), text.characterCount <= 300
            else {
                return false
            }
            let headline = tree.elements(named: "a", in: box).contains { link in
                tree.text(of: link).characterCount >= 30 && tree.ancestor(of: index, named: "a") != link
                    && !links(tree, link, to: page)
            }
            if headline { return true }
            box = tree[box].parent
        }
        return false
    }

    /// The day of a link to the archive of one day (`/blog/2017/08/08/`), whose path ends with the date.
    private static func dayArchive(_ href: String) -> Date? {
        let path = href.prefix { $0 != "?" && $0 != "#" }
        let trimmed = path.hasSuffix("/") ? path.dropLast() : path
        guard trimmed.wholeMatch(of: Self.dayArchivePath) != nil else { return nil }
        return fromURL(String(path))
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
    nonisolated(unsafe) private static let dayArchivePath = /.*\/\d{4}\/\d{1,2}\/\d{1,2}/
}
