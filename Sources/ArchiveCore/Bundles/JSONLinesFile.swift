public import Foundation

/// An append-only file of JSON lines beside the bundles (`journal/*.jsonl`): each append is one line, synced to disk
/// before it returns. A writer killed mid-line leaves a torn last line; the next append ends it first (so the new
/// entry is a line of its own) and reading skips it.
public struct JSONLinesFile<Entry: Codable>: Sendable {
    public let file: URL

    public init(_ file: URL) {
        self.file = file
    }

    public func append(_ entry: Entry) throws {
        try append(contentsOf: [entry])
    }

    /// Appends entries as lines, synced to disk once after the last.
    public func append(contentsOf entries: [Entry]) throws {
        guard !entries.isEmpty else { return }
        var line = Data()
        for entry in entries {
            line.append(try Self.encoder.encode(entry))
            line.append(UInt8(ascii: "\n"))
        }
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            if !FileManager.default.fileExists(atPath: file.path) {
                _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            }
            let handle = try FileHandle(forUpdating: file)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            if end > 0 {
                try handle.seek(toOffset: end - 1)
                if try handle.read(upToCount: 1) != Data([UInt8(ascii: "\n")]) {
                    line.insert(UInt8(ascii: "\n"), at: 0)
                }
                try handle.seekToEnd()
            }
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw ArchiveError(.bundleIO, "Could not append to the journal \(file.path)", underlying: error)
        }
    }

    /// Creates the file, empty, unless it exists.
    public func createIfMissing() throws {
        guard !FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data().write(to: file, options: .withoutOverwriting)
        } catch CocoaError.fileWriteFileExists {
            return
        } catch {
            throw ArchiveError(.bundleIO, "Could not create the journal \(file.path)", underlying: error)
        }
    }

    /// Every entry, in the order appended; lines that do not decode (a torn last line) are skipped.
    public func all() throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ArchiveError(.bundleIO, "Could not read the journal \(file.path)", underlying: error)
        }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? Self.decoder.decode(Entry.self, from: Data($0))
        }
    }

    /// The entry appended last, read from the end of the file; `nil` when there is none or it is torn.
    public func last() throws -> Entry? {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return nil }
        defer { try? handle.close() }
        do {
            let end = try handle.seekToEnd()
            // An entry is a few hundred bytes; the last 8 KB hold the last whole one.
            try handle.seek(toOffset: end > 8192 ? end - 8192 : 0)
            let tail = try handle.readToEnd() ?? Data()
            guard tail.last == UInt8(ascii: "\n") else { return nil }
            let line = tail.dropLast().split(separator: UInt8(ascii: "\n")).last ?? tail.dropLast()
            return try? Self.decoder.decode(Entry.self, from: Data(line))
        } catch {
            throw ArchiveError(.bundleIO, "Could not read the journal \(file.path)", underlying: error)
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = ArchiveDate.encodingStrategy(precise: true)
        return encoder
    }

    private static var decoder: JSONDecoder { Document.decoder }
}
