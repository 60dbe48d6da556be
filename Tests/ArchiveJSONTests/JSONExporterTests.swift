import ArchiveCore
import ArchiveHTML
import ArchiveJSON
import ArchiveTesting
import Foundation
import Testing

@Suite struct JSONExporterTests {
    static let schema = URL(filePath: FileManager.default.currentDirectoryPath)
        .appending(path: "Plugins/ArchiveJSON/mura-document.schema.json")

    @Test func importExportImportGivesTheSameDocument() throws {
        let importer = JSONImporter(html: HTMLImporter())
        for original in [ExporterConformance.fullDocument, Document(id: "bare")] {
            let exported = try JSONExporter().export(ExportRequest(document: original))
            let imported = try #require(
                try importer.importDocuments(ImportRequest(data: exported, name: "doc.json")).first
            )
            #expect(imported.document == original)
            #expect(try JSONExporter().export(ExportRequest(document: imported.document)) == exported)
        }
    }

    @Test(.requires(pythonModule: "jsonschema")) func exportsValidateAgainstThePublishedSchema() async throws {
        let python = try TestRequirement.tool("python3")
        try #require(TestRequirement.hasPythonModule("jsonschema"), "jsonschema is missing; Scripts/test installs it")
        try await withTemporaryFolder { folder in
            for (number, document) in [ExporterConformance.fullDocument, Document(id: "bare")].enumerated() {
                let file = folder.appending(path: "doc-\(number).json")
                try JSONExporter().export(ExportRequest(document: document)).write(to: file)
                let check = try ProcessRunner.run(
                    python,
                    [
                        "-c",
                        "import json, sys, jsonschema; jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))",
                        Self.schema.path, file.path,
                    ]
                )
                #expect(check.status == 0, "\(check.stderrText)")
            }
            // The schema rejects what is not a Mura document.
            let bad = folder.appending(path: "bad.json")
            try Data(#"{"id": 1, "blocks": "text"}"#.utf8).write(to: bad)
            let rejected = try ProcessRunner.run(
                python,
                [
                    "-c",
                    "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
                    Self.schema.path, bad.path,
                ]
            )
            #expect(rejected.status != 0)
        }
    }

    @Test func conformance() throws {
        try ExporterConformance(exporter: JSONExporter()).run()
    }
}
