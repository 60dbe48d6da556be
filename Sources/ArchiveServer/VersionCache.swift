import ArchiveCore
import Foundation
import Hummingbird
import NIOFoundationCompat

/// Recently read versions, verified once and kept by version id and re-extraction. Versions never change and a
/// re-extraction gets a new key, so a cached one is always right; the oldest entries go when the cache passes its byte
/// budget.
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
    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var bytes = 0

    init(budget: Int) {
        self.budget = budget
    }

    func entry(
        of version: Version,
        reading read: (Version) async throws -> VersionContent
    ) async throws -> Entry {
        let key = version.id + "|" + (version.extraction ?? "")
        if let cached = lock.withLock({ entries[key] }) { return cached }
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
            entries[key] = entry
            order.append(key)
            bytes += size
            while bytes > budget, !order.isEmpty {
                let oldest = order.removeFirst()
                if let removed = entries.removeValue(forKey: oldest) { bytes -= Self.size(of: removed.content) }
            }
        }
        return entry
    }

    /// The bytes an entry is counted as: the original, about as much again for the document's text, and overhead.
    /// The response buffer's capacity is the original's size rounded up to a power of two; the part past the original
    /// is never written, and a large allocation's unwritten pages take address space, not memory.
    private static func size(of content: VersionContent) -> Int {
        content.original.count * 2 + 1024
    }
}
