import Foundation

/// A BagIt 1.0 bag (RFC 8493) held in memory: its metadata and payload, and the tag files derived from them.
///
/// Every bundle is one bag, so a bundle extracted with `tar` passes `bagit.py --validate`.
public struct Bag: Hashable, Sendable {
    /// One `Label: value` line of `bag-info.txt`.
    public struct InfoField: Hashable, Sendable {
        public var label: String
        public var value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    /// The `bag-info.txt` fields in order, without `Payload-Oxum` (which is computed).
    public var info: [InfoField]
    /// The payload files; their paths start with `data/`.
    public var payload: [BagFile]

    public init(info: [InfoField], payload: [BagFile]) {
        self.info = info
        self.payload = payload
    }

    /// The first value of a `bag-info.txt` label.
    public func value(_ label: String) -> String? {
        info.first { $0.label.caseInsensitiveCompare(label) == .orderedSame }?.value
    }

    /// The payload file at a path.
    public func payloadFile(_ path: String) -> BagFile? {
        payload.first { $0.path == path }
    }

    /// All files of the bag, tag files first, ready to be written into a tar: a bundle.
    public func files() -> [BagFile] { files(knownSHA256: [:]) }

    /// ``files()`` with SHA-256 values the caller has just computed of payload files' bytes, by path, which the
    /// manifest takes instead of hashing the same bytes again (they are not checked).
    func files(knownSHA256: [String: String]) -> [BagFile] {
        var manifests = BagManifests([.sha256])
        for file in payload { manifests.add(file.path, file.data, sha256: knownSHA256[file.path]) }
        return manifests.tagFiles(info: info) + payload
    }
}
