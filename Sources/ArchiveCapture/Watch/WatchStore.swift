import ArchiveCore
public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the watches and their journals are kept: a folder beside the bundles by default; another store (object
/// storage) for archives that outgrow one machine.
public protocol WatchStore: Sendable {
    /// The sources watched now, in the order added.
    func sources() throws -> [WatchSource]
    func add(_ source: WatchSource) throws
    func remove(_ sourceID: String, at date: Date) throws
    /// A source's journal, in order.
    func events(of sourceID: String) throws -> [WatchEvent]
    /// Appends to a source's journal, durably, before returning.
    func append(_ events: [WatchEvent], to sourceID: String) throws
}

/// The watches of an archive in its `watches/` folder: `sources.jsonl`, and one journal per source.
public struct FileWatchStore: WatchStore {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// The store of the archive at `root`.
    public init(archive root: URL) {
        self.init(folder: root.appending(path: "watches", directoryHint: .isDirectory))
    }

    private var list: JSONLinesFile<WatchEvent> { JSONLinesFile(folder.appending(path: "sources.jsonl")) }

    private func journal(_ sourceID: String) -> JSONLinesFile<WatchEvent> {
        JSONLinesFile(folder.appending(path: "\(sourceID).jsonl"))
    }

    public func sources() throws -> [WatchSource] {
        var sources: [WatchSource] = []
        for event in try list.all() {
            switch event.kind {
            case .added:
                if let source = event.source, !sources.contains(where: { $0.id == source.id }) {
                    sources.append(source)
                }
            case .removed: sources.removeAll { $0.id == event.sourceID }
            default: break
            }
        }
        return sources
    }

    public func add(_ source: WatchSource) throws {
        try list.append(WatchEvent(.added, at: source.added, sourceID: source.id, source: source))
    }

    public func remove(_ sourceID: String, at date: Date) throws {
        try list.append(WatchEvent(.removed, at: date, sourceID: sourceID))
    }

    public func events(of sourceID: String) throws -> [WatchEvent] {
        try journal(sourceID).all()
    }

    public func append(_ events: [WatchEvent], to sourceID: String) throws {
        try journal(sourceID).append(contentsOf: events)
    }
}

extension FileWatchStore {
    /// Takes the store's run lock (`watches/run.lock`), held until the returned value is released: one watch run at a
    /// time per archive, whether `mura watch run` or `mura serve --watch`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` when another run holds it.
    public func lockRuns() throws -> WatchRunLock {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try WatchRunLock(file: folder.appending(path: "run.lock"))
    }
}

/// The lock of one watch run: released when this value is.
public final class WatchRunLock: Sendable {
    private let descriptor: Int32

    init(file: URL) throws {
        descriptor = open(file.path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else {
            throw ArchiveError(.bundleIO, "Could not open \(file.path): \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw ArchiveError(
                .invalidArgument,
                "Another watch run (mura watch run or mura serve --watch) is going on this archive; let it do the "
                    + "work, or stop it first."
            )
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
