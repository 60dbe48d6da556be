import Foundation

/// The state of ``Archive/store(_:)-([PreparedIngest])`` while it stores a batch: each input's results so far or
/// its failure, and the new versions whose bundles are committed and that wait for the catalog's transaction.
struct BatchStore {
    struct Pending {
        var version: NewVersion
        /// The staging file that records the bundle's commit until the catalog has the version.
        var staged: URL
        var input: Int
        var document: Int
    }

    private let batch: [PreparedIngest]
    private var results: [[IngestResult?]]
    private var failures: [(any Error)?]
    /// The new versions waiting for the transaction, in the order they were stored.
    var pending: [Pending] = []

    init(_ batch: [PreparedIngest]) {
        self.batch = batch
        results = batch.map { Array(repeating: nil, count: $0.documents.count) }
        failures = Array(repeating: nil, count: batch.count)
    }

    mutating func record(_ result: IngestResult, input: Int, document: Int) {
        results[input][document] = result
    }

    mutating func wait(_ version: NewVersion, staged: URL, input: Int, document: Int) {
        pending.append(Pending(version: version, staged: staged, input: input, document: document))
    }

    /// Whether a version of `documentID` waits for the transaction.
    func isWaiting(_ documentID: String) -> Bool {
        pending.contains { $0.version.version.documentID == documentID }
    }

    /// Records that `input` failed with `error` (its first error is kept): its versions still waiting are
    /// withdrawn (their bundles are only staged: the batch commits them when it flushes), and the bundles written
    /// ahead for it are removed.
    mutating func fail(_ input: Int, _ error: any Error, store: any BundleStore) async {
        if failures[input] == nil { failures[input] = error }
        for entry in pending where entry.input == input { await store.discard(staged: entry.staged) }
        pending.removeAll { $0.input == input }
        // Removing a staging file already dealt with does nothing.
        for staged in batch[input].documents.compactMap(\.bundle?.staged) { await store.discard(staged: staged) }
    }

    /// The error `input` failed with, if it failed.
    func failure(of input: Int) -> (any Error)? { failures[input] }

    /// Each input's results in its documents' order, or its failure.
    func outcomes() -> [Result<[IngestResult], any Error>] {
        zip(results, failures).map { results, failure in
            if let failure { return .failure(failure) }
            return .success(results.compactMap { $0 })
        }
    }
}
