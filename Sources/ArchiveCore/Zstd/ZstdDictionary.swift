import CZstd
public import Foundation
import Synchronization

/// A zstd dictionary, digested once for decompression and once per level for compression, and shareable between
/// threads (libzstd's digested dictionaries are read-only once made).
public final class ZstdDictionary: Sendable {
    /// The dictionary's bytes, as `zstd --train` writes them.
    public let data: Data
    /// The id in its header (0 for raw content).
    public let id: UInt32
    nonisolated(unsafe) let decompressionDictionary: OpaquePointer
    private let compressionDictionaries = Mutex<[Int: UnsafeSendablePointer]>([:])

    /// Digests `data` for decompression.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` when libzstd cannot read it.
    public init(_ data: Data) throws {
        guard let digested = data.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
            throw ArchiveError(.corruptBundle, "The zstd dictionary (\(data.count) bytes) cannot be read.")
        }
        self.data = data
        id = Zstd.dictionaryID(of: data)
        decompressionDictionary = digested
    }

    deinit {
        ZSTD_freeDDict(decompressionDictionary)
        compressionDictionaries.withLock { dictionaries in
            for pointer in dictionaries.values { ZSTD_freeCDict(pointer.pointer) }
        }
    }

    /// The dictionary digested for compression at `level`, made on first use.
    func compressionDictionary(level: Int) throws -> OpaquePointer {
        try compressionDictionaries.withLock { dictionaries in
            if let made = dictionaries[level] { return made.pointer }
            guard let made = data.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, Int32(level)) }) else {
                throw ArchiveError(.writeFailed, "The zstd dictionary could not be prepared for level \(level).")
            }
            dictionaries[level] = UnsafeSendablePointer(pointer: made)
            return made
        }
    }
}

/// A libzstd object pointer kept under a lock.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
}
