public import ArchiveCore

extension DocumentFormat {
    /// JSON: Mura document JSON, JSON Feed 1.1, WordPress REST API posts, schema.org articles.
    public static let json = DocumentFormat("json")
}
