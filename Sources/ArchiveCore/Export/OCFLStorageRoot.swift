public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OCFL 1.1 storage root using the `0003-hash-and-id-n-tuple-storage-layout` extension, to which Mura versions
/// are added as OCFL object versions: one object per document, one OCFL version per Mura version, SHA-512
/// content addressing with deduplication inside each object. Adding to an existing root adds only new versions.
public struct OCFLStorageRoot: Sendable {
    public let root: URL
    /// Whether this value created the storage root (so that a failed first export can remove it).
    public let isNew: Bool

    /// Opens the storage root at `root`, creating it when the folder does not exist.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` when the folder exists but is not an OCFL 1.1
    ///   storage root with this layout.
    public init(root: URL) throws {
        self.root = root
        let manager = FileManager.default
        isNew = !manager.fileExists(atPath: root.path)
        if !isNew, !Self.isUnfinished(root) {
            guard manager.fileExists(atPath: root.appending(path: "0=ocfl_1.1").path),
                Self.json(at: root.appending(path: "ocfl_layout.json"))?["extension"] as? String == Self.layoutName
            else {
                throw ArchiveError(
                    .writeFailed,
                    "\(root.path) exists but is not an OCFL 1.1 storage root with the \(Self.layoutName) layout; "
                        + "export to a new folder or to a root Mura made."
                )
            }
            return
        }
        do {
            if isNew { try manager.createDirectory(at: root, withIntermediateDirectories: false) }
            // A root whose creation was stopped (a file cut short, or not yet written) is completed by the next export.
            try Data("ocfl_1.1\n".utf8).write(to: root.appending(path: "0=ocfl_1.1"))
            let layout: [String: Any] = [
                "extension": Self.layoutName,
                "description":
                    "Extension 0003: Hashed Truncated N-tuple Trees with Object ID Encapsulating Directory for OCFL Storage Hierarchies",
            ]
            try Self.json(layout).write(to: root.appending(path: "ocfl_layout.json"))
            let config: [String: Any] = [
                "extensionName": Self.layoutName, "digestAlgorithm": "sha256", "tupleSize": 3, "numberOfTuples": 3,
            ]
            let extensionFolder = root.appending(path: "extensions/\(Self.layoutName)")
            try manager.createDirectory(at: extensionFolder, withIntermediateDirectories: true)
            try Self.json(config).write(to: extensionFolder.appending(path: "config.json"))
        } catch {
            if isNew { try? manager.removeItem(at: root) }
            throw ArchiveError(.writeFailed, "Could not create the OCFL storage root \(root.path)", underlying: error)
        }
    }

    static let layoutName = "0003-hash-and-id-n-tuple-storage-layout"
    private static let objectDeclaration = Data("ocfl_object_1.1\n".utf8)

    /// Whether `root` is an empty folder, or a storage root whose creation Mura began and was stopped before it
    /// ended: its declaration (whole or cut short) and nothing but the files of Mura's layout, its layout file
    /// missing, cut short or naming that layout, its extension's settings missing or cut short. A root of another
    /// layout, or one holding anything else, is not.
    private static func isUnfinished(_ root: URL) -> Bool {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: root.path) else { return false }
        if names.isEmpty { return true }
        guard names.contains("0=ocfl_1.1"), Set(names).isSubset(of: ["0=ocfl_1.1", "ocfl_layout.json", "extensions"]),
            ["", "ocfl_1.1\n"].contains(
                manager.contents(atPath: root.appending(path: "0=ocfl_1.1").path).map {
                    String(decoding: $0, as: UTF8.self)
                }
            )
        else { return false }
        guard let layout = json(at: root.appending(path: "ocfl_layout.json")) else { return true }
        return layout["extension"] as? String == layoutName
            && json(at: root.appending(path: "extensions/\(layoutName)/config.json"))?["extensionName"] as? String
                != layoutName
    }

    /// The JSON object in the file at `url`, or `nil` when there is none or it does not parse.
    private static func json(at url: URL) -> [String: Any]? {
        FileManager.default.contents(atPath: url.path).flatMap {
            try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
        }
    }

    /// The object folder for an id: `abc/def/ghi/<encoded id>`, three tuples of the id's SHA-256 and the id with
    /// every character but `A-Za-z0-9-_` percent-encoded (cut at 100 characters plus the digest).
    public func objectPath(for id: String) -> String {
        let digest = Digest.sha256(Data(id.utf8))
        let tuples = (0..<3).map { index -> String in
            let start = digest.index(digest.startIndex, offsetBy: index * 3)
            return String(digest[start..<digest.index(start, offsetBy: 3)])
        }
        var encoded = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        if encoded.count > 100 { encoded = String(encoded.prefix(100)) + "-" + digest }
        return (tuples + [encoded]).joined(separator: "/")
    }

    /// One OCFL version to add: the files of its logical state, and its metadata.
    public struct NewVersion {
        public var key: String
        public var created: Date
        public var message: String
        public var user: (name: String, address: String)
        public var files: [(path: String, data: Data)]

        public init(
            key: String,
            created: Date,
            message: String,
            user: (name: String, address: String),
            files: [(path: String, data: Data)]
        ) {
            self.key = key
            self.created = created
            self.message = message
            self.user = user
            self.files = files
        }
    }

    /// The keys of the versions an object already holds (taken from their messages), or none for a new object.
    public func existingKeys(objectID id: String) throws -> Set<String> {
        guard let inventory = try inventory(for: id), let versions = inventory["versions"] as? [String: Any] else {
            return []
        }
        return Set(
            versions.values.compactMap { ($0 as? [String: Any])?["message"] as? String }.compactMap(
                Self.key(fromMessage:)
            )
        )
    }

    /// Appends versions to the object `id`, creating it when needed. Content already in the object is not stored
    /// again. The inventory is replaced last, so an interrupted update leaves the previous head valid.
    public func append(_ versions: [NewVersion], objectID id: String) throws {
        guard !versions.isEmpty else { return }
        let objectRoot = root.appending(path: objectPath(for: id))
        let manager = FileManager.default
        var inventory =
            try inventory(for: id) ?? [
                "id": id, "type": "https://ocfl.io/1.1/spec/#inventory", "digestAlgorithm": "sha512",
                "contentDirectory": "content", "manifest": [String: [String]](), "versions": [String: Any](),
            ]
        var manifest = inventory["manifest"] as? [String: [String]] ?? [:]
        var allVersions = inventory["versions"] as? [String: Any] ?? [:]
        // Version folders beyond the head are what an interrupted run left: they were never part of the object.
        let head = allVersions.count
        for leftover in (try? manager.contentsOfDirectory(atPath: objectRoot.path)) ?? []
        where leftover.hasPrefix("v") && (Int(leftover.dropFirst()) ?? 0) > head {
            try? manager.removeItem(at: objectRoot.appending(path: leftover))
        }
        var createdFolders: [URL] = []
        let objectExisted = manager.fileExists(atPath: objectRoot.path)
        do {
            if !manager.fileExists(atPath: objectRoot.path) {
                try manager.createDirectory(at: objectRoot, withIntermediateDirectories: true)
            }
            // Written again when an export stopped while writing it left it cut short.
            let declaration = objectRoot.appending(path: "0=ocfl_object_1.1")
            if manager.contents(atPath: declaration.path) != Self.objectDeclaration {
                try Self.objectDeclaration.write(to: declaration)
            }
            for version in versions {
                let name = "v\(allVersions.count + 1)"
                var state: [String: [String]] = [:]
                for file in version.files {
                    let digest = Digest.sha512(file.data)
                    if manifest[digest] == nil {
                        let contentPath = "\(name)/content/\(file.path)"
                        let url = objectRoot.appending(path: contentPath)
                        try manager.createDirectory(
                            at: url.deletingLastPathComponent(),
                            withIntermediateDirectories: true
                        )
                        try file.data.write(to: url)
                        manifest[digest] = [contentPath]
                    }
                    state[digest, default: []].append(file.path)
                }
                createdFolders.append(objectRoot.appending(path: name))
                if !manager.fileExists(atPath: objectRoot.appending(path: name).path) {
                    try manager.createDirectory(at: objectRoot.appending(path: name), withIntermediateDirectories: true)
                }
                allVersions[name] =
                    [
                        "created": ArchiveDate.format(version.created),
                        "message": version.message,
                        "user": ["name": version.user.name, "address": version.user.address],
                        "state": state,
                    ] as [String: Any]
                inventory["head"] = name
                inventory["manifest"] = manifest
                inventory["versions"] = allVersions
                // Each version folder keeps the inventory as it was at that version.
                try writeInventory(inventory, in: objectRoot.appending(path: name))
            }
            try writeInventory(inventory, in: objectRoot)
        } catch {
            // Undo this call: the object keeps its previous head, a new object disappears.
            if objectExisted {
                for folder in createdFolders { try? manager.removeItem(at: folder) }
            } else {
                try? manager.removeItem(at: objectRoot)
            }
            if let error = error as? ArchiveError { throw error }
            throw ArchiveError(
                .writeFailed,
                "Could not update the OCFL object \(id) in \(root.path)",
                underlying: error
            )
        }
    }

    private func inventory(for id: String) throws -> [String: Any]? {
        let file = root.appending(path: objectPath(for: id)).appending(path: "inventory.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["id"] as? String == id
        else {
            throw ArchiveError(
                .writeFailed,
                "\(file.path) is not the inventory of object \(id); the storage root is damaged."
            )
        }
        return object
    }

    private func writeInventory(_ inventory: [String: Any], in folder: URL) throws {
        let data = try Self.json(inventory)
        let digest = Digest.sha512(data)
        let staged = folder.appending(path: ".inventory.json.partial")
        try data.write(to: staged)
        try Data("\(digest)  inventory.json\n".utf8).write(to: folder.appending(path: ".inventory.json.sha512.partial"))
        // rename(2) replaces the old inventory atomically: readers see the old head or the new one.
        for (from, to) in [
            (staged, "inventory.json"),
            (folder.appending(path: ".inventory.json.sha512.partial"), "inventory.json.sha512"),
        ] {
            guard rename(from.path, folder.appending(path: to).path) == 0 else {
                throw ArchiveError(
                    .writeFailed,
                    "Could not replace \(folder.appending(path: to).path): \(String(cString: strerror(errno)))"
                )
            }
        }
    }

    private static func json(_ object: Any) throws -> Data {
        var data = try JSONSerialization.data(
            withJSONObject: object,
            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        )
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Messages read "Mura version <key>, captured ...".
    static func message(key: String, rest: String) -> String { "Mura version \(key), \(rest)" }

    static func key(fromMessage message: String) -> String? {
        guard message.hasPrefix("Mura version ") else { return nil }
        return message.dropFirst("Mura version ".count).split(separator: ",").first.map(String.init)
    }
}
