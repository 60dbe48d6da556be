import Foundation
import Synchronization

/// The dictionaries an open archive has read, digested, and what each was trained for: read once per process; and
/// the tar of the base version decoded last, which the next versions of its document (read in order by `verify`, an
/// export, a history) are decoded against.
final class DictionaryCache: Sendable {
    private struct State {
        var dictionaries: [String: ZstdDictionary] = [:]
        var infos: [String: DictionaryInfo] = [:]
        var lastBase: (sha256: String, tar: Data)?
    }

    /// Forgets every dictionary and base read: what is read next comes from the files (a verify, a rebuild).
    func forgetAll() {
        state.withLock { $0 = State() }
    }

    /// The largest base tar kept.
    static let largestBase = 32 << 20

    func base(sha256: String) -> Data? {
        state.withLock { $0.lastBase?.sha256 == sha256 ? $0.lastBase?.tar : nil }
    }

    func keep(base tar: Data, sha256: String) {
        guard tar.count <= Self.largestBase else { return }
        state.withLock { $0.lastBase = (sha256, tar) }
    }

    private let state = Mutex(State())

    func dictionary(_ key: String) -> ZstdDictionary? {
        state.withLock { $0.dictionaries[key] }
    }

    func keep(_ dictionary: ZstdDictionary, as key: String) {
        state.withLock { $0.dictionaries[key] = dictionary }
    }

    func info(_ key: String) -> DictionaryInfo? {
        state.withLock { $0.infos[key] }
    }

    func keep(_ info: DictionaryInfo, as key: String) {
        state.withLock { $0.infos[key] = info }
    }
}
