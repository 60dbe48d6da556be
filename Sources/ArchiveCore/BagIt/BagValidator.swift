import Crypto
public import Foundation

/// Full validation of a BagIt bag on disk (versions 0.93 to 1.0), as a receiving archive does before it trusts
/// a bag: the declaration, every manifest and tag manifest line against the files, files missing from a manifest,
/// `fetch.txt`, the Payload-Oxum, and any path that would leave the bag (`..`, absolute, `~`, links).
///
/// The same rules check the bags Mura writes itself when it reads them back: a bundle, from its tar, with
/// ``validate(_:name:)``, which also asks for the tag files every bundle has.
///
/// Memory stays bounded whatever the bag holds: files are hashed in blocks, tag files are read only up to
/// ``ReceiveLimits/maxTagFileBytes``, and a folder with more than ``ReceiveLimits/maxEntries`` entries is refused
/// while it is being listed.
public enum BagValidator {
    /// A bag that passed validation.
    public struct ValidBag: Sendable {
        public var root: URL
        public var version: String
        public var info: [Bag.InfoField]
        /// Payload files present in the bag, as paths relative to the bag root (`data/...`), sorted.
        public var payload: [String]
        /// Problems that do not make the bag invalid.
        public var warnings: [String]
        /// Payload files that the manifests list and `fetch.txt` names, and that the bag does not hold (a "holey"
        /// bag, valid but not complete), sorted, each with the URL `fetch.txt` gives.
        public var unfetched: [(path: String, url: String)] = []

        /// The first value of a `bag-info.txt` label.
        public func value(_ label: String) -> String? {
            info.first { $0.label.caseInsensitiveCompare(label) == .orderedSame }?.value
        }
    }

    /// Validates the bag whose top folder is `root`.
    ///
    /// - Parameters:
    ///   - root: The bag's top folder.
    ///   - limits: The most entries the bag may hold and the largest tag file read.
    /// - Returns: The bag, or every problem found, each naming the file and the reason.
    public static func validate(
        _ root: URL,
        limits: ReceiveLimits = ReceiveLimits()
    ) -> Result<ValidBag, BagValidationError> {
        var check = Check(storage: FolderBagStorage(root: root), bagName: root.path, limits: limits)
        check.run()
        guard check.problems.isEmpty, let version = check.version else {
            return .failure(
                BagValidationError(bag: root.path, problems: check.problems, exceededLimit: check.exceededLimit)
            )
        }
        return .success(
            ValidBag(
                root: root,
                version: version,
                info: check.info,
                payload: check.payloadOnDisk.sorted(),
                warnings: check.warnings,
                unfetched: check.unfetched.sorted().map { ($0, check.fetched[$0] ?? "") }
            )
        )
    }

    /// Validates a bag held in memory as a bundle: by the rules above, and with `bag-info.txt`, a SHA-256
    /// manifest and a SHA-256 tag manifest that lists every other tag file, as every bundle has them.
    ///
    /// - Parameters:
    ///   - files: Every file of the bag, with paths relative to the bag root.
    ///   - name: The bag's name in messages (the bundle path).
    /// - Returns: The bag, or every problem found, each naming the file.
    public static func validate(_ files: [BagFile], name: String) -> Result<Bag, BagValidationError> {
        var check = Check(storage: MemoryBagStorage(files), bagName: name, limits: ReceiveLimits(), isBundle: true)
        check.run()
        guard check.problems.isEmpty else {
            return .failure(BagValidationError(bag: name, problems: check.problems, exceededLimit: check.exceededLimit))
        }
        return .success(
            Bag(
                info: check.info.filter { $0.label != "Payload-Oxum" },
                payload: files.filter { $0.path.hasPrefix("data/") }
            )
        )
    }
}

/// The state of one validation run.
private struct Check {
    let storage: any BagStorage
    /// The bag in messages: its folder, or the bundle's key.
    let bagName: String
    let limits: ReceiveLimits
    /// Whether the bag is a bundle, which must have the tag files Mura writes.
    let isBundle: Bool
    var problems: [String] = []
    var exceededLimit: ReceiveLimits.Limit?
    var warnings: [String] = []
    var version: String?
    var encoding: String.Encoding = .utf8
    var info: [Bag.InfoField] = []
    var payloadOnDisk: Set<String> = []
    var tagFilesOnDisk: Set<String> = []
    /// The paths `fetch.txt` names, with their URLs.
    var fetched: [String: String] = [:]
    /// Paths that the manifests list and only `fetch.txt` provides.
    var unfetched: Set<String> = []
    var checkedPayloadManifests = 0

    init(storage: any BagStorage, bagName: String, limits: ReceiveLimits, isBundle: Bool = false) {
        self.storage = storage
        self.bagName = bagName
        self.limits = limits
        self.isBundle = isBundle
    }

    mutating func run() {
        guard listFiles() else { return }
        guard readDeclaration() else { return }
        // Read when the bag is received, so held to the same limit.
        if tagFilesOnDisk.contains("mura-index.jsonl") { _ = isWithinTagLimit("mura-index.jsonl") }
        readFetch()
        let manifests = tagFilesOnDisk.filter { $0.hasPrefix("manifest-") && $0.hasSuffix(".txt") }.sorted()
        if manifests.isEmpty { problems.append("no payload manifest (manifest-<algorithm>.txt)") }
        for manifest in manifests { checkManifest(manifest, payload: true) }
        if !manifests.isEmpty, checkedPayloadManifests == 0 {
            problems.append("no payload manifest uses a BagIt algorithm (md5, sha1, sha224, sha256, sha384, sha512)")
        }
        for manifest in tagFilesOnDisk.filter({ $0.hasPrefix("tagmanifest-") && $0.hasSuffix(".txt") }).sorted() {
            checkManifest(manifest, payload: false)
        }
        readInfo()
        if isBundle { checkBundleTagFiles() }
    }

    /// The tag files every bundle has: `bag-info.txt`, and SHA-256 manifests of the payload and of every other
    /// tag file.
    private mutating func checkBundleTagFiles() {
        for required in ["manifest-sha256.txt", "tagmanifest-sha256.txt"] where !tagFilesOnDisk.contains(required) {
            problems.append("\(required) is missing or unreadable")
        }
        if info.isEmpty { problems.append("bag-info.txt is missing or empty") }
    }

    /// Every file and folder of the bag; links are refused outright. Stops, with `false`, at more entries than
    /// the limit.
    private mutating func listFiles() -> Bool {
        var entries = 0
        var hasPayloadFolder = false
        var isOverLimit = false
        let listed = storage.forEachEntry { path, kind in
            entries += 1
            guard entries <= limits.maxEntries else {
                isOverLimit = true
                return false
            }
            switch kind {
            case .link: problems.append("\(path) is a symbolic link; a bag holds only plain files")
            case .file:
                // Two names a file system tells apart can still be one Swift string: the same letters spelled
                // precomposed and decomposed (NFC, NFD). Which of the two files is read would be left to chance, so
                // one could slip past the manifests under the other's name.
                let inserted =
                    path.hasPrefix("data/") ? payloadOnDisk.insert(path).inserted : tagFilesOnDisk.insert(path).inserted
                if !inserted {
                    problems.append(
                        "\(path) names two files, spelled differently in Unicode (a letter precomposed in one, "
                            + "decomposed in the other); rename one of them"
                    )
                }
            case .folder: hasPayloadFolder = hasPayloadFolder || path == "data"
            }
            return true
        }
        guard listed else {
            problems.append("\(bagName) cannot be read as a folder")
            return false
        }
        guard !isOverLimit else {
            problems.append("the bag holds more than \(limits.maxEntries) entries (files and folders)")
            exceededLimit = .entries
            return false
        }
        // The payload folder is part of every bag, an empty one too (RFC 8493 section 2.1.2).
        if !hasPayloadFolder, payloadOnDisk.isEmpty {
            problems.append("the bag has no payload folder data/, where a bag keeps its files")
        }
        return true
    }

    /// Whether a tag file is small enough to be read into memory; records the problem when it is not.
    private mutating func isWithinTagLimit(_ name: String) -> Bool {
        guard let size = storage.size(of: name), size > limits.maxTagFileBytes else { return true }
        let described = ReceiveLimits.describe(size, over: limits.maxTagFileBytes)
        problems.append("\(name) is \(described.size), more than the \(described.limit) a tag file may be")
        exceededLimit = .tagFileBytes
        return false
    }

    // Regex is not marked Sendable, but a built Regex is never mutated; matching only reads it. A literal in a
    // function body is parsed again each time it is evaluated.
    nonisolated(unsafe) private static let declarationLine = /([A-Za-z-]+): (\S.*)/
    nonisolated(unsafe) private static let versionNumber = /\d+\.\d+/
    nonisolated(unsafe) private static let drivePath = /[A-Za-z]:.*/

    /// `bagit.txt`: UTF-8 without a byte-order mark, exactly `BagIt-Version: M.N` and `Tag-File-Character-Encoding: X`.
    private mutating func readDeclaration() -> Bool {
        guard isWithinTagLimit("bagit.txt") else { return false }
        guard let data = storage.contents(of: "bagit.txt") else {
            problems.append("bagit.txt is missing")
            return false
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            problems.append("bagit.txt begins with a byte-order mark, which BagIt forbids")
            return false
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append("bagit.txt is not UTF-8")
            return false
        }
        var fields: [String: String] = [:]
        for line in Self.lines(text) where !line.isEmpty {
            guard let match = line.wholeMatch(of: Self.declarationLine) else {
                problems.append("bagit.txt: malformed line '\(line)' (expected 'Label: value' with one space)")
                continue
            }
            fields[String(match.1)] = String(match.2)
        }
        guard let version = fields["BagIt-Version"], version.wholeMatch(of: Self.versionNumber) != nil else {
            problems.append("bagit.txt: BagIt-Version is missing or not M.N ('\(fields["BagIt-Version"] ?? "")')")
            return false
        }
        guard let encodingName = fields["Tag-File-Character-Encoding"] else {
            problems.append("bagit.txt: Tag-File-Character-Encoding is missing")
            return false
        }
        guard let encoding = Self.encoding(named: encodingName) else {
            problems.append("bagit.txt: tag file encoding '\(encodingName)' is not supported")
            return false
        }
        self.version = version
        self.encoding = encoding
        return problems.isEmpty
    }

    /// `fetch.txt`: `URL LENGTH PATH` lines; the paths must stay inside `data/`.
    private mutating func readFetch() {
        guard tagFilesOnDisk.contains("fetch.txt"), let text = readTagFile("fetch.txt") else { return }
        for line in Self.lines(text) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard parts.count == 3 else {
                problems.append("fetch.txt: malformed line '\(line)' (expected URL LENGTH PATH)")
                continue
            }
            guard let path = safePath(String(parts[2]), in: "fetch.txt", payload: true) else { continue }
            fetched[path] = String(parts[0])
        }
    }

    private mutating func checkManifest(_ name: String, payload: Bool) {
        let algorithm = String(
            name.dropFirst(payload ? "manifest-".count : "tagmanifest-".count).dropLast(".txt".count)
        )
        let hash = Self.hasher(for: algorithm)
        // A manifest in a registered BagIt algorithm counts even when its checksums cannot be computed here
        // (SHA-224 has no implementation in swift-crypto), or it cannot be read (its own problem says why); one in
        // an unknown algorithm does not.
        if payload, hash != nil || Self.registeredAlgorithms.contains(algorithm.lowercased()) {
            checkedPayloadManifests += 1
        }
        guard let text = readTagFile(name) else { return }
        if hash == nil {
            warnings.append("\(name): algorithm '\(algorithm)' is not supported; its checksums were not checked")
        }
        var seen: [String: String] = [:]
        for line in Self.lines(text) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let split = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                problems.append("\(name): malformed line '\(line)'")
                continue
            }
            let checksum = line[..<split].lowercased()
            let rawPath = String(line[split...].drop { $0 == " " || $0 == "\t" })
            guard let path = safePath(rawPath, in: name, payload: payload) else { continue }
            if let earlier = seen[path] {
                if earlier != checksum {
                    problems.append("\(name): \(path) is listed twice with different checksums")
                } else if version.map(isAtLeastOne) ?? false {
                    problems.append("\(name): \(path) is listed twice")
                } else {
                    warnings.append("\(name): \(path) is listed twice")
                }
                continue
            }
            seen[path] = checksum
            let onDisk =
                payload ? payloadOnDisk.contains(path) : tagFilesOnDisk.contains(path) || payloadOnDisk.contains(path)
            guard onDisk else {
                if fetched[path] == nil {
                    problems.append("\(path) is listed in \(name) but missing")
                } else if payload {
                    unfetched.insert(path)
                }
                continue
            }
            guard let hash else { continue }
            guard let digest = try? hash(storage, path) else {
                problems.append("\(path) cannot be read")
                continue
            }
            if digest != checksum {
                problems.append("\(path) does not match its \(algorithm) checksum in \(name)")
            }
        }
        // A bundle's tag manifest lists every other tag file, as Mura writes it.
        if payload || isBundle {
            let expected = payload ? payloadOnDisk : tagFilesOnDisk.filter { !$0.hasPrefix("tagmanifest-") }
            for path in expected.subtracting(seen.keys).sorted() {
                problems.append("\(path) is in the bag but not listed in \(name)")
            }
        }
    }

    /// `bag-info.txt`, leniently: `Label: value` with any spacing around the colon, continuation lines indented.
    private mutating func readInfo() {
        guard tagFilesOnDisk.contains("bag-info.txt"), let text = readTagFile("bag-info.txt") else { return }
        for line in Self.lines(text) where !line.isEmpty {
            if line.first == " " || line.first == "\t", !info.isEmpty {
                info[info.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                warnings.append("bag-info.txt: line without a label '\(line)'")
                continue
            }
            info.append(
                .init(
                    line[..<colon].trimmingCharacters(in: .whitespaces),
                    line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            )
        }
        if fetched.isEmpty, let oxum = info.first(where: { $0.label == "Payload-Oxum" })?.value {
            let octets = payloadOnDisk.reduce(0) { $0 + (storage.size(of: $1) ?? 0) }
            let actual = "\(octets).\(payloadOnDisk.count)"
            if oxum != actual { problems.append("bag-info.txt: Payload-Oxum is \(oxum) but the payload is \(actual)") }
        }
    }

    private mutating func readTagFile(_ name: String) -> String? {
        guard isWithinTagLimit(name) else { return nil }
        guard let data = storage.contents(of: name) else {
            problems.append("\(name) cannot be read")
            return nil
        }
        guard let text = String(data: data, encoding: encoding) else {
            problems.append("\(name) is not in the declared encoding")
            return nil
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// A manifest or fetch path made relative to the bag, or `nil` (with a problem) when it would leave the bag.
    private mutating func safePath(_ raw: String, in file: String, payload: Bool) -> String? {
        var path = raw
        if version.map(isAtLeastOne) ?? false {
            path = path.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
                .replacingOccurrences(of: "%25", with: "%")
        }
        while path.hasPrefix("./") { path.removeFirst(2) }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") || components.contains("..")
            || path.contains("\\..") || path.wholeMatch(of: Self.drivePath) != nil
        {
            problems.append("\(file): '\(raw)' points outside the bag")
            return nil
        }
        if payload, !path.hasPrefix("data/") {
            problems.append("\(file): '\(raw)' is not inside data/")
            return nil
        }
        return path
    }

    private func isAtLeastOne(_ version: String) -> Bool {
        (Int(version.split(separator: ".").first ?? "") ?? 0) >= 1
    }

    private static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift, so split on both forms; a lone "\r" ends a line too.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    private static func encoding(named name: String) -> String.Encoding? {
        switch name.uppercased().replacingOccurrences(of: "_", with: "-") {
        case "UTF-8", "UTF8": .utf8
        case "UTF-16": .utf16
        case "UTF-16LE": .utf16LittleEndian
        case "UTF-16BE": .utf16BigEndian
        case "ISO-8859-1", "LATIN-1", "LATIN1": .isoLatin1
        case "US-ASCII", "ASCII": .ascii
        default: nil
        }
    }

    private static let registeredAlgorithms: Set<String> = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"]

    /// A function that hashes a file in blocks, whatever its size, for a BagIt algorithm this build supports.
    private static func hasher(for algorithm: String) -> ((any BagStorage, String) throws -> String)? {
        switch algorithm.lowercased() {
        case "md5": return { try $0.digest(of: $1, Insecure.MD5()) }
        case "sha1": return { try $0.digest(of: $1, Insecure.SHA1()) }
        case "sha256": return { try $0.digest(of: $1, SHA256()) }
        case "sha384": return { try $0.digest(of: $1, SHA384()) }
        case "sha512": return { try $0.digest(of: $1, SHA512()) }
        default: return nil
        }
    }
}
