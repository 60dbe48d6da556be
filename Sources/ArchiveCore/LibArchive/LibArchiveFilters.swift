import CArchive

/// The compressions Mura reads through libarchive: only those libarchive decodes itself, in the process.
///
/// `archive_read_support_filter_all` also enables filters that start an external program (`lrzip`, `lzop`,
/// `grzip`, and `gzip`, `xz` or `zstd` when libarchive was built without their library), so a crafted bag, WARC
/// or sitemap could make Mura run a program found on the `PATH`. A filter is enabled here only when libarchive
/// enables it without a warning, which it gives when it would run a program; data in another compression is read as
/// it is (and then refused as not a tar, a zip or a WARC).
enum LibArchiveFilters {
    /// A decompression filter Mura may read with.
    enum Filter: CaseIterable, Sendable {
        case compress, gzip, bzip2, xz, lzma, lzip, zstd, lz4

        func enable(on archive: OpaquePointer) -> Int32 {
            switch self {
            case .compress: archive_read_support_filter_compress(archive)
            case .gzip: archive_read_support_filter_gzip(archive)
            case .bzip2: archive_read_support_filter_bzip2(archive)
            case .xz: archive_read_support_filter_xz(archive)
            case .lzma: archive_read_support_filter_lzma(archive)
            case .lzip: archive_read_support_filter_lzip(archive)
            case .zstd: archive_read_support_filter_zstd(archive)
            case .lz4: archive_read_support_filter_lz4(archive)
            }
        }
    }

    /// The filters this machine's libarchive runs in the process, each tried once on a reader of its own.
    static let inProcess: [Filter] = Filter.allCases.filter { filter in
        guard let scratch = archive_read_new() else { return false }
        defer { archive_read_free(scratch) }
        return filter.enable(on: scratch) == ARCHIVE_OK
    }

    /// Enables the in-process decompression filters on a reader.
    static func enable(on archive: OpaquePointer) {
        for filter in inProcess { _ = filter.enable(on: archive) }
    }
}
