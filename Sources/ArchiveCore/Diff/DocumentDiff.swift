public import Foundation

/// What changed between two versions of a document, on their normalized documents: the metadata fields that differ,
/// and the paragraphs removed, added or changed (with the changed words marked).
///
/// Paragraphs are matched with the standard library's `CollectionDifference`; a removed paragraph and an added one
/// at the same place that share at least a third of their words are one changed paragraph, whose words are matched
/// the same way.
public struct DocumentDiff: Codable, Hashable, Sendable {
    /// One side of the comparison.
    public struct Side: Codable, Hashable, Sendable {
        public var versionID: String
        public var capturedAt: Date

        public init(_ version: Version) {
            versionID = version.id
            capturedAt = version.capturedAt
        }
    }

    /// A metadata field whose value differs; `nil` where a side has none.
    public struct FieldChange: Codable, Hashable, Sendable {
        public var field: String
        public var from: String?
        public var to: String?
    }

    /// A paragraph that is not the same on both sides.
    public struct ParagraphChange: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case removed, added, changed
        }

        public var kind: Kind
        /// Its position (from 1) among the paragraphs of the older side (removed, changed) and the newer (added,
        /// changed).
        public var fromParagraph: Int?
        public var toParagraph: Int?
        /// The words in order: kept, removed or added (a removed or added paragraph is one run).
        public var words: [WordRun]
    }

    /// Consecutive words that were kept, removed or added.
    public struct WordRun: Codable, Hashable, Sendable {
        public enum Kind: String, Codable, Sendable {
            case same, removed, added
        }

        public var kind: Kind
        public var text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public var documentID: String
    public var from: Side
    public var to: Side
    public var fields: [FieldChange]
    public var paragraphs: [ParagraphChange]
    /// The share of words removed or added, of the words of both sides (0: the same text, 1: nothing in common).
    public var changedShare: Double

    /// Whether the two sides have the same metadata and text.
    public var isEmpty: Bool { fields.isEmpty && paragraphs.isEmpty }

    /// Compares two versions' normalized documents.
    public init(from old: Version, _ oldDocument: Document, to new: Version, _ newDocument: Document) {
        documentID = new.documentID
        from = Side(old)
        to = Side(new)
        fields = Self.fieldChanges(oldDocument, newDocument)
        let text = TextComparison(old: oldDocument.blocks.map(\.text), new: newDocument.blocks.map(\.text))
        paragraphs = text.changes
        changedShare = text.changedShare
        // Originals that differ where nothing read from them does (a file no importer reads, a page whose changes
        // were all in its menus): the diff says so rather than showing nothing.
        if fields.isEmpty, paragraphs.isEmpty, old.sha256 != new.sha256 {
            let original = { (version: Version) in "\(version.size) bytes, SHA-256 \(version.sha256.prefix(16))…" }
            fields.append(FieldChange(field: "original", from: original(old), to: original(new)))
        }
    }

    private static func fieldChanges(_ old: Document, _ new: Document) -> [FieldChange] {
        let date = { (value: Date?) in value.map(ArchiveDate.formatPrecise) }
        let authors = { (value: [String]) in value.isEmpty ? nil : value.joined(separator: "; ") }
        let pairs: [(String, String?, String?)] = [
            ("title", old.title, new.title),
            ("published", date(old.published), date(new.published)),
            ("updated", date(old.updated), date(new.updated)),
            ("language", old.language, new.language),
            ("authors", authors(old.authors), authors(new.authors)),
            ("source", old.source, new.source),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { FieldChange(field: $0.0, from: $0.1, to: $0.2) }
    }
}
