import CArchive

/// The compressions Mura reads through libarchive: only those libarchive decodes itself, in the process.
///
/// `archive_read_support_filter_all` also enables filters that start an external program (`lrzip`, `lzop`,
/// `grzip`, and `gzip`, `xz` or `zstd` when libarchive was built without their library), so a crafted bag, WARC
/// or sitemap could make Mura run a program found on the `PATH`. Each filter here is enabled only when libarchive
/// has its library; data in another compression is read as it is (and then refused as not a tar, a zip or a WARC).
enum LibArchiveFilters {
    /// Enables the in-process decompression filters on a reader.
    static func enable(on archive: OpaquePointer) {
        // compress (.Z) is libarchive's own code.
        archive_read_support_filter_compress(archive)
        if archive_zlib_version() != nil { archive_read_support_filter_gzip(archive) }
        if archive_bzlib_version() != nil { archive_read_support_filter_bzip2(archive) }
        if archive_liblzma_version() != nil {
            archive_read_support_filter_xz(archive)
            archive_read_support_filter_lzma(archive)
            archive_read_support_filter_lzip(archive)
        }
        if archive_libzstd_version() != nil { archive_read_support_filter_zstd(archive) }
        if archive_liblz4_version() != nil { archive_read_support_filter_lz4(archive) }
    }
}
