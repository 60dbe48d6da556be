/// How much a received bag may hold: it is unpacked and checked within these bounds, and refused, before anything
/// reaches the archive, when it needs more.
///
/// ```swift
/// var limits = ReceiveLimits()
/// limits.maxEntries = 500_000
/// let report = try archive.receive(bag, registry: .builtIn, limits: limits)
/// ```
///
/// The defaults let through the largest transfers Mura itself makes of an archive of publications, while a crafted
/// bag stops long before it fills the disk or the memory.
public struct ReceiveLimits: Hashable, Sendable {
    /// The most bytes a serialized bag may unpack to, counted from the entries' declared sizes before anything is
    /// written and again from the bytes actually unpacked. 16 GiB is 100,000 files of about 170 KB each, far more
    /// than a bag of publications holds, and a bomb stops there rather than when the disk is full.
    public var maxBytes: Int
    /// The most entries (files and folders) a bag may hold. 100,000 entries cover a Mura export of tens of
    /// thousands of versions with their renderings; every entry costs a file on disk and a little memory while
    /// the bag is checked.
    public var maxEntries: Int
    /// The largest tag file (`bagit.txt`, `bag-info.txt`, `fetch.txt`, a manifest, `mura-index.jsonl`) read into
    /// memory. 32 MiB holds a SHA-512 manifest line for each of 100,000 files with long paths.
    public var maxTagFileBytes: Int
    /// The largest payload file read into memory to be archived as a document; larger ones are skipped and
    /// reported. 64 MiB is twice the service's default upload limit and keeps an importer's working memory for
    /// one file (an HTML parser's tree is several times the page) well under a gigabyte.
    public var maxDocumentBytes: Int

    public init(
        maxBytes: Int = 16 << 30,
        maxEntries: Int = 100_000,
        maxTagFileBytes: Int = 32 << 20,
        maxDocumentBytes: Int = 64 << 20
    ) {
        self.maxBytes = maxBytes
        self.maxEntries = maxEntries
        self.maxTagFileBytes = maxTagFileBytes
        self.maxDocumentBytes = maxDocumentBytes
    }

    /// One of the limits, to say which one a bag went over.
    public enum Limit: String, Hashable, Sendable {
        case bytes, entries, tagFileBytes, documentBytes
    }

    /// The limit a refused bag went over: the ``ArchiveError/underlying`` error of the refusal, so a front end can
    /// say how to raise it.
    public struct Exceeded: Error, Hashable, Sendable, CustomStringConvertible {
        public var limit: Limit

        public var description: String { "over the receive limit of \(limit.rawValue)" }
    }

    /// A byte count for messages: `20 GiB`, `2.3 MiB`, `64 KiB` or `1000 bytes` (binary multiples).
    public static func describe(_ bytes: Int) -> String {
        let units = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        guard let (size, unit) = units.first(where: { bytes >= $0.0 }) else { return "\(bytes) bytes" }
        let tenths = (bytes * 10 + size / 2) / size
        return tenths % 10 == 0 || tenths >= 1000
            ? "\((tenths + 5) / 10) \(unit)" : "\(tenths / 10).\(tenths % 10) \(unit)"
    }

    /// A size over a limit and the limit, for messages, in bytes when rounding would make them look equal.
    static func describe(_ size: Int, over limit: Int) -> (size: String, limit: String) {
        let rounded = (describe(size), describe(limit))
        return rounded.0 == rounded.1 ? ("\(size) bytes", "\(limit) bytes") : rounded
    }
}
