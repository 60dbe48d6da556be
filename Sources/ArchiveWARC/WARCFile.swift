import ArchiveCore
public import Foundation

/// A WARC file (WARC 1.0 or 1.1, plain or compressed, gzip per record included) or a WACZ package of them, read
/// record by record into what each asks of the archive (``WARCItem``).
///
/// Not `Sendable`: create and use it inside one function (or hand it from one step of blocking work to the next).
public final class WARCFile {
    /// What a file is, by its name or its first bytes.
    public enum Kind: Sendable {
        case warc
        /// A WACZ (Web Archive Collection Zipped) package: a zip whose `archive/` folder holds WARC files.
        case wacz
    }

    private let name: String
    private let limit: Int
    /// The WACZ being read, when the file is one.
    private let package: LibArchiveReader?
    private var stream: LibArchiveStream?
    private var records: WARCRecordReader?
    /// How many records were read in all.
    public private(set) var count = 0

    /// What the file called `fileName` holds, judged by its name (`.warc`, `.warc.gz`, `.wacz`, in any case) and
    /// else by `prefix`, its first bytes (`WARC/1.`); `nil` for anything else.
    public static func kind(fileName: String?, prefix: Data) -> Kind? {
        let name = fileName?.lowercased() ?? ""
        if name.hasSuffix(".wacz") { return .wacz }
        if name.hasSuffix(".warc") || name.hasSuffix(".warc.gz") { return .warc }
        return prefix.starts(with: Array("WARC/1.".utf8)) ? .warc : nil
    }

    /// Opens the file at `url`, called `name` in messages; the content of one record may be at most `limit` bytes.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file when it cannot be read.
    public init(url: URL, name: String, kind: Kind, limit: Int) throws {
        self.name = name
        self.limit = limit
        switch kind {
        case .warc:
            package = nil
            let stream = try LibArchiveStream(url: url, name: name)
            self.stream = stream
            records = WARCRecordReader(name: name) { try stream.read(into: $0) }
        case .wacz:
            package = try LibArchiveReader(url: url)
        }
    }

    /// The next record's item, or `nil` after the last.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file and the record when the file
    ///   is damaged there; the records before it were read.
    public func next() throws -> WARCItem? {
        while true {
            if let records, let record = try records.next(keep: { WARCItem.keepsBlock($0, length: $1, limit: limit) }) {
                count += 1
                return WARCItem(record, file: currentName, limit: limit)
            }
            // The WARC files of a WACZ, one after another.
            guard let package, let entry = try nextWARC(in: package) else { return nil }
            let entryName = "\(name)/\(entry)"
            let stream = try LibArchiveStream(entryOf: package, name: entryName)
            self.stream = stream
            currentEntry = entryName
            records = WARCRecordReader(name: entryName) { try stream.read(into: $0) }
        }
    }

    private var currentEntry: String?
    private var currentName: String { currentEntry ?? name }

    /// The path of the next WARC file in the package's `archive/` folder.
    private func nextWARC(in package: LibArchiveReader) throws -> String? {
        while let entry = try package.next() {
            let path = entry.path.lowercased()
            if !entry.isFolder, path.hasPrefix("archive/"), path.hasSuffix(".warc") || path.hasSuffix(".warc.gz") {
                return entry.path
            }
        }
        return nil
    }
}
