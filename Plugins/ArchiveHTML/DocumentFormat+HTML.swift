public import ArchiveCore

extension DocumentFormat {
    /// HTML web pages (`text/html`, `.html`, `.htm`).
    public static let html = DocumentFormat("html")
}

extension DocumentImporter where Self == HTMLImporter {
    /// The HTML importer.
    public static var html: Self { .init() }
}

extension DocumentExporter where Self == HTMLExporter {
    /// The HTML page exporter.
    public static var html: Self { .init() }
}
