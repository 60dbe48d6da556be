public import Foundation

/// An ``ObservationJournal`` kept as JSON lines in `journal/observations.jsonl` inside the archive folder.
public struct FileObservationJournal: ObservationJournal {
    public let file: URL

    public init(root: URL) {
        file = root.appending(path: "journal/observations.jsonl", directoryHint: .notDirectory)
    }

    public func append(_ observation: Observation) throws {
        var line = try Self.encoder.encode(observation)
        line.append(UInt8(ascii: "\n"))
        do {
            let folder = file.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: file.path) {
                _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            }
            let handle = try FileHandle(forUpdating: file)
            defer { try? handle.close() }
            let end = try handle.seekToEnd()
            if end > 0 {
                // A writer killed mid-line leaves a torn last line: end it, so this entry is a line of its own
                // (the torn one is skipped when read) instead of being glued to it and lost with it.
                try handle.seek(toOffset: end - 1)
                if try handle.read(upToCount: 1) != Data([UInt8(ascii: "\n")]) {
                    line.insert(UInt8(ascii: "\n"), at: 0)
                }
                try handle.seekToEnd()
            }
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw ArchiveError(.bundleIO, "Could not append to the observation journal \(file.path)", underlying: error)
        }
    }

    public func allObservations() throws -> [Observation] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ArchiveError(.bundleIO, "Could not read the observation journal \(file.path)", underlying: error)
        }
        return data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? Self.decoder.decode(Observation.self, from: Data($0))
        }
    }

    public func lastObservation() throws -> Observation? {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return nil }
        defer { try? handle.close() }
        do {
            let end = try handle.seekToEnd()
            // An entry is a few hundred bytes; the last 8 KB hold the last whole one.
            try handle.seek(toOffset: end > 8192 ? end - 8192 : 0)
            let tail = try handle.readToEnd() ?? Data()
            guard tail.last == UInt8(ascii: "\n") else { return nil }
            let line = tail.dropLast().split(separator: UInt8(ascii: "\n")).last ?? tail.dropLast()
            return try? Self.decoder.decode(Observation.self, from: Data(line))
        } catch {
            throw ArchiveError(.bundleIO, "Could not read the observation journal \(file.path)", underlying: error)
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
