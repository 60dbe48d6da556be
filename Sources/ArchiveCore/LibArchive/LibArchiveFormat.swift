/// The container libarchive writes or reads, and its compression.
public enum LibArchiveFormat: Sendable, Equatable {
    /// A pax tar, optionally compressed; `level` is the filter's level, or its default when `nil`.
    case tar(BundleCompression.Algorithm?, level: Int? = nil)
    case zip
    /// The bytes of one entry as one gzip member with no name or time in its header: a WARC record.
    case gzipMember

    /// The format for a file name ending in `.tar`, `.tar.zst`, `.tar.gz`, `.tar.xz` or `.zip`.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        if name.hasSuffix(".zip") {
            self = .zip
        } else if name.hasSuffix(".tar") {
            self = .tar(nil)
        } else if let algorithm = BundleCompression.Algorithm.allCases.first(where: {
            name.hasSuffix("." + $0.fileExtension)
        }) {
            self = .tar(algorithm)
        } else {
            return nil
        }
    }

    /// The bundle format: a pax tar with the archive's compression filter and level.
    public static func bundle(_ compression: BundleCompression) -> Self {
        .tar(compression.algorithm, level: compression.level)
    }
}
