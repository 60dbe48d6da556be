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
