import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bundles of an archive folder, `bundles/ab/cd/<version>.tar.zst`, staged in `tmp/`: the file operations of
/// ``FileBundleStore``, each of which blocks the calling thread.
struct BundleFolder: Sendable {
    /// The archive folder.
    let root: URL

    private var stagingFolder: URL { root.appending(path: "tmp", directoryHint: .isDirectory) }

    init(root: URL) {
        self.root = root
    }

    func makeStagingURL() throws -> URL {
        try createFolder(stagingFolder)
        // The writer's process id is part of the name, so cleaning up never touches a live writer's file.
        return stagingFolder.appending(path: "bundle-\(getpid())-\(UUID().uuidString.lowercased()).partial")
    }

    private func makeStagingURL(for key: String) throws -> URL {
        try createFolder(stagingFolder)
        // The key is part of the name ("/" as "~"), so a commit the catalog never saw can be found after a crash.
        let name = key.replacingOccurrences(of: "/", with: "~")
        return stagingFolder.appending(path: "bundle-\(getpid())-\(name).partial")
    }

    func stage(_ data: Data, for key: String) throws -> URL {
        let staged = try makeStagingURL(for: key)
        // A write that fails removes its own file; a file already there (an interrupted commit's record) stays.
        do {
            try FileSync.write(data, to: staged)
        } catch var error as ArchiveError where error.code == .writeFailed {
            // The archive's own file, not an output the user named: a failure to store (exit 74, not 73).
            error.code = .bundleIO
            throw error
        }
        return staged
    }

    func commit(staged: URL, as key: String) throws {
        let target = url(for: key)
        let folder = target.deletingLastPathComponent()
        let created = try createFolders(folder)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw ArchiveError(.bundleIO, "Bundle \(key) already exists; bundles are never overwritten.")
        }
        // A second name for the staged file, not a move: the staged name records the commit until the catalog has
        // the version (see interruptedCommits()). link() also never replaces an existing bundle.
        guard link(staged.path, target.path) == 0 else {
            throw ArchiveError(
                .bundleIO,
                "Could not link \(staged.path) to \(target.path): \(String(cString: strerror(errno)))"
            )
        }
        do {
            // The new name, and every folder created for it, must reach the disk before the catalog row does.
            try FileSync.sync(fileAt: folder)
            for created in created { try FileSync.sync(fileAt: created.deletingLastPathComponent()) }
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw error
        }
    }

    func discard(staged: URL) {
        try? FileManager.default.removeItem(at: staged)
    }

    func data(at key: String) throws -> Data {
        let file = try existingFile(key)
        do {
            return try Data(contentsOf: file)
        } catch {
            throw ArchiveError(.bundleIO, "Could not read bundle \(key) from \(root.path)", underlying: error)
        }
    }

    func size(of key: String) throws -> Int {
        let file = try existingFile(key)
        do {
            return try file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        } catch {
            throw ArchiveError(.bundleIO, "Could not read the size of bundle \(key)", underlying: error)
        }
    }

    /// The file of the bundle at `key`, which must exist.
    private func existingFile(_ key: String) throws -> URL {
        let file = url(for: key)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ArchiveError(
                .corruptBundle,
                "Bundle \(key) is missing from \(root.path). Restore it from a backup, "
                    + "or run `mura catalog rebuild` to drop versions whose bundles are gone."
            )
        }
        return file
    }

    func contains(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: url(for: key).path)
    }

    func remove(_ key: String) throws {
        try FileManager.default.removeItem(at: url(for: key))
    }

    func allKeys() throws -> [String] {
        let extensions = BundleCompression.Algorithm.allCases.map { "." + $0.fileExtension }
        return try keys(withPrefix: "bundles/").filter { key in extensions.contains(where: key.hasSuffix) }
    }

    /// The regular files under the folder that `prefix` names (up to its last `/`) whose keys start with `prefix`.
    func keys(withPrefix prefix: String) throws -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folderPath = String(prefix[..<(slash ?? prefix.startIndex)])
        let namePrefix = String(prefix[(slash.map(prefix.index(after:)) ?? prefix.startIndex)...])
        guard !namePrefix.isEmpty else { return walkedKeys(withPrefix: prefix, in: root.appending(path: folderPath)) }
        // A prefix that ends inside a name (a version's bundles): the names of one folder are enough, without a walk
        // of it (and a look-up of every file's owner).
        let folder = root.appending(path: folderPath)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var keys: [String] = []
        for name in names where name.hasPrefix(namePrefix) && !name.hasPrefix(".") {
            var info = stat()
            guard lstat(folder.appending(path: name).path, &info) == 0 else { continue }
            let key = folderPath.isEmpty ? name : folderPath + "/" + name
            switch info.st_mode & S_IFMT {
            case S_IFREG: keys.append(key)
            case S_IFDIR: keys += walkedKeys(withPrefix: prefix, in: folder.appending(path: name))
            default: continue
            }
        }
        return keys.sorted()
    }

    /// The keys of the regular files under `folder` that start with `prefix`, sorted.
    private func walkedKeys(withPrefix prefix: String, in folder: URL) -> [String] {
        guard
            let enumerator = FileManager.default.enumerator(
                at: folder,
                includingPropertiesForKeys: [.isRegularFileKey],
                options: [.skipsHiddenFiles]
            )
        else { return [] }
        var keys: [String] = []
        let rootPath = root.standardizedFileURL.path + "/"
        for case let file as URL in enumerator
        where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = file.standardizedFileURL.path
            if path.hasPrefix(rootPath), path.dropFirst(rootPath.count).hasPrefix(prefix) {
                keys.append(String(path.dropFirst(rootPath.count)))
            }
        }
        return keys.sorted()
    }

    @discardableResult
    func removeStaleStagingFiles() throws -> Int {
        let committed = Set(try interruptedCommits().map(\.staged.lastPathComponent))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingFolder.path)) ?? []
        var removed = 0
        for name in names where !committed.contains(name) && !Self.ownerIsAlive(name) {
            try FileManager.default.removeItem(at: stagingFolder.appending(path: name))
            removed += 1
        }
        return removed
    }

    func interruptedCommits() throws -> [(staged: URL, key: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: stagingFolder.path)) ?? []
        return names.sorted().compactMap { name in
            guard name.hasSuffix(".partial"), name.contains("~"), !Self.ownerIsAlive(name) else { return nil }
            // bundle-<pid>-<key with ~ for />.partial
            let parts = name.dropLast(".partial".count).split(separator: "-", maxSplits: 2)
            guard parts.count == 3 else { return nil }
            let key = parts[2].replacingOccurrences(of: "~", with: "/")
            guard key.hasPrefix("bundles/") || key.hasPrefix(ReextractedDocument.folder), !key.contains(".."),
                contains(key)
            else { return nil }
            return (stagingFolder.appending(path: name), key)
        }
    }

    /// Whether the process named in a staging file name (`bundle-<pid>-<uuid>.partial`) is still running.
    private static func ownerIsAlive(_ name: String) -> Bool {
        let parts = name.split(separator: "-")
        guard parts.count > 2, let pid = pid_t(parts[1]), pid != getpid() else { return false }
        return ProcessLiveness.isRunning(pid)
    }

    /// The file for a key.
    private func url(for key: String) -> URL {
        root.appending(path: key, directoryHint: .notDirectory)
    }

    private func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ArchiveError(.bundleIO, "Could not create folder \(url.path)", underlying: error)
        }
    }

    /// Creates `url` and any missing parents; returns the folders that were created, deepest first.
    private func createFolders(_ url: URL) throws -> [URL] {
        var missing: [URL] = []
        var current = url
        while !FileManager.default.fileExists(atPath: current.path), current.path.count > root.path.count {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        // Most bundles go into a folder that exists: asking for it again costs a walk of the whole path. Something
        // else in its place is left to createDirectory, which says so.
        var isFolder: ObjCBool = false
        if !missing.isEmpty || !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            || !isFolder.boolValue
        {
            try createFolder(url)
        }
        return missing
    }
}
