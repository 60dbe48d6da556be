import Foundation
import Synchronization

/// The dictionaries an open archive has read, digested, and what each was trained for: read once per process.
final class DictionaryCache: Sendable {
    private struct State {
        var dictionaries: [String: ZstdDictionary] = [:]
        var infos: [String: DictionaryInfo] = [:]
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
