public import ArchiveCore
public import Foundation

/// Renders a version as plain text: the title, its dates and source, the body, and a provenance line.
public struct PlainTextExporter: DocumentExporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(format: .plainText, name: "Plain text", mediaTypes: ["text/plain"], fileExtensions: ["txt"])
    }

    public func export(_ request: ExportRequest) throws -> Data {
        let document = request.document
        var lines: [String] = []
        if let title = document.title {
            lines += [title, String(repeating: "=", count: min(title.count, 80)), ""]
        }
        var facts: [String] = []
        if let published = document.published { facts.append("Published: \(ArchiveDate.formatDay(published))") }
        if let updated = document.updated { facts.append("Updated: \(ArchiveDate.formatDay(updated))") }
        if !document.authors.isEmpty { facts.append("Authors: \(document.authors.joined(separator: ", "))") }
        if let source = document.source { facts.append("Source: \(source)") }
        if let language = document.language { facts.append("Language: \(language)") }
        if !facts.isEmpty { lines += facts + [""] }
        for block in document.blocks {
            lines.append(block.kind == .listItem ? "• \(block.text)" : block.text)
            lines.append("")
        }
        if let version = request.version {
            lines += [
                "--",
                "Archived by Mura: document \(version.documentID), version \(version.id), captured "
                    + "\(ArchiveDate.format(version.capturedAt)), SHA-256 \(version.sha256)",
            ]
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }
}
