import ArchiveCore
import ArchivePlainText
import Foundation
import Testing

/// A text's bytes are read in the charset its media type names, not guessed at; a charset that cannot read them,
/// or one not known, is refused by name.
@Suite struct CharsetTests {
    func document(_ data: Data, mediaType: String) throws -> Document {
        let request = ImportRequest(data: data, name: "note.txt", mediaType: mediaType)
        return try #require(try PlainTextImporter().importDocuments(request).first).document
    }

    @Test(arguments: [
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x20, 0xCD, 0xC9, 0xD2] as [UInt8], "Привет мир", "KOI8-R"),
        ("iso-8859-1", [0x43, 0x61, 0x66, 0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65], "Café crème", "ISO-8859-1"),
        ("\"Windows-1251\"", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2], "Привет", "Windows-1251"),
        ("utf-8", Array("Сәлем".utf8), "Сәлем", "UTF-8"),
    ])
    func theNamedCharsetReadsTheBytes(label: String, bytes: [UInt8], text: String, name: String) throws {
        let document = try document(Data(bytes), mediaType: "text/plain; charset=\(label)")
        #expect(document.title == text)
        // The original is served naming the charset it was read in.
        #expect(document.metadata["encoding"] == name)
    }

    @Test func bytesTheNamedCharsetCannotReadAreRefused() throws {
        let latin1 = Data([0x43, 0x61, 0x66, 0xE9])
        let error = try #require(throws: ArchiveError.self) {
            try document(latin1, mediaType: "text/plain; charset=utf-8")
        }
        #expect(error.code == .undecodableInput && error.message.contains("UTF-8"), "\(error.message)")
        // The fault is in the media type that named the charset (`--media-type`, the request's Content-Type).
        #expect(error.field == .mediaType)
    }

    @Test func anUnknownCharsetIsRefusedByName() throws {
        let error = try #require(throws: ArchiveError.self) {
            try document(Data("Note".utf8), mediaType: "text/plain; charset=x-unknown-42")
        }
        #expect(error.message.contains("x-unknown-42") && error.message.contains("KOI8-R"), "\(error.message)")
        #expect(error.field == .mediaType)
    }
}
