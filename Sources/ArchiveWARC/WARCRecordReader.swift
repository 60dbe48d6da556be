import ArchiveCore
public import Foundation

/// One record of a WARC file: its header, and its block when the reader was asked to keep it.
public struct WARCRecord: Sendable {
    /// The record's place in its file, from 1.
    public var number: Int
    public var header: WARCRecordHeader
    /// The size of the block.
    public var length: Int
    /// The block, when it was kept.
    public var block: Data?
}

/// Reads WARC records one after another from a stream of bytes (a WARC file decompressed by ``LibArchiveStream``),
/// holding one header and, when asked, one block at a time, so a file of any size reads in little memory.
///
/// Not `Sendable`: create and use it inside one function.
public final class WARCRecordReader {
    private let name: String
    private let source: (UnsafeMutableRawBufferPointer) throws -> Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    /// How many records were read.
    public private(set) var count = 0

    /// Reads the stream that `source` fills block by block (returning 0 at its end), called `name` in errors.
    public init(name: String, source: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.name = name
        self.source = source
    }

    deinit {
        block.deallocate()
    }

    /// The next record, or `nil` at the end of the stream; its block is kept when `keep` says so for its header and
    /// length, and skipped otherwise.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file and the record when the
    ///   stream is not WARC records or ends inside one (the records before it were read).
    public func next(keep: (WARCRecordHeader, Int) -> Bool) throws -> WARCRecord? {
        // Records end with two line breaks; some writers leave more between records.
        while true {
            while position < buffer.count, [0x0D, 0x0A, 0x20, 0x09].contains(buffer[position]) { position += 1 }
            if position < buffer.count { break }
            guard try fill() else { return nil }
        }
        let number = count + 1
        // What is not a record is told at once, not after a header's worth of bytes.
        while buffer.count - position < 5, try fill() {}
        guard buffer[position...].starts(with: Array("WARC/".utf8)) else {
            throw failure(number, nil, "does not start with a WARC version line such as WARC/1.1")
        }
        let header: WARCRecordHeader
        do {
            header = try WARCRecordHeader.parse(try readHeader())
        } catch let error as WARCFormatError {
            throw failure(number, nil, error.problem)
        }
        let length: Int
        do {
            length = try header.contentLength()
        } catch let error as WARCFormatError {
            throw failure(number, header.recordID, error.problem)
        }
        count = number
        guard keep(header, length) else {
            try skip(length, record: number, header)
            return WARCRecord(number: number, header: header, length: length, block: nil)
        }
        // The length is only a claim until the bytes are there: reserve at most 16 MiB ahead.
        var data = Data(capacity: min(length, 1 << 24))
        var remaining = length
        while remaining > 0 {
            if position == buffer.count, try !fill() { throw truncated(number, header) }
            let take = min(remaining, buffer.count - position)
            data.append(contentsOf: buffer[position..<position + take])
            position += take
            remaining -= take
        }
        return WARCRecord(number: number, header: header, length: length, block: data)
    }

    /// The header's lines, up to the empty line that ends them (CRLF CRLF, or LF LF from lax writers).
    private func readHeader() throws -> Data {
        var scanned = position
        while true {
            var index = scanned
            while index < buffer.count {
                if buffer[index] == 0x0A {
                    if index + 1 < buffer.count, buffer[index + 1] == 0x0A {
                        return consume(upTo: index, skipping: 2)
                    }
                    if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A {
                        return consume(upTo: index, skipping: 3)
                    }
                }
                index += 1
            }
            // The last two bytes may start the end of the header: look at them again with more.
            scanned = max(position, buffer.count - 2)
            guard buffer.count - position <= WARCRecordHeader.maximumSize else {
                throw WARCFormatError("has a header longer than \(WARCRecordHeader.maximumSize / 1024) KiB")
            }
            guard try fill() else { throw WARCFormatError("ends inside a record header (the file is cut short)") }
        }
    }

    private func consume(upTo end: Int, skipping separator: Int) -> Data {
        let header = Data(buffer[position..<end])
        position = end + separator
        return header
    }

    private func skip(_ length: Int, record: Int, _ header: WARCRecordHeader) throws {
        var remaining = length
        while remaining > 0 {
            if position == buffer.count, try !fill() { throw truncated(record, header) }
            let take = min(remaining, buffer.count - position)
            position += take
            remaining -= take
        }
    }

    /// Reads another block from the source; `false` at its end.
    private func fill() throws -> Bool {
        guard !exhausted else { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let count = try source(block)
        guard count > 0 else {
            exhausted = true
            return false
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<count]))
        return true
    }

    private func truncated(_ record: Int, _ header: WARCRecordHeader) -> ArchiveError {
        failure(record, header.recordID, "ends inside the record's block (the file is cut short)")
    }

    private func failure(_ record: Int, _ id: String?, _ problem: String) -> ArchiveError {
        ArchiveError(
            .undecodableInput,
            "\(name), record \(record)\(id.map { " \($0.prefix(100))" } ?? ""): \(problem). The records before it "
                + "were read; a complete WARC 1.0 or 1.1 file is needed for the rest."
        )
    }
}
