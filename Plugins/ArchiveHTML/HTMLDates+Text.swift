import ArchiveCore
import ArchiveText
import Foundation

/// Dates found in the page's own words: a short date text, a label ("Дата публикации"), a sentence that says the
/// post was published, the description; and the texts whose dates never name the publication.
extension HTMLDates {
    /// The first short text that is only a date, or a place and a date ("Bonn, 11.10.2021", "31.10.2023"),
    /// outside regions about other content, links to other pages and copyright lines: a byline's date with no
    /// label.
    static func shortDateText(_ tree: HTMLTree, boilerplate: HTMLBoilerplate, page: URL?) -> DateStamp? {
        for index in tree.nodes.indices
        where tree[index].isText && !tree[index].isHidden && !boilerplate.foreign[index] {
            // Only the opening of a long text matters: a paragraph that opens with its date
            // ("27.1.2022 - At the memorial ...") counts by its first characters.
            let raw = tree[index].text.utf8.count > 200 ? String(tree[index].text.prefix(60)) : tree[index].text
            guard raw.utf8.count >= 6, DateText.mayContainDate(raw) else { continue }
            var text = raw.collapsingWhitespace
            var length = text.characterCount
            if length > 40, let first = text.first, first.isNumber {
                text = String(text.prefix(12))
                length = text.characterCount
            } else if length > 40, let dateline = Self.dateline(text) {
                // A news dateline opens the paragraph: "Karlsruhe, (12.11.2021). Traditionell gedenken ...".
                text = dateline
                length = text.characterCount
            }
            guard length >= 6, length <= 40, !isCopyright(text) else { continue }
            let letters = text.letterCount
            guard letters <= 20, let stamp = DateStamp(text), !isMarkedModified(tree, index),
                !namesOtherEvent(tree, index)
            else { continue }
            guard !isLinkedElsewhere(tree, index, stamp, page: page), !isTeaserDate(tree, index, page: page) else {
                continue
            }
            return stamp
        }
        return nil
    }

    /// The date the page's description names, unless it is a copyright line.
    static func describedDate(_ metadata: HTMLMetadata) -> Date? {
        guard let description = metadata.meta["description"] ?? metadata.meta["og:description"],
            description.utf8.count < 1_000, !isCopyright(description)
        else { return nil }
        return DateText.firstDate(in: description)
    }

    /// The place and date that open a news paragraph ("Karlsruhe, (12.11.2021).", "BERLIN, 3. Mai 2020 –"), or
    /// `nil`.
    private static func dateline(_ text: String) -> String? {
        guard let first = text.unicodeScalars.first, first.properties.isUppercase,
            let match = text.prefixMatch(of: Self.datelinePattern)
        else { return nil }
        return String(match.output)
    }

    /// "Дата публикации 01 марта 2022": a label, then a date in the same text or the next one (or the `datetime` of
    /// the `<time>` that holds the next one).
    static func labelled(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> (Date?, Date?) {
        var published: Date?
        var updated: Date?
        let texts = tree.nodes.indices.filter {
            tree[$0].isText && !boilerplate.foreign[$0] && tree[$0].text.utf8.contains { $0 > 0x20 }
                && !tree[$0].isHidden
        }
        for (position, index) in texts.enumerated()
        where tree[index].text.utf8.count < 160 && DateLabel.mayStart(tree[index].text) {
            let line = tree[index].text.collapsingWhitespace
            guard line.characterCount < 200, let (label, rest) = DateLabel.match(line) else { continue }
            var date = DateText.firstDate(in: rest)
            if date == nil, rest.count < 3 {
                for next in texts[(position + 1)...].prefix(2) {
                    let candidate = tree[next].text.collapsingWhitespace
                    if isCopyright(candidate) { break }
                    // A `<time>` may print the date as a reader's relative one ("1 year ago"): its `datetime` is
                    // the date.
                    let machine = tree.ancestor(of: next, named: "time").flatMap { tree[$0].attribute("datetime") }
                    if let found = machine.flatMap({ DateText.firstDate(in: $0) }) ?? DateText.firstDate(in: candidate)
                    {
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
        return (published ?? Self.saidPublished(tree, texts), updated)
    }

    /// The date in a sentence that says the page was published, the verb anywhere in it ("Dieser Beitrag wurde
    /// am Samstag, 3. Dezember 2011 veröffentlicht", "This entry was posted on May 1, 2020").
    private static func saidPublished(_ tree: HTMLTree, _ texts: [Int]) -> Date? {
        for index in texts where tree[index].text.utf8.count < 300 && DateText.mayContainDate(tree[index].text) {
            let line = tree[index].text.collapsingWhitespace.lowercased()
            guard Self.publishingVerbs.contains(where: { line.containsBytes($0) }), !isCopyright(line),
                tree.ancestor(of: index, named: "a") == nil
            else { continue }
            if let date = DateText.firstDate(in: line) { return date }
        }
        return nil
    }

    private static let publishingVerbs = [
        "veröffentlicht", "published", "posted", "publié", "publicado", "pubblicato", "опубликовано",
        "опубліковано", "жарияланды", "erschienen",
    ]

    /// Whether the element at `index` (or the one or two around it) is marked as the modification date
    /// (`itemprop="dateModified"`): it never names the publication.
    static func isMarkedModified(_ tree: HTMLTree, _ index: Int) -> Bool {
        var current = index
        for _ in 0..<3 {
            guard current > 0 else { return false }
            if tree[current].attribute("itemprop") == "dateModified" { return true }
            current = tree[current].parent
        }
        // "Updated on November 18, 2025", "Last modified: 3.4.2024": a label in the text, or in the text just
        // before it ("<span>Updated on</span> <time>…</time>").
        if Self.startsWithModifiedLabel(tree[index].text) { return true }
        return labelBefore(tree, index).map(Self.startsWithModifiedLabel) ?? false
    }

    /// The short text (a label) just before the node at `index`, within two elements: "Updated on" in
    /// `<span>Updated on</span> <time>…</time>`, "Joined" in `<dt>Joined</dt><dd>Nov 4, 2011</dd>`.
    private static func labelBefore(_ tree: HTMLTree, _ index: Int) -> String? {
        var previous = index - 1
        var seen = 0
        while previous > 0, seen < 2 {
            if tree[previous].isText, tree[previous].text.utf8.contains(where: { $0 > 0x20 }) {
                let text = tree[previous].text.collapsingWhitespace
                return text.characterCount <= 30 ? text : nil
            }
            previous -= 1
            seen += tree[previous].isText ? 0 : 1
        }
        return nil
    }

    private static func startsWithModifiedLabel(_ text: String) -> Bool {
        let folded = text.trimmingSpaces().lowercased()
        return Self.modifiedLabels.contains { folded.hasPrefix($0) }
    }

    private static let modifiedLabels = [
        "updated", "last updated", "last modified", "modified", "last reviewed", "reviewed", "обновлено",
        "изменено", "жаңартылған", "aktualisiert", "zuletzt aktualisiert", "mis à jour", "actualizado",
    ]

    /// Whether the label before the date at `index` ("Registriert: 18.09.2008", "Member since", "Deadline",
    /// "last post by …") names an event other than the publication: the opening of the short element around
    /// it (two levels up), or the label just before it.
    static func namesOtherEvent(_ tree: HTMLTree, _ index: Int) -> Bool {
        var parent = tree[index].parent
        for _ in 0..<2 where parent > 0 {
            guard let text = tree.shortText(of: parent, limit: 160) else { return false }
            let context = text.trimmingSpaces(newlines: true).lowercased()
            if Self.otherEvents.contains(where: { context.hasPrefix($0) }) { return true }
            parent = tree[parent].parent
        }
        guard let label = labelBefore(tree, index)?.lowercased() else { return false }
        return Self.otherEvents.contains { label.hasPrefix($0) }
    }

    private static let otherEvents = [
        "registriert", "registered", "joined", "member since", "mitglied seit", "зарегистрирован",
        "дата регистрации", "на сайте с", "born", "geboren", "birthday", "deadline", "einsendeschluss", "frist",
        "valid until", "gültig bis", "expires", "last visit", "letzter besuch", "last post", "latest post",
        "last reply", "latest reply", "last activity", "last active", "last seen", "letzter beitrag",
        "последнее сообщение", "последний ответ",
    ]

    static func isCopyright(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.containsBytes("©") || lowered.containsBytes("copyright") || lowered.containsBytes("(c)")
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it.
    nonisolated(unsafe) private static let datelinePattern =
        /\p{Lu}[\p{L}.'\- ]{1,30},\s*\(?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\p{L}+\.?\s+\d{4})\)?/
}
