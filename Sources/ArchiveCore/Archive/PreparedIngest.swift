import Foundation

/// An input read into documents with their ids, ready for ``Archive/store(_:)``: what ``Archive/prepare(_:registry:)``
/// makes, on as many inputs at once as there are cores.
public struct PreparedIngest: Sendable {
    var documents: [Archive.PreparedDocument]
    var capturedAt: Date?
    /// Whether new versions are catalogued without their search terms, left for the archive's next open to index.
    var defersSearchIndex = false

    /// How many documents the input holds.
    public var count: Int { documents.count }
}
