import ArchiveText
import Foundation

/// The headline as a reader sees it: the page's main heading when the titles the page states agree with it, else
/// the stated title without the site's name (`"What is Cloud Computing? | Google Cloud"`).
enum HTMLTitle {
    /// - Parameters:
    ///   - heading: The page's main `<h1>`, if it has one.
    ///   - stated: The titles the page states, most specific first (`og:title`, the article's headline,
    ///     `<title>`).
    ///   - siteName: The site's name, as `og:site_name` or the publisher states it.
    ///   - host: The host of the page's URL.
    ///
    /// The headline is one line as a reader sees it: a soft hyphen (`&shy;`, where a long word may break) is no
    /// part of it.
    static func choose(heading: String?, stated titles: [String], siteName: String?, host: String?) -> String? {
        let titles = titles.map(withoutSoftHyphens)
        let cleaned = titles.map { withoutSiteName($0, siteName: siteName, host: host) }
        if let heading = heading.map({
            withoutStatedSiteName(withoutSoftHyphens($0).collapsingWhitespace, siteName: siteName)
        }),
            !heading.isEmpty, heading.count <= 300
        {
            if cleaned.isEmpty || titles.contains(where: { agrees(heading, $0) }) { return heading }
        }
        return cleaned.first
    }

    private static func withoutSoftHyphens(_ text: String) -> String {
        text.contains("\u{AD}") ? text.replacingOccurrences(of: "\u{AD}", with: "") : text
    }

    /// Whether most words of `heading` are in `title`.
    static func agrees(_ heading: String, _ title: String) -> Bool {
        let words = Self.words(heading)
        guard !words.isEmpty else { return false }
        let other = Set(Self.words(title))
        return words.count { other.contains($0) } * 5 >= words.count * 2
    }

    /// `title` without a leading or trailing part that names the site (its stated name, or words of its host);
    /// when no part does, the longest part of a title split by separators.
    static func withoutSiteName(_ title: String, siteName: String?, host: String?) -> String {
        for separator in separators where title.contains(separator) {
            var parts = title.components(separatedBy: separator).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            guard parts.count > 1 else { continue }
            if let last = parts.last, namesSite(last, siteName: siteName, host: host) {
                parts.removeLast()
            } else if let first = parts.first, namesSite(first, siteName: siteName, host: host) {
                parts.removeFirst()
            } else {
                return parts.max { $0.count < $1.count } ?? title
            }
            return parts.joined(separator: separator)
        }
        return title
    }

    /// `heading` without a last part, after a separator, that is the site's stated name: a page's `<h1>` may end
    /// as its `<title>` does ("Best UK Art Exhibitions 2025 – Artlyst").
    static func withoutStatedSiteName(_ heading: String, siteName: String?) -> String {
        guard let siteName else { return heading }
        for separator in separators where heading.contains(separator) {
            let parts = heading.components(separatedBy: separator)
            guard parts.count > 1, let last = parts.last, namesSite(last, siteName: siteName, host: nil) else {
                continue
            }
            return parts.dropLast().joined(separator: separator).trimmingSpaces()
        }
        return heading
    }

    /// Whether a title names the site's stated name, whole or as one of its parts between separators ("Jane Doe",
    /// "Jane Doe — Writer").
    static func mentionsSite(_ title: String, siteName: String?) -> Bool {
        if namesSite(title, siteName: siteName, host: nil) { return true }
        return separators.contains { separator in
            title.contains(separator)
                && title.components(separatedBy: separator).contains {
                    namesSite($0.trimmingSpaces(), siteName: siteName, host: nil)
                }
        }
    }

    /// Whether `part` of a title is the site's name: its stated name, or every word of it found in the host.
    static func namesSite(_ part: String, siteName: String?, host: String?) -> Bool {
        let folded = words(part)
        guard !folded.isEmpty else { return false }
        if let siteName, words(siteName) == folded { return true }
        guard let host else { return false }
        let hostLetters = host.lowercased().filter { $0.isLetter || $0.isNumber }
        let partLetters = folded.joined()
        if partLetters.count >= 3, hostLetters.contains(partLetters) { return true }
        let labels = Set(host.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        return folded.allSatisfy { labels.contains($0) }
    }

    private static let separators = [" | ", " — ", " – ", " - ", " :: ", " · ", " • ", " / ", " » ", " ~ "]

    /// Lowercased runs of letters and digits.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}
