/// What the search index holds of a version: its title and main text.
public struct IndexedText: Hashable, Sendable {
    public var title: String
    public var body: String

    public init(title: String?, body: String) {
        self.title = title ?? ""
        self.body = body
    }

    /// The title and main text of a normalized document.
    public init(_ document: Document) {
        self.init(title: document.title, body: document.text)
    }
}
