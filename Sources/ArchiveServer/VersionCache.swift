import ArchiveCore
import Foundation

/// Recently read versions, verified once and kept by version id and re-extraction. Versions never change and a
/// re-extraction gets a new key, so a cached one is always right; the oldest entries go when the cache passes its byte
/// budget.
final class VersionCache: @unchecked Sendable {
    private let budget: Int
    private let lock = NSLock()
    private var entries: [String: VersionContent] = [:]
    private var order: [String] = []
    private var bytes = 0

    init(budget: Int) {
        self.budget = budget
    }

    func content(
        of version: Version,
        reading read: (Version) async throws -> VersionContent
    ) async throws -> VersionContent {
        let key = version.id + "|" + (version.extraction ?? "")
        if let cached = lock.withLock({ entries[key] }) { return cached }
        let content = try await read(version)
        let size = Self.size(of: content)
        guard size <= budget / 4 else { return content }
        lock.withLock {
            guard entries[key] == nil else { return }
            entries[key] = content
            order.append(key)
            bytes += size
            while bytes > budget, !order.isEmpty {
                let oldest = order.removeFirst()
                if let removed = entries.removeValue(forKey: oldest) { bytes -= Self.size(of: removed) }
            }
        }
        return content
    }

    /// The bytes an entry is counted as: the original, about as much again for the document's text, and overhead.
    private static func size(of content: VersionContent) -> Int {
        content.original.count * 2 + 1024
    }
}
