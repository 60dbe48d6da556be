import ArchiveCore
import Crypto
import Foundation

/// WARC digests (`WARC-Payload-Digest`, `WARC-Block-Digest`): an algorithm, a colon, and the digest in base32 (as
/// most writers give it) or hexadecimal.
enum WARCDigest {
    /// Whether `digest` is the digest of `data`; `false` for an algorithm other than SHA-1 and SHA-256.
    static func matches(_ digest: String, _ data: Data) -> Bool {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return false }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        let bytes: [UInt8]
        switch parts[0].lowercased() {
        case "sha1", "sha-1": bytes = Array(Insecure.SHA1.hash(data: data))
        case "sha256", "sha-256": bytes = Array(SHA256.hash(data: data))
        default: return false
        }
        let base32 = WARCWriter.base32(bytes)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return value.uppercased() == base32 || value.uppercased() == base32.replacingOccurrences(of: "=", with: "")
            || value.lowercased() == hex
    }
}
