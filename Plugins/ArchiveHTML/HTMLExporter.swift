public import ArchiveCore
public import Foundation

/// Renders a version as a clean, standalone HTML page: title, dates, authors, the body blocks, a link to the
/// source, and a provenance footer with the version id, capture time and digest.
public struct HTMLExporter: DocumentExporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(format: .html, name: "HTML page", mediaTypes: ["text/html"], fileExtensions: ["html"])
    }

    public func export(_ request: ExportRequest) throws -> Data {
        let document = request.document
        var html = "<!DOCTYPE html>\n<html"
        if let language = document.language { html += " lang=\"\(escape(language))\"" }
        html += ">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(escape(document.title ?? document.id))</title>\n"
        if let source = document.source { html += "<link rel=\"canonical\" href=\"\(escape(source))\">\n" }
        // Machine-readable dates and authors, so that the page reads back to the same metadata.
        if let published = document.published {
            html += "<meta property=\"article:published_time\" content=\"\(ArchiveDate.format(published))\">\n"
        }
        if let updated = document.updated {
            html += "<meta property=\"article:modified_time\" content=\"\(ArchiveDate.format(updated))\">\n"
        }
        for author in document.authors { html += "<meta name=\"author\" content=\"\(escape(author))\">\n" }
        html += Self.style
        html += "</head>\n<body>\n<article>\n<header>\n"
        if let title = document.title { html += "<h1>\(escape(title))</h1>\n" }
        var facts: [String] = []
        if let published = document.published {
            let day = ArchiveDate.formatDay(published)
            facts.append("Published <time datetime=\"\(day)\">\(day)</time>")
        }
        if let updated = document.updated {
            let day = ArchiveDate.formatDay(updated)
            facts.append("Updated <time datetime=\"\(day)\">\(day)</time>")
        }
        if !document.authors.isEmpty { facts.append("By \(escape(document.authors.joined(separator: ", ")))") }
        if !facts.isEmpty { html += "<p class=\"meta\">\(facts.joined(separator: " · "))</p>\n" }
        html += "</header>\n"
        html += blocks(document.blocks)
        if let source = document.source {
            html += "<p class=\"source\">Source: <a href=\"\(escape(source))\">\(escape(source))</a></p>\n"
        }
        html += "</article>\n"
        if let version = request.version {
            html += "<footer>\n<p>Archived by Mura. Document <code>\(escape(version.documentID))</code>, version "
            html +=
                "<code>\(escape(version.id))</code>, captured <time datetime=\"\(ArchiveDate.format(version.capturedAt))\">"
            html +=
                "\(ArchiveDate.format(version.capturedAt))</time>, SHA-256 <code>\(version.sha256)</code>.</p>\n</footer>\n"
        }
        html += "</body>\n</html>\n"
        return Data(html.utf8)
    }

    /// Blocks as HTML: headings, paragraphs, code, runs of list items as one list, runs of table rows as one table.
    private func blocks(_ blocks: [Document.TextBlock]) -> String {
        var html = ""
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            switch block.kind {
            case .listItem, .tableRow:
                let run = blocks[index...].prefix { $0.kind == block.kind }
                if block.kind == .listItem {
                    html += "<ul>\n" + run.map { "<li>\(escape($0.text))</li>\n" }.joined() + "</ul>\n"
                } else {
                    let rows = run.map { row in
                        "<tr>" + row.text.components(separatedBy: " | ").map { "<td>\(escape($0))</td>" }.joined()
                            + "</tr>\n"
                    }
                    html += "<table>\n" + rows.joined() + "</table>\n"
                }
                index += run.count
                continue
            case .heading: html += "<h2>\(escape(block.text))</h2>\n"
            case .code: html += "<pre><code>\(escape(block.text))</code></pre>\n"
            default: html += "<p>\(escape(block.text))</p>\n"
            }
            index += 1
        }
        return html
    }

    private func escape(_ text: String) -> String { text.htmlEscaped }

    private static let style = """
        <style>
        body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.05rem/1.6 Georgia, serif; color: #222; }
        .meta, .source, footer { color: #555; font-size: 0.9rem; }
        footer { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 0.5rem; }
        table { border-collapse: collapse; } td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
        </style>

        """
}
