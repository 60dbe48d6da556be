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

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in digest {
            text += String(byte, radix: 16).leftPadded(to: 2)
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
