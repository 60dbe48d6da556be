import ArchiveText
import Foundation

/// The authors a page names: its visible byline (an element marked `itemprop="author"`, `rel="author"`, or with
/// "author" or "byline" in its class or id), read as a list of names.
enum HTMLByline {
    /// The names in the first byline outside furniture and regions about other content (a comment's author, a
    /// related story's).
    static func names(_ tree: HTMLTree, boilerplate: HTMLBoilerplate) -> [String] {
        for index in tree.nodes.indices where !tree[index].isText && isMarked(tree[index]) {
            guard !boilerplate.excluded[index], !boilerplate.foreign[index] else { continue }
            let text = tree.text(of: index).collapsingWhitespace
            guard text.utf8.count <= 160 else { continue }
            let names = split(text)
            if !names.isEmpty { return names }
        }
        return []
    }

    private static func isMarked(_ node: HTMLTree.Node) -> Bool {
        if node.attribute("itemprop")?.lowercased() == "author" || node.attribute("rel")?.lowercased() == "author" {
            return true
        }
        guard ["a", "span", "div", "p", "address", "strong", "b", "li", "h4", "h5", "h6"].contains(node.name) else {
            return false
        }
        for name in ["class", "id"] {
            guard let value = node.attribute(name)?.lowercased() else { continue }
            if value.containsBytes("byline") { return true }
            // An author's name, not a box about the author or a list of them.
            if value.containsBytes("author"), !value.containsBytes("bio"), !value.containsBytes("about"),
                !value.containsBytes("avatar"), !value.containsBytes("img"), !value.containsBytes("image"),
                !value.containsBytes("photo")
            {
                return true
            }
        }
        return false
    }

    /// The names in a byline: "By Jane Roe and John Doe, MD" → ["Jane Roe", "John Doe"].
    static func split(_ byline: String) -> [String] {
        var text = decodingEntities(byline).trimmingCharacters(in: .whitespaces)
        // Labels, as many as there are: "Author: By Jane Roe".
        while let label = labels.first(where: { startsWithWord(text, $0) }) {
            text = String(text.dropFirst(label.count)).trimmingCharacters(
                in: .whitespaces.union(.punctuationCharacters)
            )
        }
        let pieces = text.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: " & ", with: ",")
            .replacingOccurrences(of: " und ", with: ",").replacingOccurrences(of: " и ", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters)) }
        var names: [String] = []
        for piece in pieces where !piece.isEmpty {
            if isCredential(piece) { continue }
            // "Audrey Huang, Print Managing Editor": a role after a name.
            if !names.isEmpty, isRole(piece) { continue }
            // A byline that goes on into a date or a sentence is no list of names.
            guard piece.count <= 50, !piece.contains(where: \.isNumber), piece.split(separator: " ").count <= 5 else {
                return []
            }
            names.append(piece)
        }
        return names
    }

    /// Whether a value of the author meta tag looks like an account ("andrew.keaveney", "kffnirmitap") rather
    /// than a name, as content systems fill it in.
    static func isAccountName(_ value: String) -> Bool {
        !value.contains(" ")
            && (!value.contains(where: \.isUppercase) || value.contains(where: { "@._/".contains($0) }))
    }

    /// "MD", "RD", "FAND", "Ph.D.", "E-RYT 200": letters of a title, not a name.
    private static func isCredential(_ piece: String) -> Bool {
        let letters = piece.filter(\.isLetter)
        guard !letters.isEmpty else { return true }
        if ["phd", "jr", "sr", "esq"].contains(letters.lowercased()) { return true }
        return letters.count <= 6 && letters.allSatisfy(\.isUppercase) && piece.split(separator: " ").count <= 2
    }

    private static func isRole(_ piece: String) -> Bool {
        let words = Set(piece.lowercased().split(separator: " ").map(String.init))
        return !words.isDisjoint(with: roles)
    }

    private static let roles: Set<String> = [
        "editor", "writer", "staff", "contributor", "reporter", "correspondent", "columnist", "director", "manager",
        "founder", "ceo", "dietitian", "journalist", "team",
    ]

    /// Words that introduce a byline, longest first where one starts another.
    private static let labels = [
        "written by", "posted by", "published by", "reviewed by", "the author", "authors", "author", "autorin",
        "autor", "авторы", "автор", "by", "von", "par", "por",
    ]

    /// Whether `text` starts with the word `label`, in any case ("By", "by:"; not "Byron").
    private static func startsWithWord(_ text: String, _ label: String) -> Bool {
        guard text.lowercased().hasPrefix(label) else { return false }
        let rest = text.dropFirst(label.count)
        return rest.first.map { !$0.isLetter } ?? true
    }

    /// `&amp;` and its kin, left encoded in attribute values and structured data by some sites.
    private static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#38;", with: "&")
            .replacingOccurrences(of: "&#x26;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&apos;", with: "'")
    }
}
