import ArchiveBuiltins
import ArchiveCore
import Foundation
import Testing

@Suite struct PluginRegistryTests {
    let registry = PluginRegistry.builtIn
    let text = Data("Title\n\nBody.".utf8)

    @Test func resolvesByFormatMediaTypeExtensionThenSniffing() async throws {
        #expect(try registry.importer(for: .init(format: .init("TEXT"), prefix: text)).descriptor.id == "text")
        #expect(
            try registry.importer(for: .init(mediaType: "text/plain; charset=utf-8", prefix: text)).descriptor.id
                == "text"
        )
        #expect(try registry.importer(for: .init(fileName: "a.txt", prefix: text)).descriptor.id == "text")
        #expect(try registry.importer(for: .init(fileName: "no-extension", prefix: text)).descriptor.id == "text")
    }

    @Test(arguments: [
        ("page.html", "<!DOCTYPE html><html><body><p>Text</p></body></html>", "html"),
        ("page.htm", "<html><body>x</body></html>", "html"),
        ("page.txt", "<!DOCTYPE html><html><body><p>Misnamed</p></body></html>", "html"),
        ("page", "<html><head><title>No extension</title></head></html>", "html"),
        ("feed.json", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", "json"),
        ("export.txt", "[{\"title\": {\"rendered\": \"x\"}}]", "json"),
        ("data", "{\"id\": \"a\", \"blocks\": []}", "json"),
        ("notes.txt", "Title\n\nPlain text.", "text"),
        ("notes.html", "Title\n\nPlain text in a misnamed file.", "text"),
        ("README", "Just some words.", "text"),
    ])
    func picksTheImporterByContent(_ name: String, _ content: String, _ format: String) throws {
        let importer = try registry.importer(for: .init(fileName: name, prefix: Data(content.utf8)))
        #expect(importer.descriptor.id == format, "\(name)")
    }

    @Test func unknownFormatListsRegisteredFormats() async throws {
        let error = try #require(throws: ArchiveError.self) { try registry.importer(for: DocumentFormat("pdf")) }
        #expect(error.code == .unknownFormat)
        #expect(
            error.message.contains("'pdf'") && error.message.contains("Registered formats: binary, html, json, text")
        )
        #expect(throws: ArchiveError.self) { try registry.exporter(for: DocumentFormat("pdf")) }
    }

    @Test func binaryInputIsRecognisedByNoImporter() async throws {
        let error = try #require(throws: ArchiveError.self) {
            try registry.importer(for: .init(fileName: "photo.jpg", prefix: Data([0xFF, 0xD8, 0xFF, 0x00, 0x10])))
        }
        #expect(error.message.contains("photo.jpg") && error.field == .format)
    }

    @Test func listsWhatIsRegistered() {
        #expect(registry.importers.map(\.descriptor.id) == ["binary", "html", "json", "text"])
        #expect(registry.exporters.map(\.descriptor.id) == ["html", "json", "text"])
    }
}
