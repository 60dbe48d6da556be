#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether `needle` occurs in this string, compared byte for byte (UTF-8).
    ///
    /// Much faster than Foundation's `contains(_:)`, which compares with Unicode rules; use it for ASCII markers
    /// in large texts such as page scripts.
    public func containsBytes(_ needle: String) -> Bool {
        byteOffset(of: needle) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle`, compared byte for byte, or `nil`.
    public func byteOffset(of needle: String) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay -> Int? in
            needle.withUTF8 { pin -> Int? in
                guard pin.count > 0 else { return 0 }
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress, hay.count >= pin.count else {
                    return nil
                }
                // memchr finds each candidate first byte, memcmp checks the rest (memmem is a GNU extension).
                let last = hay.count - pin.count
                var start = 0
                while start <= last {
                    guard let found = memchr(hayBase + start, Int32(pinBase.pointee), last - start + 1) else {
                        return nil
                    }
                    let offset = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + offset, pinBase, pin.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
        }
    }

}
