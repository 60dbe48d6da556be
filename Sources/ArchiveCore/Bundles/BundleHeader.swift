public import Foundation

/// What a bundle that shares content needs besides itself, written in a zstd skippable frame at the start of the
/// file (which `zstd -d` passes over): the dictionary its frame was compressed with, or the version whose tar it was
/// compressed against (`zstd --patch-from`), and the SHA-256 and size of the tar it holds.
///
/// ```
/// Mura-Bundle-Form: 2
/// Tar-SHA256: <64 hex>
/// Tar-Size: <bytes>
/// Dictionary: dictionaries/<sha256 of the dictionary>.zdict      (when compressed with one)
/// Base-Version: <version id>                                     (when compressed against a base)
/// Base-Tar-SHA256: <64 hex>
/// ```
///
/// A base is always a version stored without a base of its own, so a bundle needs at most two reads.
public struct BundleHeader: Hashable, Sendable {
    /// The key of the dictionary file, when the frame was compressed with one.
    public var dictionary: String?
    /// The version whose tar the frame was compressed against, and that tar's SHA-256.
    public var base: Base?
    /// The SHA-256 of the tar the frame decodes to.
    public var tarSHA256: String
    /// The size of that tar.
    public var tarSize: Int

    /// A base version.
    public struct Base: Hashable, Sendable {
        public var versionID: String
        public var tarSHA256: String

        public init(versionID: String, tarSHA256: String) {
            self.versionID = versionID
            self.tarSHA256 = tarSHA256
        }
    }

    public init(dictionary: String? = nil, base: Base? = nil, tarSHA256: String, tarSize: Int) {
        self.dictionary = dictionary
        self.base = base
        self.tarSHA256 = tarSHA256
        self.tarSize = tarSize
    }

    /// The form this header marks.
    public static let form = 2
    /// The skippable frame's magic number (zstd reserves 0x184D2A50 to 0x184D2A5F for them).
    static let magic: UInt32 = 0x184D_2A5D
    /// A header is small; anything larger is not one of ours.
    static let maximumSize = 4096

    /// The header as a skippable frame.
    public var frame: Data {
        var lines = ["Mura-Bundle-Form: \(Self.form)", "Tar-SHA256: \(tarSHA256)", "Tar-Size: \(tarSize)"]
        if let dictionary { lines.append("Dictionary: \(dictionary)") }
        if let base {
            lines.append("Base-Version: \(base.versionID)")
            lines.append("Base-Tar-SHA256: \(base.tarSHA256)")
        }
        let payload = Data((lines.joined(separator: "\n") + "\n").utf8)
        var frame = Data()
        Self.append(Self.magic, to: &frame)
        Self.append(UInt32(payload.count), to: &frame)
        frame.append(payload)
        return frame
    }

    /// The header at the start of a bundle file and where its zstd frame starts; `nil` when the file does not start
    /// with one (a self-contained bundle, as every bundle was before this form).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming `key` when the header is damaged.
    public static func read(from bundle: Data, key: String) throws -> (header: BundleHeader, frameStart: Int)? {
        let start = bundle.startIndex
        guard bundle.count >= 8, readUInt32(bundle, at: start) == magic else { return nil }
        let size = Int(readUInt32(bundle, at: start + 4))
        guard size <= maximumSize, bundle.count >= 8 + size,
            let text = String(data: bundle[(start + 8)..<(start + 8 + size)], encoding: .utf8)
        else {
            throw ArchiveError(.corruptBundle, "Bundle \(key): its header frame is damaged.")
        }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        func damaged(_ what: String) -> ArchiveError {
            ArchiveError(.corruptBundle, "Bundle \(key): its header frame has \(what).")
        }
        guard let form = fields["Mura-Bundle-Form"].flatMap(Int.init), form == Self.form else {
            throw damaged("no form this Mura reads (Mura-Bundle-Form \(fields["Mura-Bundle-Form"] ?? "missing"))")
        }
        guard let tarSHA256 = fields["Tar-SHA256"], isDigest(tarSHA256) else { throw damaged("no Tar-SHA256") }
        guard let tarSize = fields["Tar-Size"].flatMap(Int.init), tarSize >= 0 else { throw damaged("no Tar-Size") }
        var header = BundleHeader(tarSHA256: tarSHA256, tarSize: tarSize)
        if let dictionary = fields["Dictionary"] {
            guard DictionaryLayout.sha256(ofKey: dictionary) != nil else { throw damaged("a malformed Dictionary") }
            header.dictionary = dictionary
        }
        if let versionID = fields["Base-Version"] {
            guard BundleLayout.isVersionID(versionID), let sha = fields["Base-Tar-SHA256"], isDigest(sha) else {
                throw damaged("a malformed base")
            }
            header.base = Base(versionID: versionID, tarSHA256: sha)
        }
        return (header, 8 + size)
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func append(_ value: UInt32, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func readUInt32(_ data: Data, at index: Data.Index) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(data[index + offset]) << (8 * offset) }
        return value
    }
}
