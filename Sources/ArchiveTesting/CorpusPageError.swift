/// A page of the shared corpus that could not be unpacked (``SharedData/corpusPage(_:)``).
public struct CorpusPageError: Error, Sendable, CustomStringConvertible {
    /// The page's gzipped file under `corpus/`.
    public let path: String
    /// What `gzip` said.
    public let message: String

    public var description: String { "cannot unpack corpus/\(path): \(message); is ../shared complete?" }
}
