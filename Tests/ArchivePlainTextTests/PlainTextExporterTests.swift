import ArchiveCore
import ArchivePlainText
import ArchiveTesting
import Foundation
import Testing

@Suite struct PlainTextExporterTests {
    @Test func rendersTitleDatesBodyAndProvenance() throws {
        let document = ExporterConformance.fullDocument
        let version = Version(
            id: "v-1",
            documentID: document.id,
            capturedAt: try ArchiveDate.parse("2024-05-01T09:00:00Z", field: "test"),
            sha256: "ab",
            size: 2,
            bundlePath: "b",
            format: .plainText,
            importer: "text",
            originalExtension: "txt"
        )
        let text = String(
            decoding: try PlainTextExporter().export(ExportRequest(document: document, version: version)),
            as: UTF8.self
        )
        #expect(text.hasPrefix("\(document.title!)\n===="))
        #expect(text.contains("Published: 2022-03-01\nUpdated: 2022-03-02"))
        #expect(text.contains("Source: https://example.org/news/1"))
        #expect(text.contains("• Пункт списка"))
        #expect(text.contains("version v-1, captured 2024-05-01T09:00:00Z, SHA-256 ab"))
    }

    @Test func importedTextRendersBackItsBody() throws {
        let original = "Heritage Week\n\nPublished: 1 May 2024\n\nFirst paragraph.\n\n• One\n• Two\n"
        let document = try #require(
            try PlainTextImporter().importDocuments(ImportRequest(data: Data(original.utf8), name: "a")).first
        ).document
        let text = String(decoding: try PlainTextExporter().export(ExportRequest(document: document)), as: UTF8.self)
        #expect(
            text == "Heritage Week\n=============\n\nPublished: 2024-05-01\n\nFirst paragraph.\n\n• One\n\n• Two\n\n"
        )
    }

    @Test func conformance() throws {
        try ExporterConformance(exporter: PlainTextExporter()).run()
    }
}
