import Crypto
public import Foundation

/// Lowercase hex digests of byte strings.
public enum Digest {
    /// The SHA-256 of `data` as 64 lowercase hex digits.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The SHA-512 of `data` as 128 lowercase hex digits.
    public static func sha512(_ data: Data) -> String {
        hex(SHA512.hash(data: data))
    }

    /// Lowercase hex of digest bytes.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
