import Foundation

/// The forms `mura diff` and `GET /documents/{id}/diff` write a diff in: unified text and a page of HTML (JSON is the
/// value's own encoding).
extension DocumentDiff {
    /// The forms a diff is written in.
    public enum Format: String, CaseIterable, Sendable {
        case unified, json, html
    }

    /// Like `diff -u`, by paragraph: a header for each side, then each changed field and paragraph under an `@@`
    /// line; within a changed paragraph, removed words as `[-…-]` and added words as `{+…+}` (as wdiff writes them).
    public func unified() -> String {
        var lines = [
            "--- \(documentID) version \(from.versionID) captured \(ArchiveDate.formatPrecise(from.capturedAt))",
            "+++ \(documentID) version \(to.versionID) captured \(ArchiveDate.formatPrecise(to.capturedAt))",
        ]
        for change in fields {
            lines.append("@@ \(change.field) @@")
            lines.append("-" + (change.from ?? ""))
            lines.append("+" + (change.to ?? ""))
        }
        for change in paragraphs {
            switch change.kind {
            case .removed:
                lines.append("@@ paragraph \(change.fromParagraph ?? 0) removed @@")
                lines.append("-" + change.words.map(\.text).joined(separator: " "))
            case .added:
                lines.append("@@ paragraph \(change.toParagraph ?? 0) added @@")
                lines.append("+" + change.words.map(\.text).joined(separator: " "))
            case .changed:
                lines.append("@@ paragraph \(change.fromParagraph ?? 0) -> \(change.toParagraph ?? 0) changed @@")
                let text = change.words.map { run in
                    switch run.kind {
                    case .same: run.text
                    case .removed: "[-\(run.text)-]"
                    case .added: "{+\(run.text)+}"
                    }
                }
                lines.append("~" + text.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A page that reads on its own: the two versions, the changed fields as a table, and each changed paragraph
    /// with removed words struck through and added words underlined.
    public func html() -> String {
        let percent = String(format: "%.1f", changedShare * 100)
        var body = """
            <h1>Changes to \(escape(documentID))</h1>
            <p>From version <code>\(escape(from.versionID))</code> captured \
            \(escape(ArchiveDate.formatPrecise(from.capturedAt))) to version <code>\(escape(to.versionID))</code> \
            captured \(escape(ArchiveDate.formatPrecise(to.capturedAt))): \(percent)% of the words changed.</p>

            """
        if isEmpty { body += "<p>The two versions have the same metadata and text.</p>\n" }
        if !fields.isEmpty {
            body += "<table>\n<tr><th>field</th><th>before</th><th>after</th></tr>\n"
            for change in fields {
                body += "<tr><td>\(escape(change.field))</td><td><del>\(escape(change.from ?? "—"))</del></td>"
                body += "<td><ins>\(escape(change.to ?? "—"))</ins></td></tr>\n"
            }
            body += "</table>\n"
        }
        for change in paragraphs {
            let place =
                switch change.kind {
                case .removed: "paragraph \(change.fromParagraph ?? 0), removed"
                case .added: "paragraph \(change.toParagraph ?? 0), added"
                case .changed: "paragraph \(change.fromParagraph ?? 0), changed"
                }
            let text = change.words.map { run in
                switch run.kind {
                case .same: escape(run.text)
                case .removed: "<del>\(escape(run.text))</del>"
                case .added: "<ins>\(escape(run.text))</ins>"
                }
            }
            body +=
                "<section class=\"\(change.kind.rawValue)\"><h2>\(place)</h2>\n<p>\(text.joined(separator: " "))</p></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="und">
            <head>
            <meta charset="utf-8">
            <title>Changes to \(escape(documentID))</title>
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
            del { background: #fdd; color: #700; } ins { background: #dfd; color: #060; text-decoration: none; }
            table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }
            h2 { font-size: 0.9rem; color: #555; margin-bottom: 0; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func escape(_ text: String) -> String { text.htmlEscaped }
}
