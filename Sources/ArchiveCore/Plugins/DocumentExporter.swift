public import Foundation

/// Renders a stored version of a document in a format (plain text, HTML, JSON).
public protocol DocumentExporter: Sendable {
    /// What this exporter writes; ``PluginDescriptor/fileExtensions`` names the rendering's extension.
    var descriptor: PluginDescriptor { get }

    /// Renders one version.
    func export(_ request: ExportRequest) throws -> Data
}

/// The input to ``DocumentExporter/export(_:)``.
public struct ExportRequest: Sendable {
    /// The normalized document.
    public var document: Document
    /// The version it was stored as, when it comes from the archive.
    public var version: Version?

    public init(document: Document, version: Version? = nil) {
        self.document = document
        self.version = version
    }
}
