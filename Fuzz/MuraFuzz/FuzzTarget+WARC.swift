import ArchiveCore
import ArchiveWARC
import Foundation

extension FuzzTarget {
    /// WARC files and WACZ packages as `mura ingest` reads them: the stream (plain or compressed), the records'
    /// headers, the HTTP responses in them (SwiftNIO's parser and decompressor) and what each record asks of the
    /// archive.
    static let warc: [FuzzTarget] = [
        FuzzTarget(
            name: "warc",
            maximumLength: 64 * 1024,
            summary: "WARCFile on a .warc (plain or gzip): records, their headers and blocks, HTTP responses, items",
            run: { readWARC($0, as: "fuzz.warc", kind: .warc) }
        ),
        FuzzTarget(
            name: "wacz",
            maximumLength: 64 * 1024,
            summary: "WARCFile on a .wacz: the zip, the WARC files in its archive/ folder, their records",
            run: { readWARC($0, as: "fuzz.wacz", kind: .wacz) }
        ),
        FuzzTarget(
            name: "http-response",
            maximumLength: 16 * 1024,
            summary: "HTTPResponseBlock: a WARC response record's HTTP response (status, headers, chunks, gzip)",
            run: { _ = try? HTTPResponseBlock.parse($0, maximumBodyBytes: 1 << 20) }
        ),
    ]

    /// Reads every record of `data` written to a scratch file called `name`, as far as it reads.
    private static func readWARC(_ data: Data, as name: String, kind: WARCFile.Kind) {
        let url = FuzzScratch.shared.write(data, to: name)
        guard let file = try? WARCFile(url: url, name: name, kind: kind, limit: 1 << 20) else { return }
        // A damaged file ends the reading with an error; a record count bounds a file of many empty records.
        for _ in 0..<10_000 {
            guard let item = try? file.next() else { return }
            _ = item.label
        }
    }
}
