public import Foundation

/// A ``BundleStore`` in a local folder: `bundles/ab/cd/<version>.tar.zst`, staged in `tmp/`.
public struct FileBundleStore: BundleStore {
    /// The archive folder.
    public let root: URL

    private var stagingFolder: URL { root.appending(path: "tmp", directoryHint: .isDirectory) }

    public init(root: URL) {
        self.root = root
    }

    public func makeStagingURL() throws -> URL {
        try createFolder(stagingFolder)
        return stagingFolder.appending(path: "bundle-\(UUID().uuidString.lowercased()).partial")
    }

    public func commit(staged: URL, as key: String) throws {
        let target = url(for: key)
        let folder = target.deletingLastPathComponent()
        try createFolder(folder)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ArchiveError(.bundleIO, "Bundle \(key) already exists; bundles are never overwritten.")
        }
        guard rename(staged.path, target.path) == 0 else {
            throw ArchiveError(
                .bundleIO,
                "Could not move \(staged.path) to \(target.path): \(String(cString: strerror(errno)))"
            )
        }
        try FileSync.sync(fileAt: folder)
    }

    public func discard(staged: URL) {
        try? FileManager.default.removeItem(at: staged)
    }

    public func withBundle<Result>(at key: String, _ body: (URL) throws -> Result) throws -> Result {
        let file = url(for: key)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ArchiveError(
                .corruptBundle,
                "Bundle \(key) is missing from \(root.path). Restore it from a backup, "
                    + "or run `mura catalog rebuild` to drop versions whose bundles are gone."
            )
        }
        return try body(file)
    }

    public func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: key).path)
    }

    public func remove(_ key: String) throws {
        try FileManager.default.removeItem(at: url(for: key))
    }

    public func allKeys() throws -> [String] {
        let bundles = root.appending(path: "bundles", directoryHint: .isDirectory)
        guard
            let enumerator = FileManager.default.enumerator(
                at: bundles,
                includingPropertiesForKeys: [.isRegularFileKey]
            )
        else { return [] }
        var keys: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let file as URL in enumerator
        where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = file.standardizedFileURL.path
            if path.hasPrefix(prefix) { keys.append(String(path.dropFirst(prefix.count))) }
        }
        return keys.sorted()
    }

    @discardableResult
    public func removeStaleStagingFiles() throws -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingFolder.path)) ?? []
        for name in names {
            try FileManager.default.removeItem(at: stagingFolder.appending(path: name))
        }
        return names.count
    }

    /// The file for a key.
    public func url(for key: String) -> URL {
        root.appending(path: key, directoryHint: .notDirectory)
    }

    private func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ArchiveError(.bundleIO, "Could not create folder \(url.path)", underlying: error)
        }
    }
}
