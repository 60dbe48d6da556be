import ArchiveCore
import Foundation
import Testing

@testable import ArchiveHTML

/// The byte-level UTF-8 check agrees with the standard library's validation on every kind of sequence, at every
/// position relative to the eight-byte ASCII steps.
@Suite struct HTMLEncodingTests {
    static let sequences: [[UInt8]] = [
        [0x41], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xD0, 0x94],
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
        [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80],
        [0x80], [0xBF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x41, 0xAC], [0xFF],
    ]

    @Test func agreesWithTheStandardLibrary() {
        for sequence in Self.sequences {
            for padding in 0..<10 {
                for tail in [0, 1, 9] {
                    let bytes =
                        Array(repeating: UInt8(ascii: "a"), count: padding) + sequence
                        + Array(repeating: UInt8(ascii: "z"), count: tail)
                    let data = Data(bytes)
                    let (valid, multibyte) = HTMLEncoding.scanUTF8(data)
                    #expect(valid == (String(validating: data, as: UTF8.self) != nil), "\(bytes)")
                    #expect(multibyte == bytes.contains { $0 >= 0x80 }, "\(bytes)")
                }
            }
        }
    }

    /// A UTF-8 page with a stray byte that breaks its UTF-8 is read as UTF-8, that byte a U+FFFD: read in a
    /// single-byte code page instead, its every letter was wrong and its text ended at the first byte the code
    /// page lacks. A page in a single-byte code page is still read in it.
    @Test func aUTF8PageWithOneBrokenByteIsReadAsUTF8() throws {
        let paragraphs = (0..<20).map { "<p>Абзац \($0) про бюджет.</p>" }.joined()
        let page =
            Data("<html><head><meta charset=\"utf-8\"><title>Заголовок</title></head><body><article>\(paragraphs)".utf8)
            + Data([0x3C, 0x70, 0x3E, 0x62, 0x61, 0x64, 0x20, 0xFF, 0x3C, 0x2F, 0x70, 0x3E])
            + Data("<p>После.</p></article></body></html>".utf8)
        for mediaType in [nil, "text/html; charset=utf-8"] {
            let request = ImportRequest(data: page, name: "page.html", mediaType: mediaType)
            let document = try #require(try HTMLImporter().importDocuments(request).first).document
            #expect(document.title == "Заголовок")
            #expect(document.text.contains("Абзац 19 про бюджет.") && document.text.contains("bad \u{FFFD}"))
            #expect(document.text.hasSuffix("После."))
            #expect(document.metadata["encoding"] != "windows-1252")
        }
        let cp1251 =
            Data("<html><head><title>".utf8) + Data([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2])
            + Data("</title></head></html>".utf8)
        #expect(HTMLEncoding.mendedUTF8(cp1251) == nil)
    }

    /// The charset of the media type a page came with outranks the page's own `<meta charset>`, as in a browser,
    /// unless the bytes are well-formed multi-byte UTF-8.
    @Test func theMediaTypesCharsetOutranksThePagesDeclaration() throws {
        let koi8: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]  // Привет
        let page =
            Data("<html><head><meta charset=\"windows-1251\"><title>".utf8) + Data(koi8)
            + Data("</title></head><body><p>".utf8) + Data(koi8) + Data("</p></body></html>".utf8)
        let request = ImportRequest(data: page, name: "page.html", mediaType: "text/html; charset=KOI8-R")
        let document = try #require(try HTMLImporter().importDocuments(request).first).document
        #expect(document.title == "Привет")
        #expect(document.metadata["encoding"] == "KOI8-R")
        let utf8 = Data("<html><head><title>Привет</title></head><body><p>Привет</p></body></html>".utf8)
        #expect(HTMLEncoding.override(for: utf8, mediaType: "text/html; charset=iso-8859-1") == "UTF-8")
        // A charset not known here is passed over: the page's own declaration and bytes decide.
        #expect(HTMLEncoding.override(for: utf8, mediaType: "text/html; charset=bogus") == "UTF-8")
    }
}
