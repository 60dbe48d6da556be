public import ArchiveCore

extension DocumentFormat {
    /// Plain text (`text/plain`, `.txt`).
    public static let plainText = DocumentFormat("text")
}

extension DocumentImporter where Self == PlainTextImporter {
    /// The plain-text importer.
    public static var plainText: Self { .init() }
}

extension DocumentExporter where Self == PlainTextExporter {
    /// The plain-text exporter.
    public static var plainText: Self { .init() }
}
