public import Foundation

/// Whether a path the user names for output lies inside an archive's folder, where the archive's own files are and
/// where its housekeeping (clearing `tmp/`, rebuilding from `bundles/`) would take or break what is written.
public enum ArchiveFolderBounds {
    /// Whether `path`, which may not exist yet, is inside `archive` or is `archive` itself; links in the folders on
    /// the way are followed, as the file system will.
    public static func contains(_ path: URL, archive: URL) -> Bool {
        let root = archive.resolvingSymlinksInPath().path
        let resolved = path.deletingLastPathComponent().resolvingSymlinksInPath()
            .appending(path: path.lastPathComponent).path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return resolved == root || resolved.hasPrefix(prefix)
    }
}
