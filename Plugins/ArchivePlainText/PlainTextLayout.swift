import ArchiveCore
import ArchiveText
import Foundation

/// The structure of a plain-text publication: header fields, title, labelled dates and the main text without
/// trailing page chrome.
struct PlainTextLayout {
    var title: String?
    var source: String?
    var published: Date?
    var updated: Date?
    var blocks: [Document.TextBlock] = []

    init(text: String) {
        // Foundation's replacing is slow on long texts even when there is nothing to replace: look first.
        let unified =
            text.utf8.contains(UInt8(ascii: "\r"))
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        // A run of blank lines says no more than one does: it is read as one, so that a text of millions of line
        // breaks costs no more than its words.
        var lines: [String] = []
        let bytes = unified.utf8
        var start = bytes.startIndex
        while true {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = unified[start..<end]
            let spaced = line.utf8.contains(0xA0) ? line.replacingOccurrences(of: "\u{00A0}", with: " ") : String(line)
            let trimmed = spaced.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty || lines.last?.isEmpty != true { lines.append(trimmed) }
            guard end < bytes.endIndex else { break }
            start = bytes.index(after: end)
        }
        var used = Set<Int>()
        var index = readHeaders(lines, used: &used)
        if title == nil {
            while index < lines.count, lines[index].isEmpty || DateLabel.match(lines[index]) != nil { index += 1 }
            if index < lines.count {
                if lines[index].count <= Self.longestHeadline {
                    title = lines[index]
                    used.insert(index)
                } else {
                    // A paragraph, not a headline (a text that is one long line): it stays the text's first, and
                    // its first words name the document.
                    title = Self.opening(of: lines[index])
                }
            }
        }
        let end = Self.endOfMainText(lines, after: index)
        readDates(lines, in: 0..<end, used: &used)
        if published == nil { readDateline(lines, after: index, before: end, used: &used) }
        let bodyLines = (index..<end).map { used.contains($0) ? "" : lines[$0] }
        blocks = Self.blocks(from: Self.trimmingNavigation(bodyLines))
    }

    /// The longest first line read as a headline (in characters): a longer one is a paragraph.
    static let longestHeadline = 300

    /// The first words of `line`, up to about 120 characters, ending with "…".
    private static func opening(of line: String) -> String {
        let head = line.prefix(120)
        let cut = head.lastIndex(where: \.isWhitespace).map { head[..<$0] } ?? head
        return cut.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) + "…"
    }

    /// Reads `Title:`, `URL:` / `Source:` header lines at the top; returns the first line after them.
    private mutating func readHeaders(_ lines: [String], used: inout Set<Int>) -> Int {
        var index = 0
        while index < lines.count, lines[index].isEmpty { index += 1 }
        while index < lines.count, let colon = lines[index].firstIndex(of: ":") {
            let key = lines[index][..<colon].lowercased()
            let value = lines[index][lines[index].index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "title", "заголовок", "тақырып": title = value
            case "url", "source", "источник", "дереккөз": source = value
            default:
                guard DateLabel.match(lines[index]) != nil else { return index }
            }
            used.insert(index)
            index += 1
        }
        return index
    }

    /// Finds "Published …" / "Дата публикации" lines; the date is on the same line or the next non-empty one.
    private mutating func readDates(_ lines: [String], in range: Range<Int>, used: inout Set<Int>) {
        // A labelled date is a short line; a sentence that starts with "Published" is body text.
        for index in range where !lines[index].isEmpty && lines[index].count <= 80 {
            guard let (label, rest) = DateLabel.match(lines[index]) else { continue }
            var date = rest.isEmpty ? nil : DateText.firstDate(in: rest)
            var dateLine: Int?
            if rest.isEmpty,
                let next = (index + 1..<min(range.upperBound, index + 3)).first(where: { !lines[$0].isEmpty })
            {
                date = DateText.firstDate(in: lines[next])
                dateLine = next
            }
            guard let date else { continue }
            used.insert(index)
            if let dateLine { used.insert(dateLine) }
            switch label {
            case .published where published == nil: published = date
            case .updated where updated == nil: updated = date
            default: break
            }
        }
    }

    /// A date standing alone on a line just under the headline, with or without a time ("15.04.2025",
    /// "12 марта 2024, 10:15", "12 наурыз 2024"), as government and news sites print a release's date.
    private mutating func readDateline(_ lines: [String], after title: Int, before end: Int, used: inout Set<Int>) {
        let candidates = (title + 1..<max(title + 1, end)).filter { !lines[$0].isEmpty && !used.contains($0) }
        for index in candidates.prefix(2) {
            // A time zone in brackets after the time ("10:15 (мск)", "(UTC+6)") ends the line, not a sentence.
            let line = Self.droppingZone(lines[index])
            guard line.count <= 40, line.letterCount <= 20, !Self.endsSentence(line), Self.timesAreClock(line),
                let date = DateText.firstDate(in: line)
            else { continue }
            published = date
            used.insert(index)
            return
        }
    }

    /// `line` without a short bracketed word at its end ("(мск)", "(UTC+6)", "(Astana time)").
    private static func droppingZone(_ line: String) -> String {
        guard line.last == ")", let open = line.lastIndex(of: "("), line.distance(from: open, to: line.endIndex) <= 16
        else { return line }
        return line[..<open].trimmingCharacters(in: .whitespaces)
    }

    /// Whether every time in `line` ("10:15") is one a clock shows: "25:99" makes the line no dateline.
    private static func timesAreClock(_ line: String) -> Bool {
        guard line.utf8.contains(UInt8(ascii: ":")) else { return true }
        return line.matches(of: clockTime).allSatisfy { match in
            guard let hour = Int(match.1), let minute = Int(match.2) else { return false }
            return hour <= 24 && minute <= 59 && (hour < 24 || minute == 0)
        }
    }

    /// The index of the first chrome marker line after some main text, or the end.
    private static func endOfMainText(_ lines: [String], after start: Int) -> Int {
        var sawText = false
        for index in start..<lines.count where !lines[index].isEmpty {
            if sawText, PageChrome.isMarker(lines[index]) { return index }
            if DateLabel.match(lines[index]) == nil { sawText = true }
        }
        return lines.count
    }

    /// Drops a trailing run of three or more short lines without sentence punctuation (a menu) after the text. A text
    /// that is all such lines (a poem, a list of names) is the text, not a menu after it.
    private static func trimmingNavigation(_ lines: [String]) -> [String] {
        var end = lines.count
        var run = 0
        var cut = lines.count
        while end > 0 {
            let line = lines[end - 1]
            if line.isEmpty {
                end -= 1
                continue
            }
            guard isNavigationLike(line) else { break }
            run += 1
            end -= 1
            if run >= 3 { cut = end }
        }
        guard run >= 3, lines[..<cut].contains(where: { !$0.isEmpty }) else { return lines }
        return Array(lines[..<cut])
    }

    private static func isNavigationLike(_ line: String) -> Bool {
        line.count <= 60 && !endsSentence(line) && !isBullet(line)
    }

    private static func blocks(from lines: [String]) -> [Document.TextBlock] {
        var groups: [[String]] = [[]]
        for line in lines {
            if line.isEmpty {
                if !(groups.last?.isEmpty ?? true) { groups.append([]) }
            } else {
                groups[groups.count - 1].append(line)
            }
        }
        groups.removeAll { $0.isEmpty }
        var blocks: [Document.TextBlock] = []
        for (number, group) in groups.enumerated() {
            if group.count == 1, group[0].count <= 120, !endsSentence(group[0]), !isBullet(group[0]),
                number + 1 < groups.count
            {
                blocks.append(.init(.heading, group[0]))
                continue
            }
            var paragraph: [String] = []
            for line in group {
                if isBullet(line) {
                    if !paragraph.isEmpty { blocks.append(.init(.paragraph, paragraph.joined(separator: " "))) }
                    paragraph = []
                    blocks.append(.init(.listItem, stripBullet(line)))
                } else {
                    paragraph.append(line)
                }
            }
            if !paragraph.isEmpty { blocks.append(.init(.paragraph, paragraph.joined(separator: " "))) }
        }
        return blocks
    }

    private static func endsSentence(_ line: String) -> Bool {
        guard let last = line.last else { return false }
        return ".!?;:,…\"”»)".contains(last)
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let numberedItem = /\d{1,2}[.)]\s+/
    nonisolated(unsafe) private static let clockTime = /\b(\d{1,2}):(\d{2})(?!\d)/

    private static func isBullet(_ line: String) -> Bool {
        guard let first = line.first else { return false }
        if "•·●▪‣◦–—-*".contains(first) { return line.count > 1 && line.dropFirst().first?.isWhitespace == true }
        return line.prefixMatch(of: numberedItem) != nil
    }

    private static func stripBullet(_ line: String) -> String {
        if let match = line.prefixMatch(of: numberedItem) { return String(line[match.range.upperBound...]) }
        return line.dropFirst().trimmingCharacters(in: .whitespaces)
    }
}
