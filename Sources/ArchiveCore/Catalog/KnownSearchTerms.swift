import Synchronization

/// The terms this catalog value has seen committed to the index's term table, so that indexing a version writes only
/// the terms that are new to it: after a few hundred pages of a site, almost none are.
///
/// A term is remembered only once the transaction that wrote it committed, and forgotten when the index is emptied;
/// a term another process added is written again, harmlessly (`INSERT OR IGNORE`). At most ``capacity`` are kept.
final class KnownSearchTerms: Sendable {
    static let capacity = 200_000
    private let terms = Mutex<Set<String>>([])

    /// The terms of `candidates` not known to be in the table.
    func unknown(_ candidates: [String]) -> [String] {
        terms.withLock { known in candidates.filter { !known.contains($0) } }
    }

    /// Remembers terms whose transaction committed.
    func insert(_ committed: [String]) {
        terms.withLock { known in
            guard known.count + committed.count <= Self.capacity else { return }
            known.formUnion(committed)
        }
    }

    func removeAll() {
        terms.withLock { $0.removeAll() }
    }
}
