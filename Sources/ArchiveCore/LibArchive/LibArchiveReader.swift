import CArchive
public import Foundation

/// Reads a tar (plain or compressed) or zip file through libarchive, one entry at a time.
///
/// Every archive Mura reads goes through this type: bundles, and bags being received. Each entry passes one
/// safety check before it is handed out: a plain file or folder whose relative path stays inside the folder it
/// would be unpacked into; anything else stops the reading.
///
/// Not `Sendable`: create and use it inside one function.
///
/// ```swift
/// let reader = try LibArchiveReader(url: bag)
/// while let entry = try reader.next() {
///     if !entry.isFolder { let data = try reader.data() }
/// }
/// ```
public final class LibArchiveReader {
    /// One entry, as its header describes it.
    public struct Entry: Sendable, Equatable {
        /// The path, relative and checked.
        public var path: String
        public var isFolder: Bool
        /// The size the header declares, if it declares one; the data may give more (a damaged or crafted file).
        public var declaredSize: Int?
    }

    private let archive: OpaquePointer
    private let name: String
    private var current: String?
    /// The bytes of an archive read from memory: libarchive reads them in place until `deinit`.
    private var memory: UnsafeMutableRawBufferPointer?

    /// Opens `url`, a tar (compressed in any way ``LibArchiveFilters`` reads) or, unless `tarOnly`, a zip.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file when it cannot be opened or
    ///   is not such a file.
    public init(url: URL, tarOnly: Bool = false) throws {
        Locale.enableUTF8ForLibarchive()
        name = url.lastPathComponent
        guard let archive = archive_read_new() else { throw ArchiveError.unreadableArchive(name, "setup", nil) }
        self.archive = archive
        LibArchiveFilters.enable(on: archive)
        archive_read_support_format_tar(archive)
        if !tarOnly { archive_read_support_format_zip(archive) }
        guard archive_read_open_filename(archive, url.path, 64 * 1024) == ARCHIVE_OK else {
            throw ArchiveError.unreadableArchive(name, "open", archive)
        }
    }

    /// Reads `data`, a tar (compressed in any way ``LibArchiveFilters`` reads) or, unless `tarOnly`, a zip, called `name` in
    /// errors.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming it when it is not such a file.
    public convenience init(data: Data, name: String, tarOnly: Bool = false) throws {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        data.withUnsafeBytes { memory.copyMemory(from: $0) }
        try self.init(
            bytes: UnsafeRawBufferPointer(rebasing: memory[0..<data.count]),
            owning: memory,
            name: name,
            tarOnly: tarOnly
        )
    }

    /// Reads `bytes` in place, which must stay valid as long as the reader is used; `memory`, when given, is
    /// deallocated with the reader.
    private init(
        bytes: UnsafeRawBufferPointer,
        owning memory: UnsafeMutableRawBufferPointer? = nil,
        name: String,
        tarOnly: Bool
    ) throws {
        Locale.enableUTF8ForLibarchive()
        self.name = name
        guard let archive = archive_read_new() else {
            memory?.deallocate()
            throw ArchiveError.unreadableArchive(name, "setup", nil)
        }
        self.archive = archive
        self.memory = memory
        LibArchiveFilters.enable(on: archive)
        archive_read_support_format_tar(archive)
        if !tarOnly { archive_read_support_format_zip(archive) }
        guard archive_read_open_memory(archive, bytes.baseAddress, bytes.count) == ARCHIVE_OK else {
            throw ArchiveError.unreadableArchive(name, "open", archive)
        }
    }

    deinit {
        archive_read_free(archive)
        memory?.deallocate()
    }

    /// The next entry, or `nil` at the end.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file when it is damaged;
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` when the entry is a link or special file, or its path is
    ///   empty, absolute or climbs with `..`.
    public func next() throws -> Entry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            throw ArchiveError.unreadableArchive(name, "header", archive)
        }
        let path = archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? ""
        let isFolder = try EntryName.check(entry, path: path, in: name)
        current = path
        let size = archive_entry_size_is_set(entry) != 0 ? max(0, Int(archive_entry_size(entry))) : nil
        return Entry(path: path, isFolder: isFolder, declaredSize: size)
    }

    /// Reads the next block of the current entry's data into `buffer`.
    ///
    /// - Returns: The number of bytes read; 0 at the end of the entry.
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file and the entry.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw ArchiveError.unreadableArchive(name, "data of \(current ?? "")", archive) }
        return count
    }

    /// The current entry's data, all of it.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file and the entry.
    public func data(declaredSize: Int? = nil) throws -> Data {
        // The header's size is only a claim, which a damaged file can make absurd: reserve at most 16 MiB.
        var data = Data(capacity: min(declaredSize ?? 0, 1 << 24))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return data }
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Every regular file of the tar or zip at `url`, in order; folders are skipped.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the file when it is damaged;
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` for an unsafe entry.
    public static func files(at url: URL, tarOnly: Bool = false) throws -> [BagFile] {
        try LibArchiveReader(url: url, tarOnly: tarOnly).files()
    }

    /// Every regular file of the tar or zip in `data`, called `name` in errors, in order; folders are skipped.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming it when it is damaged;
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` for an unsafe entry.
    public static func files(in data: Data, name: String, tarOnly: Bool = false) throws -> [BagFile] {
        try LibArchiveReader(data: data, name: name, tarOnly: tarOnly).files()
    }

    /// The regular file at `path` in the tar in `data` (called `name` in errors), read alone when it holds exactly
    /// `size` bytes: the entries before it are skipped unread, and it is read no further than `size`; `nil` when
    /// there is no such file, or its size is another.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming it when it is damaged;
    ///   ``ArchiveError/Code-swift.struct/invalidBag`` for an unsafe entry.
    public static func file(_ path: String, size: Int, in data: Data, name: String) throws -> Data? {
        try data.withUnsafeBytes { bytes in
            let reader = try LibArchiveReader(bytes: bytes, name: name, tarOnly: true)
            while let entry = try reader.next() {
                guard !entry.isFolder, entry.path == path else { continue }
                guard entry.declaredSize == size else { return nil }
                return try reader.data(exactly: size)
            }
            return nil
        }
    }

    /// The current entry's data when it is exactly `size` bytes, read no further than one byte past them; `nil`
    /// otherwise.
    private func data(exactly size: Int) throws -> Data? {
        var data = Data(count: size + 1)
        var filled = 0
        while filled <= size {
            let count = try data.withUnsafeMutableBytes { buffer in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        guard filled == size else { return nil }
        data.count = size
        return data
    }

    /// The regular files from here to the end.
    private func files() throws -> [BagFile] {
        var files: [BagFile] = []
        while let entry = try next() {
            if entry.isFolder { continue }
            files.append(BagFile(path: entry.path, data: try data(declaredSize: entry.declaredSize)))
        }
        return files
    }
}
