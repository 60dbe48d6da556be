import ArchiveCore
import ArchiveText
import Foundation

/// Recognises the JSON forms the importer reads and turns each entry into a ``Document``.
struct JSONDocumentReader {
    /// One document's worth of JSON, with the form it was recognised as.
    struct Entry {
        enum Form {
            case mura
            case feedItem(feed: [String: Any])
            case wordpress
            case schemaArticle
        }

        var form: Form
        var value: [String: Any]
    }

    var html: (any DocumentImporter)?
    var name: String

    /// The entries of a parsed JSON value.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/undecodableInput`` naming the input and the forms accepted.
    func entries(of root: Any) throws -> [Entry] {
        if let array = root as? [Any] {
            return try array.enumerated().flatMap { position, element -> [Entry] in
                guard let object = element as? [String: Any], let entry = Self.entry(object) else {
                    throw unrecognised("item \(position + 1) of the array")
                }
                return [entry]
            }
        }
        guard let object = root as? [String: Any] else { throw unrecognised("the top-level value") }
        if let version = object["version"] as? String, version.contains("jsonfeed.org/version/") {
            let items = object["items"] as? [[String: Any]] ?? []
            return items.map { Entry(form: .feedItem(feed: object), value: $0) }
        }
        if let graph = object["@graph"] as? [[String: Any]] {
            let articles = graph.compactMap(Self.entry).filter {
                if case .schemaArticle = $0.form { return true }
                return false
            }
            if !articles.isEmpty { return articles }
        }
        guard let entry = Self.entry(object) else { throw unrecognised("the top-level object") }
        return [entry]
    }

    private static func entry(_ object: [String: Any]) -> Entry? {
        if object["blocks"] is [Any], object["id"] != nil || object["title"] != nil {
            return Entry(form: .mura, value: object)
        }
        if (object["title"] as? [String: Any])?["rendered"] != nil
            || (object["content"] as? [String: Any])?["rendered"] != nil
        {
            return Entry(form: .wordpress, value: object)
        }
        let types = (object["@type"] as? String).map { [$0] } ?? (object["@type"] as? [String] ?? [])
        if types.contains(where: schemaArticleTypes.contains) {
            return Entry(form: .schemaArticle, value: object)
        }
        return nil
    }

    private static let schemaArticleTypes: Set<String> = [
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "ScholarlyArticle", "TechArticle", "Report", "LiveBlogPosting", "SocialMediaPosting",
    ]

    private func unrecognised(_ what: String) -> ArchiveError {
        ArchiveError(
            .undecodableInput,
            "\(name): \(what) is JSON but none of the forms the JSON importer reads: a Mura document (with "
                + "\"blocks\"), a JSON Feed 1.1, WordPress REST API posts (\"title\": {\"rendered\": ...}), or a "
                + "schema.org Article/NewsArticle."
        )
    }

    /// The document of one entry.
    func document(from entry: Entry) throws -> Document {
        let object = entry.value
        switch entry.form {
        case .mura:
            do {
                let data = try JSONSerialization.data(withJSONObject: object)
                return try Document.decoder.decode(Document.self, from: data)
            } catch {
                throw ArchiveError(
                    .undecodableInput,
                    "\(name) looks like a Mura document but a field is malformed: \(Self.describe(error)).",
                    underlying: error
                )
            }
        case .feedItem(let feed):
            var document = try body(html: object["content_html"] as? String, text: object["content_text"] as? String)
            document.source = string(object["url"]) ?? string(object["external_url"])
            if document.source == nil { document.id = string(object["id"]) ?? "" }
            document.title = string(object["title"]) ?? document.title
            document.published = date(object["date_published"])
            document.updated = date(object["date_modified"])
            document.language = string(object["language"]) ?? string(feed["language"]) ?? document.language
            let authors =
                (object["authors"] as? [[String: Any]]) ?? (object["author"] as? [String: Any]).map { [$0] }
                ?? (feed["authors"] as? [[String: Any]]) ?? []
            document.authors = authors.compactMap { string($0["name"]) }
            return document
        case .wordpress:
            var document = try body(html: (object["content"] as? [String: Any])?["rendered"] as? String, text: nil)
            document.source = string(object["link"])
            document.title = try (object["title"] as? [String: Any])?["rendered"].flatMap(string).map(inlineText)
            document.published = date(object["date_gmt"]) ?? date(object["date"])
            document.updated = date(object["modified_gmt"]) ?? date(object["modified"])
            if document.source == nil, let id = object["id"] { document.id = "wordpress/\(id)" }
            return document
        case .schemaArticle:
            var document = try body(html: nil, text: string(object["articleBody"]) ?? string(object["text"]))
            document.source = string(object["url"]) ?? Self.identifier(object["mainEntityOfPage"])
            document.title = string(object["headline"]) ?? string(object["name"])
            document.published = date(object["datePublished"]) ?? date(object["dateCreated"])
            document.updated = date(object["dateModified"])
            document.language = string(object["inLanguage"]) ?? document.language
            document.authors = Self.names(object["author"])
            return document
        }
    }

    /// A document whose blocks come from an HTML fragment (through the HTML importer) or plain text.
    private func body(html fragment: String?, text: String?) throws -> Document {
        if let fragment, !fragment.isEmpty, let html {
            let request = ImportRequest(data: Data(fragment.utf8), name: name, isFragment: true)
            if let document = try? html.importDocuments(request).first?.document {
                return Document(language: document.language, blocks: document.blocks, links: document.links)
            }
        }
        let source = text ?? fragment ?? ""
        let paragraphs = source.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let plain = paragraphs.joined(separator: " ")
        return Document(
            language: LanguageGuess.language(of: plain),
            blocks: paragraphs.map { Document.TextBlock(.paragraph, $0) }
        )
    }

    /// "Caf&eacute; &#8217;" → "Café ’", through the HTML importer when there is one.
    private func inlineText(_ fragment: String) throws -> String {
        guard fragment.contains("&") || fragment.contains("<"), let html else { return fragment }
        let request = ImportRequest(data: Data("<p>\(fragment)</p>".utf8), name: name, isFragment: true)
        return (try? html.importDocuments(request).first?.document.text) ?? fragment
    }

    private func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func date(_ value: Any?) -> Date? {
        string(value).flatMap { DateText.firstDate(in: $0) }
    }

    private static func identifier(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? [String: Any])?["@id"] as? String
    }

    private static func names(_ value: Any?) -> [String] {
        switch value {
        case let name as String: return [name]
        case let object as [String: Any]: return (object["name"] as? String).map { [$0] } ?? []
        case let array as [Any]: return array.flatMap(names)
        default: return []
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return "\(path.isEmpty ? "document" : path): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
