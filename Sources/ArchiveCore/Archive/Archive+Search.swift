import Foundation
import Logging

extension Archive {
    /// Searches the title and text of every version (see ``SearchQuery`` for the syntax and ``SearchRequest`` for
    /// what narrows it): documents best first, each with its best version and a snippet of its text.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` for a limit or offset out of range.
    public func search(_ request: SearchRequest) async throws -> SearchResults {
        guard (1...SearchRequest.maximumLimit).contains(request.limit) else {
            throw ArchiveError(
                .invalidArgument,
                "The search limit \(request.limit) is out of range: give 1 to \(SearchRequest.maximumLimit).",
                field: .limit
            )
        }
        guard (0...SearchRequest.maximumOffset).contains(request.offset) else {
            throw ArchiveError(
                .invalidArgument,
                "The search offset \(request.offset) is out of range: give 0 to \(SearchRequest.maximumOffset), or "
                    + "narrow the query (--prefix, --since, --until) to reach documents further down.",
                field: .offset
            )
        }
        var request = request
        // Filters that name no document (a control character, ``DocumentID/holdsControl(_:)``) find nothing.
        if [request.idPrefix, request.documentID].contains(where: { $0.map(DocumentID.holdsControl) == true }) {
            return SearchResults(hits: [], nextOffset: nil)
        }
        if let documentID = request.documentID { request.documentID = try await storedDocumentID(documentID) }
        let found = try await catalog.search(request)
        let snippets = try await withThrowingTaskGroup(of: (Int, Snippet?).self) { group in
            for (index, hit) in found.hits.enumerated() {
                group.addTask {
                    do {
                        let content = try await content(of: hit.version)
                        let text = content.document.text
                        let snippet = try await runBlocking {
                            Snippet(text: text.isEmpty ? content.document.title ?? "" : text, terms: found.terms)
                        }
                        return (index, snippet)
                    } catch let error as ArchiveError {
                        logger.warning("no snippet", metadata: ["version": "\(hit.version.id)", "error": "\(error)"])
                        return (index, nil)
                    }
                }
            }
            var snippets = [Snippet?](repeating: nil, count: found.hits.count)
            for try await (index, snippet) in group { snippets[index] = snippet }
            return snippets
        }
        let hits = zip(found.hits, snippets).map { SearchHit(version: $0.version, score: $0.score, snippet: $1) }
        return SearchResults(hits: hits, nextOffset: found.more ? request.offset + request.limit : nil)
    }

    /// Puts every catalogued version that the search index lacks into it, from its bundle (after the index was
    /// added to an archive that had versions, or a catalog rebuild), a few hundred versions per transaction, and
    /// reports progress as the versions done so far and whether that is all. A version whose bundle cannot be read is left out and
    /// named in a warning (`mura verify` names it too).
    public func completeSearchIndex(progress: (@Sendable (_ done: Int, _ finished: Bool) -> Void)? = nil) async throws {
        guard try await catalog.searchIndexIsPending() else { return }
        try await writeLock.withLock { try await completeSearchIndexLocked(progress: progress) }
    }

    /// ``completeSearchIndex(progress:)`` for a caller that holds the write lock.
    func completeSearchIndexLocked(progress: (@Sendable (_ done: Int, _ finished: Bool) -> Void)? = nil) async throws {
        guard try await catalog.searchIndexIsPending() else { return }
        var after: Version?
        var done = 0
        while true {
            let batch = try await catalog.unindexedVersions(after: after, limit: 256)
            let texts = try await withThrowingTaskGroup(of: (Version, IndexedText?).self) { group in
                for version in batch {
                    group.addTask {
                        do {
                            return (version, IndexedText(try await content(of: version).document))
                        } catch let error as ArchiveError {
                            logger.warning(
                                "version left out of the search index",
                                metadata: ["version": "\(version.id)", "error": "\(error.message)"]
                            )
                            return (version, nil)
                        }
                    }
                }
                var texts: [(Version, IndexedText)] = []
                for try await (version, text) in group {
                    if let text { texts.append((version, text)) }
                }
                return texts
            }
            try await catalog.index(texts, complete: batch.count < 256)
            done += batch.count
            progress?(done, batch.count < 256)
            guard batch.count == 256, let last = batch.last else { break }
            after = last
        }
        if done > 0 { logger.info("search index completed", metadata: ["versions": "\(done)"]) }
    }
}
