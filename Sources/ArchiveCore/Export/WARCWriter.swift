import Crypto
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes WARC 1.1 records into a `.warc.gz`, one gzip member per record (through libarchive's gzip filter), so
/// that any record can be read on its own, as replay tools expect.
///
/// Not `Sendable`: create, fill and finish it inside one function.
public final class WARCWriter {
    private let target: URL
    private let staging: URL
    private let descriptor: Int32
    private var finished = false

    /// Opens a new `.warc.gz` at `target` (written under a temporary name, moved into place by ``finish()``).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when the target exists or cannot be created.
    public init(target: URL) throws {
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ArchiveError(.writeFailed, "\(target.path) already exists; export to a new path.")
        }
        self.target = target
        staging = ExportStaging.path(for: target)
        descriptor = open(staging.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveError(.writeFailed, "Could not create \(target.path): \(String(cString: strerror(errno))).")
        }
    }

    deinit {
        close(descriptor)
        if !finished { try? FileManager.default.removeItem(at: staging) }
    }

    /// Appends one record: the header fields in order, then the block. `WARC-Record-ID`, `Content-Length` and the
    /// block digest are added here.
    @discardableResult
    public func write(type: String, fields: [(String, String)], block: Data, blockDigest: Bool = true) throws -> String
    {
        let id = "<urn:uuid:\(UUID().uuidString.lowercased())>"
        var header = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: \(id)\r\n"
        for (name, value) in fields {
            // A line break in a value would start a header of its own.
            guard !value.contains(where: \.isNewline), !name.contains(where: \.isNewline) else {
                throw ArchiveError(.writeFailed, "WARC header \(name.debugDescription) has a line break in its value.")
            }
            header += "\(name): \(value)\r\n"
        }
        if blockDigest { header += "WARC-Block-Digest: \(Self.digest(block))\r\n" }
        header += "Content-Length: \(block.count)\r\n\r\n"
        var record = Data(header.utf8)
        record.append(block)
        record.append(contentsOf: Array("\r\n\r\n".utf8))
        try writeMember(record)
        return id
    }

    /// Flushes the file and moves it into place.
    public func finish() throws {
        guard fsync(descriptor) == 0 else {
            throw ArchiveError(.writeFailed, "Could not flush \(staging.path): \(String(cString: strerror(errno))).")
        }
        do {
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            throw ArchiveError(.writeFailed, "Could not move the WARC file to \(target.path)", underlying: error)
        }
        finished = true
    }

    /// `sha1:` and the base32 digest, the form WARC readers and replay tools expect.
    public static func digest(_ data: Data) -> String {
        "sha1:" + base32(Array(Insecure.SHA1.hash(data: data)))
    }

    private func writeMember(_ data: Data) throws {
        let member = try LibArchiveWriter(descriptor: descriptor, name: target.path, format: .gzipMember)
        try member.add("record", data)
        try member.close()
    }

    /// RFC 4648 base32, with padding: how WARC digests are written.
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        while output.count % 8 != 0 { output.append("=") }
        return output
    }
}
