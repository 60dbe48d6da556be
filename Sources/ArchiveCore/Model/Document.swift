public import Foundation

/// A publication in normalized form: what an importer makes of the original bytes.
///
/// Its JSON encoding (see ``Document/encoder``) is "Mura document JSON", stored in every bundle as
/// `data/document.json`.
public struct Document: Codable, Hashable, Sendable {
    /// The stable document id; empty until the archive assigns one.
    public var id: String
    /// The source URL, when known.
    public var source: String?
    /// The title.
    public var title: String?
    /// When the publication says it was first published.
    public var published: Date?
    /// When the publication says it was last updated.
    public var updated: Date?
    /// The language of the main text as a BCP 47 tag (`en`, `ru`, `kk`), when known.
    public var language: String?
    /// The authors, in the order the publication lists them.
    public var authors: [String]
    /// The main text as blocks in reading order.
    public var blocks: [TextBlock]
    /// Links found in the main text.
    public var links: [Link]
    /// Format-specific metadata that has no field of its own.
    public var metadata: [String: String]

    public init(
        id: String = "",
        source: String? = nil,
        title: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        language: String? = nil,
        authors: [String] = [],
        blocks: [TextBlock] = [],
        links: [Link] = [],
        metadata: [String: String] = [:]
    ) {
        self.id = id
        self.source = source
        self.title = title
        self.published = published
        self.updated = updated
        self.language = language
        self.authors = authors
        self.blocks = blocks
        self.links = links
        self.metadata = metadata
    }

    /// The main text as plain text: the blocks separated by blank lines.
    public var text: String {
        blocks.map(\.text).joined(separator: "\n\n")
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        source = try container.decodeIfPresent(String.self, forKey: .source)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        published = try container.decodeIfPresent(Date.self, forKey: .published)
        updated = try container.decodeIfPresent(Date.self, forKey: .updated)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        authors = try container.decodeIfPresent([String].self, forKey: .authors) ?? []
        blocks = try container.decodeIfPresent([TextBlock].self, forKey: .blocks) ?? []
        links = try container.decodeIfPresent([Link].self, forKey: .links) ?? []
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
    }
}

extension Document {
    /// One block of main text.
    public struct TextBlock: Codable, Hashable, Sendable {
        /// The role of a block.
        public struct Kind: RawRepresentable, Codable, Hashable, Sendable {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }

            public static let heading = Kind(rawValue: "heading")
            public static let paragraph = Kind(rawValue: "paragraph")
            public static let listItem = Kind(rawValue: "list-item")
            public static let tableRow = Kind(rawValue: "table-row")
            /// Preformatted text (a program's code, a terminal's output): its lines and indentation are kept.
            public static let code = Kind(rawValue: "code")
        }

        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// A link of the main text.
    public struct Link: Codable, Hashable, Sendable {
        public var url: String
        public var text: String?

        public init(url: String, text: String? = nil) {
            self.url = url
            self.text = text
        }
    }
}

extension Document {
    /// The encoder for Mura document JSON: sorted keys, ISO 8601 UTC dates.
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ArchiveDate.encodingStrategy()
        return encoder
    }

    /// The decoder for Mura document JSON.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ArchiveDate.parseStored(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not an ISO 8601 date"
                )
            }
            return date
        }
        return decoder
    }
}
