import CArchive
public import Foundation

/// Reads a file, or an entry of a zip or tar being read, as one stream of bytes through libarchive: decompressed
/// when libarchive recognises its compression (gzip, also as a series of members, bzip2, xz, zstd), else as it is.
/// A WARC file is read this way, one block at a time, however large it is.
///
/// Not `Sendable`: create and use it inside one function.
public final class LibArchiveStream {
    private let archive: OpaquePointer
    private let name: String
    /// The entry being read, when the stream is an entry of another archive (kept alive while libarchive reads it).
    private var upstream: Upstream?
    /// The bytes of a stream read from memory: libarchive reads them in place until `deinit`.
    private var memory: UnsafeMutableRawBufferPointer?

    /// Opens the file at `url`, called `name` in errors.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unreadableInput`` naming it when it cannot be opened.
    public init(url: URL, name: String) throws {
        self.name = name
        archive = try Self.newArchive(name)
        guard archive_read_open_filename(archive, url.path, 64 * 1024) == ARCHIVE_OK else {
            throw failure(archive, "open")
        }
        try start()
    }

    /// Opens `data`, called `name` in errors.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming it when it cannot be read.
    public init(data: Data, name: String) throws {
        self.name = name
        archive = try Self.newArchive(name)
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        data.withUnsafeBytes { memory.copyMemory(from: $0) }
        self.memory = memory
        guard archive_read_open_memory(archive, memory.baseAddress, data.count) == ARCHIVE_OK else {
            throw failure(archive, "open")
        }
        try start()
    }

    /// Every byte of the stream, up to `limit` decompressed bytes.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/inputTooLarge`` past the limit; what ``read(into:)`` throws.
    public func readAll(limit: Int) throws -> Data {
        var data = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while case let count = try read(into: buffer), count > 0 {
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            guard data.count <= limit else {
                throw ArchiveError(.inputTooLarge, "\(name) is larger than \(limit >> 20) MB once decompressed.")
            }
        }
        return data
    }

    /// Opens the current entry of `reader`, called `name` in errors; read it before moving `reader` on.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming it when its data cannot be read.
    public init(entryOf reader: LibArchiveReader, name: String) throws {
        self.name = name
        archive = try Self.newArchive(name)
        let upstream = Upstream(reader: reader)
        self.upstream = upstream
        let opened = archive_read_open(
            archive,
            Unmanaged.passUnretained(upstream).toOpaque(),
            nil,
            { _, client, buffer in
                let upstream = Unmanaged<Upstream>.fromOpaque(client!).takeUnretainedValue()
                do {
                    let count = try upstream.reader.read(into: upstream.buffer)
                    buffer?.pointee = UnsafeRawPointer(upstream.buffer.baseAddress)
                    return la_ssize_t(count)
                } catch {
                    upstream.failure = error
                    return -1
                }
            },
            nil
        )
        guard opened == ARCHIVE_OK
        else {
            throw upstream.failure ?? failure(archive, "open")
        }
        try start()
    }

    deinit {
        archive_read_free(archive)
        memory?.deallocate()
    }

    /// Reads the next block into `buffer`.
    ///
    /// - Returns: The number of bytes read; 0 at the end.
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the stream when its data is damaged.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        guard count >= 0 else { throw upstream?.failure ?? failure(archive, "data") }
        return count
    }

    private static func newArchive(_ name: String) throws -> OpaquePointer {
        Locale.enableUTF8ForLibarchive()
        guard let archive = archive_read_new() else {
            throw ArchiveError(.undecodableInput, "\(name) could not be read (libarchive could not start).")
        }
        LibArchiveFilters.enable(on: archive)
        archive_read_support_format_raw(archive)
        return archive
    }

    /// Moves to the stream's one entry (an empty file has none: it reads as no bytes).
    private func start() throws {
        var entry: OpaquePointer?
        let status = archive_read_next_header(archive, &entry)
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN || status == ARCHIVE_EOF else {
            throw upstream?.failure ?? failure(archive, "header")
        }
    }

    private func failure(_ archive: OpaquePointer, _ step: String) -> ArchiveError {
        ArchiveError(
            .undecodableInput,
            "\(name) could not be read (\(step): \(ArchiveError.libarchiveDetail(archive))); a complete, undamaged "
                + "copy is needed."
        )
    }

    /// The entry of another archive that libarchive reads through the callback, and the block it last handed over.
    private final class Upstream {
        let reader: LibArchiveReader
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        var failure: (any Error)?

        init(reader: LibArchiveReader) {
            self.reader = reader
        }

        deinit {
            buffer.deallocate()
        }
    }
}
