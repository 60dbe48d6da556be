import ArchiveCore
import ArchiveHTML
import ArchiveTesting
import Foundation
import Testing

@Suite struct HTMLExporterTests {
    let version = Version(
        id: "v-1",
        documentID: "press/1",
        capturedAt: try! ArchiveDate.parse("2024-05-01T09:00:00Z", field: "test"),
        sha256: "abc123",
        size: 10,
        bundlePath: "b",
        format: .html,
        importer: "html",
        originalExtension: "html"
    )

    @Test func standalonePageWithProvenance() throws {
        let html = String(
            decoding: try HTMLExporter().export(
                ExportRequest(document: ExporterConformance.fullDocument, version: version)
            ),
            as: UTF8.self
        )
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"ru\">"))
        #expect(html.contains("<h1>Дата публикации — Жарияланған күні — Published</h1>"))
        #expect(html.contains("Published <time datetime=\"2022-03-01\">2022-03-01</time>"))
        #expect(html.contains("<p>Первый абзац &lt;с разметкой&gt; &amp; &quot;кавычками&quot;.</p>"))
        #expect(html.contains("<ul>\n<li>Пункт списка</li>\n</ul>"))
        #expect(html.contains("<a href=\"https://example.org/news/1\">"))
        #expect(html.contains("version <code>v-1</code>, captured <time datetime=\"2024-05-01T09:00:00Z\">"))
        #expect(html.contains("SHA-256 <code>abc123</code>"))
    }

    @Test func renderingReadsBackThroughTheImporter() throws {
        let document = ExporterConformance.fullDocument
        let page = try HTMLExporter().export(ExportRequest(document: document, version: version))
        let read = try #require(
            try HTMLImporter().importDocuments(ImportRequest(data: page, name: "export.html")).first
        ).document
        #expect(read.title == document.title)
        #expect(read.published == document.published && read.updated == document.updated)
        #expect(read.text.contains("Первый абзац <с разметкой> & \"кавычками\"."))
        #expect(read.source == document.source)
    }

    @Test func conformance() throws {
        try ExporterConformance(exporter: HTMLExporter()).run()
    }
}
