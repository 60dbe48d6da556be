import ArchiveCore
import Foundation
import Hummingbird
import NIOFoundationCompat

/// Recently read versions, verified once and kept by version id and re-extraction. Versions never change and a
/// re-extraction gets a new key, so a cached one is always right; the entries read least recently go when the cache
/// passes its byte budget, so the versions a site's readers keep asking for stay while others come and go.
///
/// Each entry keeps its original once, as the `ByteBuffer` a response body sends, and the content's `Data` is a view
/// of the same bytes: answering with the original copies nothing (NIO writes the shared buffer as it is).
final class VersionCache: @unchecked Sendable {
    /// A cached version: its content, and its original as a response body.
    struct Entry: Sendable {
        var content: VersionContent
        var original: ByteBuffer
    }

    private let budget: Int
    private let lock = NSLock()
    /// The entries, each with when it was last read (a count of reads).
    private var entries: [String: (entry: Entry, lastRead: UInt64)] = [:]
    /// Every read of a kept entry, oldest first from `head`: a read that is no longer an entry's last is skipped when
    /// it comes up, so the first one that is names the entry read least recently.
    private var reads: [(key: String, at: UInt64)] = []
    private var head = 0
    private var clock: UInt64 = 0
    private var bytes = 0

    init(budget: Int) {
        self.budget = budget
    }

    func entry(
        of version: Version,
        reading read: (Version) async throws -> VersionContent
    ) async throws -> Entry {
        let key = Self.key(of: version)
        let cached = lock.withLock { () -> Entry? in
            guard let found = entries[key]?.entry else { return nil }
            noteRead(of: key)
            return found
        }
        if let cached { return cached }
        var content = try await read(version)
        let original = ByteBuffer(data: content.original)
        content.original =
            original.getData(at: 0, length: original.readableBytes, byteTransferStrategy: .noCopy)
            ?? content.original
        let entry = Entry(content: content, original: original)
        let size = Self.size(of: content)
        guard size <= budget / 4 else { return entry }
        lock.withLock {
            guard entries[key] == nil else { return }
            entries[key] = (entry, 0)
            noteRead(of: key)
            bytes += size
            while bytes > budget, head < reads.count {
                let (stale, at) = reads[head]
                head += 1
                guard entries[stale]?.lastRead == at, let removed = entries.removeValue(forKey: stale) else { continue }
                bytes -= Self.size(of: removed.entry.content)
            }
        }
        return entry
    }

    /// Marks the entry at `key` as read now; the lock is held.
    private func noteRead(of key: String) {
        clock += 1
        entries[key]?.lastRead = clock
        reads.append((key, clock))
        // The record keeps at most a few times as many reads as entries (plus some slack), and drops the reads passed
        // over once they are half of it: past that, only each entry's last read stays, in order, in one pass.
        if reads.count - head > 4 * entries.count + 1024 || (head > 1024 && head * 2 > reads.count) {
            reads = reads[head...].filter { entries[$0.key]?.lastRead == $0.at }
            head = 0
        }
    }

    /// Whether a version is kept now; for tests.
    func holds(_ version: Version) -> Bool {
        lock.withLock { entries[Self.key(of: version)] != nil }
    }

    private static func key(of version: Version) -> String { version.id + "|" + (version.extraction ?? "") }

    /// The bytes an entry is counted as: the original, about as much again for the document's text, and overhead.
    /// The response buffer's capacity is the original's size rounded up to a power of two; the part past the original
    /// is never written, and a large allocation's unwritten pages take address space, not memory.
    private static func size(of content: VersionContent) -> Int {
        content.original.count * 2 + 1024
    }
}
