public import ArchiveCore
import Foundation
import Testing

/// The contract every ``DocumentExporter`` keeps: a valid descriptor, and deterministic, non-empty output for
/// documents with and without a stored version, including one with no optional fields.
///
/// ```swift
/// @Test func conformance() throws { try ExporterConformance(exporter: PlainTextExporter()).run() }
/// ```
public struct ExporterConformance: Sendable {
    public var exporter: any DocumentExporter

    public init(exporter: any DocumentExporter) {
        self.exporter = exporter
    }

    /// A document with every field set, in three scripts.
    public static let fullDocument = Document(
        id: "conformance/full",
        source: "https://example.org/news/1",
        title: "Дата публикации — Жарияланған күні — Published",
        published: Date(timeIntervalSince1970: 1_646_092_800),
        updated: Date(timeIntervalSince1970: 1_646_179_200),
        language: "ru",
        authors: ["Айгерим Смагулова", "John Smith"],
        blocks: [
            .init(.heading, "Заголовок"),
            .init(.paragraph, "Первый абзац <с разметкой> & \"кавычками\"."),
            .init(.listItem, "Пункт списка"),
            .init(.tableRow, "Ячейка\tЯчейка"),
        ],
        links: [.init(url: "https://example.org/a", text: "a")],
        metadata: ["encoding": "UTF-8"]
    )

    public func run() throws {
        try DescriptorConformance.check(exporter.descriptor)
        let version = Version(
            id: "00000000-0000-4000-8000-000000000000",
            documentID: Self.fullDocument.id,
            capturedAt: Date(timeIntervalSince1970: 1_700_000_000),
            sha256: String(repeating: "0", count: 64),
            size: 1,
            bundlePath: "bundles/00/00/x.tar.zst",
            format: DocumentFormat("text"),
            importer: "text",
            originalExtension: "txt"
        )
        for request in [
            ExportRequest(document: Self.fullDocument, version: version),
            ExportRequest(document: Self.fullDocument),
            ExportRequest(document: Document(id: "conformance/empty")),
        ] {
            let first = try exporter.export(request)
            let second = try exporter.export(request)
            #expect(!first.isEmpty, "\(exporter.descriptor.id): empty rendering of \(request.document.id)")
            #expect(first == second, "\(exporter.descriptor.id): rendering is not deterministic")
        }
        let rendered = String(
            decoding: try exporter.export(ExportRequest(document: Self.fullDocument, version: version)),
            as: UTF8.self
        )
        #expect(rendered.contains("Заголовок"), "\(exporter.descriptor.id): the heading is missing from the rendering")
    }
}
