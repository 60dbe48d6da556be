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

    /// All files of the bag, tag files first, ready to be written into a tar.
    public func files() -> [BagFile] {
        let declaration = BagFile(
            path: "bagit.txt",
            data: Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
        )
        let octets = payload.reduce(0) { $0 + $1.data.count }
        var infoText = ""
        for field in info + [InfoField("Payload-Oxum", "\(octets).\(payload.count)")] {
            infoText += "\(field.label): \(field.value)\n"
        }
        let bagInfo = BagFile(path: "bag-info.txt", data: Data(infoText.utf8))
        let manifest = BagFile(path: "manifest-sha256.txt", data: Self.manifest(of: payload))
        let tagManifest = BagFile(
            path: "tagmanifest-sha256.txt",
            data: Self.manifest(of: [declaration, bagInfo, manifest])
        )
        return [declaration, bagInfo, manifest, tagManifest] + payload
    }

    private static func manifest(of files: [BagFile]) -> Data {
        Data(files.map { "\(Digest.sha256($0.data))  \($0.path)\n" }.joined().utf8)
    }
}

extension Bag {
    /// Reads a bag from its files, checking the declaration, both SHA-256 manifests and the Payload-Oxum.
    ///
    /// - Parameters:
    ///   - files: Every file of the bag, with paths relative to the bag root.
    ///   - name: The bag's name in messages (the bundle path).
    /// - Returns: The bag, or the list of problems found, each naming the file.
    public static func validate(_ files: [BagFile], name: String) -> Result<Bag, BagValidationError> {
        var problems: [String] = []
        let byPath = Dictionary(files.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })

        guard let declaration = byPath["bagit.txt"].flatMap({ String(data: $0, encoding: .utf8) }),
            declaration.contains("BagIt-Version:")
        else {
            return .failure(BagValidationError(bag: name, problems: ["bagit.txt is missing or unreadable"]))
        }
        let info = byPath["bag-info.txt"].flatMap { String(data: $0, encoding: .utf8) }.map(parseInfo) ?? []
        if info.isEmpty { problems.append("bag-info.txt is missing or empty") }

        let payloadPaths = Set(files.map(\.path).filter { $0.hasPrefix("data/") })
        problems += check(manifest: "manifest-sha256.txt", in: byPath, expectedPaths: payloadPaths)
        let tagPaths = Set(files.map(\.path).filter { !$0.hasPrefix("data/") && !$0.hasPrefix("tagmanifest-") })
        problems += check(manifest: "tagmanifest-sha256.txt", in: byPath, expectedPaths: tagPaths)

        let payload = files.filter { $0.path.hasPrefix("data/") }
        if let oxum = info.first(where: { $0.label == "Payload-Oxum" })?.value {
            let actual = "\(payload.reduce(0) { $0 + $1.data.count }).\(payload.count)"
            if oxum != actual { problems.append("bag-info.txt: Payload-Oxum is \(oxum) but the payload is \(actual)") }
        }
        guard problems.isEmpty else { return .failure(BagValidationError(bag: name, problems: problems)) }
        return .success(Bag(info: info.filter { $0.label != "Payload-Oxum" }, payload: payload))
    }

    private static func check(
        manifest manifestPath: String,
        in files: [String: Data],
        expectedPaths: Set<String>
    ) -> [String] {
        guard let data = files[manifestPath], let text = String(data: data, encoding: .utf8) else {
            return ["\(manifestPath) is missing or unreadable"]
        }
        var problems: [String] = []
        var listed = Set<String>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(maxSplits: 1, whereSeparator: \.isWhitespace)
            guard parts.count == 2 else {
                problems.append("\(manifestPath): malformed line '\(line)'")
                continue
            }
            let expected = parts[0].lowercased()
            let path = parts[1].trimmingCharacters(in: .whitespaces)
            listed.insert(path)
            guard let content = files[path] else {
                problems.append("\(path) is listed in \(manifestPath) but missing")
                continue
            }
            if Digest.sha256(content) != expected {
                problems.append("\(path) does not match its SHA-256 in \(manifestPath)")
            }
        }
        for path in expectedPaths.subtracting(listed).sorted() {
            problems.append("\(path) is not listed in \(manifestPath)")
        }
        return problems
    }

    private static func parseInfo(_ text: String) -> [InfoField] {
        var fields: [InfoField] = []
        // Tag files separate lines with LF or CRLF only; other Unicode line breaks are part of a value.
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let label = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields.append(InfoField(label, value))
        }
        return fields
    }
}

/// The problems found in a bag, each naming the file.
public struct BagValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var bag: String
    public var problems: [String]
    /// The receive limit the bag went over, if that is one of its problems.
    public var exceededLimit: ReceiveLimits.Limit?

    public var description: String { "\(bag): " + problems.joined(separator: "; ") }
}
