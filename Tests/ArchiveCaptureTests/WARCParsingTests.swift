import ArchiveCore
import ArchiveWARC
import Foundation
import Testing

/// The parts of WARC ingest that read untrusted bytes: record headers, the record stream, HTTP responses.
@Suite struct WARCParsingTests {
    static func header(_ text: String) throws -> WARCRecordHeader {
        try WARCRecordHeader.parse(Data(text.utf8))
    }

    @Test func headersFoldBracketsAndCase() throws {
        let header = try Self.header(
            "WARC/1.0\r\nwarc-type: Response\r\nWARC-Target-URI: <https://a.example/x>\r\nX-Note: one\r\n  two\r\n"
                + "Content-Length: 12\r\nWARC-Date: 2024-05-01T10:00:00.123456789Z"
        )
        #expect(header.version == "1.0")
        #expect(header.type == "response")
        #expect(header.targetURI == "https://a.example/x")
        #expect(header["x-note"] == "one two")
        #expect(try header.contentLength() == 12)
        #expect(try header.date() == ArchiveDate.parse("2024-05-01T10:00:00.123Z", field: "t"))
        #expect(
            try Self.header("WARC/1.1\nWARC-Date: 2024-05-01").date() == ArchiveDate.parse("2024-05-01", field: "t")
        )
    }

    @Test(arguments: [
        ("WARC/0.17\r\nContent-Length: 1", "WARC/0.17; WARC 1.0 and 1.1 are read"),
        ("HTTP/1.1 200 OK", "does not start with a WARC version line"),
        ("WARC/1.1\r\n  folded", "starts with a continuation line"),
        ("WARC/1.1\r\nno colon here", "is not 'Name: value'"),
    ])
    func malformedHeadersSayWhatIsWrong(text: String, problem: String) {
        #expect {
            try Self.header(text)
        } throws: { error in
            (error as? WARCFormatError)?.problem.contains(problem) == true
        }
    }

    @Test(arguments: ["-5", "1e3", "12 3", "0x10", "9999999999999999", ""])
    func contentLengthsThatAreNotSizesAreRefused(value: String) throws {
        let header = try Self.header("WARC/1.1\r\nContent-Length: \(value)")
        #expect(throws: WARCFormatError.self) { try header.contentLength() }
    }

    @Test func datesThatAreNotDatesAreRefused() throws {
        for value in ["yesterday", "2024-02-30T00:00:00Z", "2024-05-01T10:00:00"] {
            let header = try Self.header("WARC/1.1\r\nWARC-Date: \(value)")
            #expect(throws: WARCFormatError.self, "\(value)") { try header.date() }
        }
    }

    /// A reader over `bytes`, handed to it in pieces of `piece` bytes (so headers and blocks straddle the pieces).
    static func reader(_ bytes: Data, piece: Int = 7) -> WARCRecordReader {
        var offset = 0
        return WARCRecordReader(name: "test.warc") { buffer in
            let count = min(piece, buffer.count, bytes.count - offset)
            bytes.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<offset + count)
            offset += count
            return count
        }
    }

    static func record(_ type: String, _ block: String, lineEnd: String = "\r\n") -> String {
        ["WARC/1.1", "WARC-Type: \(type)", "Content-Length: \(block.utf8.count)", "", block].joined(separator: lineEnd)
            + "\r\n\r\n"
    }

    @Test func recordsAreReadInPiecesKeptOrSkipped() throws {
        let bytes = Data(
            (Self.record("resource", "first block") + "\r\n\r\n"
                + Self.record("request", "GET / HTTP/1.1", lineEnd: "\n")
                + Self.record("resource", "third")).utf8
        )
        let reader = Self.reader(bytes)
        let first = try #require(try reader.next { header, _ in header.type == "resource" })
        #expect(first.number == 1 && first.block == Data("first block".utf8))
        let second = try #require(try reader.next { header, _ in header.type == "resource" })
        #expect(second.header.type == "request" && second.block == nil && second.length == 14)
        let third = try #require(try reader.next { _, length in length < 5 })
        #expect(third.number == 3 && third.block == nil)
        #expect(try reader.next { _, _ in true } == nil)
    }

    @Test func damageIsNamedWithTheRecord() throws {
        let whole = Self.record("resource", "first") + Self.record("resource", "a block cut short")
        let cut = Self.reader(Data(whole.utf8.dropLast(10)))
        _ = try cut.next { _, _ in true }
        #expect {
            _ = try cut.next { _, _ in true }
        } throws: { error in
            let message = (error as? ArchiveError)?.message ?? ""
            return message.contains("test.warc, record 2") && message.contains("cut short")
        }
        let endless = Self.reader(Data(("WARC/1.1\r\nX: " + String(repeating: "x", count: 70_000)).utf8), piece: 4096)
        #expect {
            _ = try endless.next { _, _ in true }
        } throws: { error in
            (error as? ArchiveError)?.message.contains("header longer than 64 KiB") == true
        }
    }

    @Test func responsesAreDecodedAsAReaderGetsThem() throws {
        let page = Data(String(repeating: "<p>Budget hearing adjourned.</p>", count: 40).utf8)
        let zipped = try PressOffice.gzip(page)
        var block = Data(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: \(zipped.count)\r\n\r\n"
                .utf8
        )
        block.append(zipped)
        let response = try HTTPResponseBlock.parse(block, maximumBodyBytes: 1 << 20)
        #expect(response.status == 200 && response.body == page && response.decodedContentEncoding == "gzip")
        #expect(response.headers.map(\.name) == ["Content-Type", "Content-Length"])
        #expect(response.headers[1].value == String(page.count))

        // A bomb: larger than the limit once decompressed.
        #expect {
            try HTTPResponseBlock.parse(block, maximumBodyBytes: 100)
        } throws: { error in
            (error as? WARCFormatError)?.problem.contains("larger than") == true
        }

        // Chunked, and a head claiming chunks over a body that is not chunked (as some crawlers store it).
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n"
        #expect(try HTTPResponseBlock.parse(Data(chunked.utf8), maximumBodyBytes: 100).body == Data("Hello world".utf8))
        let unchunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<p>Hello</p>"
        #expect(
            try HTTPResponseBlock.parse(Data(unchunked.utf8), maximumBodyBytes: 100).body == Data("<p>Hello</p>".utf8)
        )

        // HTTP/1.0 without a length: the body runs to the end of the block.
        let open = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nTo the end."
        #expect(try HTTPResponseBlock.parse(Data(open.utf8), maximumBodyBytes: 100).body == Data("To the end.".utf8))
        let notModified = try HTTPResponseBlock.parse(
            Data("HTTP/1.1 304 Not Modified\r\n\r\n".utf8),
            maximumBodyBytes: 1
        )
        #expect(notModified.status == 304 && notModified.body.isEmpty)
    }

    @Test(arguments: [
        "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",
        "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n",
        "Nothing like HTTP",
        "",
    ])
    func responsesThatCannotBeReadAreRefused(block: String) {
        #expect(throws: WARCFormatError.self) { try HTTPResponseBlock.parse(Data(block.utf8), maximumBodyBytes: 100) }
    }
}
