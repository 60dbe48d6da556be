/// A fixed set of ASCII words with a byte of flags each, looked up by their bytes (FNV-1a hash, open
/// addressing): class names are checked for every element of every page, and making strings of them costs more
/// than the lookup.
struct WordTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64
        var word: [UInt8]
        var bits: UInt8
    }

    private var slots: [Slot?]
    private let mask: Int

    init(_ words: [String: UInt8]) {
        var size = 16
        while size < words.count * 4 { size *= 2 }
        slots = Array(repeating: nil, count: size)
        mask = size - 1
        for (word, bits) in words {
            let bytes = Array(word.utf8)
            let hash = Self.hash(bytes[...])
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = Slot(hash: hash, word: bytes, bits: bits)
        }
    }

    /// The flags of `word`, or 0 when it is not in the table.
    func bits<Bytes: Collection<UInt8>>(of word: Bytes) -> UInt8 {
        let hash = Self.hash(word)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[index] {
            if slot.hash == hash, slot.word.elementsEqual(word) { return slot.bits }
            index = (index + 1) & mask
        }
        return 0
    }

    private static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
