import Foundation

/// Labels that introduce a publication or update date in page text, in English, Russian, Kazakh and other
/// common languages ("Published", "Дата публикации", "Жарияланған күні", "Veröffentlicht", ...).
public enum DateLabel: Sendable {
    case published
    case updated

    /// The label at the start of `line`, and the rest of the line after it (without separators), or `nil`.
    ///
    /// ```swift
    /// DateLabel.match("Дата публикации: 01 марта 2022")  // (.published, "01 марта 2022")
    /// ```
    public static func match(_ line: String) -> (label: DateLabel, rest: String)? {
        guard mayStart(line) else { return nil }
        // Standard-library folding: Foundation's trimming and replacing cost more than the match itself.
        var folded = line.lowercased()
        if folded.utf8.contains(0xA0) {
            folded = String(String.UnicodeScalarView(folded.unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 }))
        }
        folded = String(folded.drop { $0.isWhitespace })
        guard let initial = folded.first else { return nil }
        for (label, phrase) in byInitial[initial] ?? [] where folded.hasPrefix(phrase) {
            let rest = folded.dropFirst(phrase.count)
            // The label must end at a word boundary: "Updated" but not "Updatedness".
            if let next = rest.first, next.isLetter { continue }
            let value = rest.drop { separators.contains($0) }.reversed().drop { $0.isWhitespace }.reversed()
            return (label, String(value))
        }
        return nil
    }

    /// A cheap test run before ``match(_:)``: whether the first letter of `line` starts any label.
    /// Most lines start with a letter no label starts with.
    public static func mayStart(_ line: String) -> Bool {
        guard let first = line.unicodeScalars.first(where: { !$0.properties.isWhitespace && $0 != "\u{00A0}" })
        else { return false }
        return initials.contains(first.properties.lowercaseMapping)
    }

    private static let initials = Set(table.flatMap { $0.1.map { String($0.prefix(1)) } })

    /// The phrases grouped by their first letter, longest first within each group.
    private static let byInitial: [Character: [(DateLabel, String)]] = {
        var groups: [Character: [(DateLabel, String)]] = [:]
        for (label, phrases) in table {
            for phrase in phrases { groups[phrase.first!, default: []].append((label, phrase)) }
        }
        return groups.mapValues { $0.sorted { $0.1.count > $1.1.count } }
    }()

    private static let separators: Set<Character> = [" ", ":", "-", "–", "—", "|", "\t", "."]

    /// Longest phrases first, so "дата публикации" wins over "дата".
    private static let table: [(DateLabel, [String])] = [
        (
            .published,
            [
                "date of publication", "publication date", "date published", "published date", "publish date",
                "publishing date", "first published", "published on",
                "published", "posted on", "posted", "released",
                "дата публикации", "дата опубликования", "опубликовано", "опубликован", "опубликована",
                "дата размещения", "размещено",
                "жарияланған күні", "жарияланған уақыты", "жарияланған", "жарияланды", "жарияланым күні",
                "дата публікації", "опубліковано",
                "veröffentlicht am", "veröffentlicht", "erschienen am", "erstellt am", "publiziert am", "publiziert",
                "datum", "date", "stand", "fecha de publicación", "data di pubblicazione", "data publikacji",
                "publié le", "publié", "publicado el",
                "publicado", "pubblicato il", "pubblicato", "opublikowano",
            ].sorted { $0.count > $1.count }
        ),
        (
            .updated,
            [
                "last updated on", "last updated", "last modified", "date modified", "date updated", "updated on",
                "updated", "modified", "revised",
                "дата обновления", "дата изменения", "обновлено", "обновлён", "обновлен", "изменено",
                "последнее обновление",
                "жаңартылған күні", "жаңартылған уақыты", "жаңартылған", "жаңартылды", "өзгертілген күні",
                "оновлено", "дата оновлення",
                "aktualisiert am", "aktualisiert", "zuletzt aktualisiert", "mis à jour le", "mis à jour",
                "actualizado el", "actualizado", "aggiornato il", "aggiornato", "zaktualizowano",
            ].sorted { $0.count > $1.count }
        ),
    ]
}
