import ArchiveCore
import Foundation

/// A parsed page read into a ``Document``: metadata, dates, main text and its links.
struct HTMLPage {
    var document: Document

    init(tree: HTMLTree, sourceURL: String?, isFragment: Bool = false) {
        let boilerplate = HTMLBoilerplate(tree)
        let metadata = HTMLMetadata(tree, boilerplate: boilerplate)
        let source = sourceURL ?? metadata.canonicalURL
        let dates = HTMLDates(tree, metadata: metadata, boilerplate: boilerplate, url: source)
        let extractor = MainTextExtractor(tree: tree, boilerplate: boilerplate)
        var (blocks, roots) = extractor.extract(wholeBody: isFragment)
        if let first = blocks.first, first.kind == .heading, first.text == metadata.title {
            blocks.removeFirst()
        }
        // A dateline ("Published: 1 May 2024") is metadata, not text.
        blocks.removeAll {
            $0.text.count < 80 && DateLabel.match($0.text) != nil && DateText.firstDate(in: $0.text) != nil
        }
        let text = blocks.map(\.text).joined(separator: " ")
        document = Document(
            source: source,
            title: metadata.title,
            published: dates.published,
            updated: dates.updated,
            language: metadata.language ?? LanguageGuess.language(of: text),
            authors: metadata.authors,
            blocks: blocks,
            links: Self.links(tree, roots: roots, boilerplate: boilerplate, base: source)
        )
    }

    private static func links(
        _ tree: HTMLTree,
        roots: [Int],
        boilerplate: HTMLBoilerplate,
        base: String?
    ) -> [Document.Link] {
        let baseURL = base.flatMap(URL.init(string:))
        var links: [Document.Link] = []
        var stack = roots.reversed().map { $0 }
        while let index = stack.popLast() {
            if boilerplate.excluded[index] { continue }
            let node = tree[index]
            if node.name == "a", let href = node.attribute("href")?.trimmingCharacters(in: .whitespaces),
                !href.isEmpty, !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:")
            {
                let resolved = URL(string: href, relativeTo: baseURL)?.absoluteString ?? href
                let text = tree.text(of: index)
                links.append(Document.Link(url: resolved, text: text.isEmpty ? nil : text))
            }
            stack += node.children.reversed()
        }
        return links
    }
}
