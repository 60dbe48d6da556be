import ArchiveCapture
import ArchiveCore
import Foundation
import Hummingbird

/// `GET /watches`: the watched sources, each with its last run and its captures, from the watch journals; and
/// whether this service runs them (`mura serve --watch`).
struct WatchRoutes: Sendable {
    let service: ArchiveService
    /// Whether the watches run inside this service.
    let running: Bool

    struct Body: Encodable {
        var running: Bool
        var sources: [Source]
    }

    struct Source: Encodable {
        var id: String
        var url: String
        var every: Int
        var prefix: String?
        var idPrefix: String?
        var ignoresRobots: Bool
        var added: Date
        var publications: Int
        var lastRun: Run?
        var nextRun: Date
        /// Captures by outcome since the source was added.
        var captures: [String: Int]
    }

    struct Run: Encodable {
        var at: Date
        var outcome: String
        var listed: Int?
        var listing: String?
        var error: String?
    }

    func register(on router: Router<BasicRequestContext>) {
        let archive = service.archive
        let running = running
        router.get("/watches") { _, _ in
            let sources = try await archive.runBlocking {
                let store = FileWatchStore(archive: archive.root)
                return try store.sources().map { source in
                    let state = WatchState(source: source, events: try store.events(of: source.id))
                    return Source(
                        id: source.id,
                        url: source.url,
                        every: source.every,
                        prefix: source.prefix,
                        idPrefix: source.idPrefix,
                        ignoresRobots: source.ignoresRobots,
                        added: source.added,
                        publications: state.items.count,
                        lastRun: state.lastRun.map {
                            Run(
                                at: $0.at,
                                outcome: $0.outcome ?? "",
                                listed: $0.items,
                                listing: $0.listing?.rawValue,
                                error: $0.error
                            )
                        },
                        nextRun: state.nextRun,
                        captures: state.outcomes
                    )
                }
            }
            return try JSONBody.response(Body(running: running, sources: sources))
        }
    }
}
