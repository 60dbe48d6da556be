import ArchiveText
public import Foundation

/// Every link of an HTML page, wherever it stands (navigation and lists included, unlike a document's links,
/// which are its main text's): what a watched listing page offers.
public enum HTMLLinks {
    /// The absolute http(s) URLs the page at `pageURL` links to with `<a href>`, in page order, without fragments or
    /// repeats; relative links are resolved against the page's `<base href>`, else `pageURL`.
    ///
    /// - Throws: ``ArchiveCore/ArchiveError/Code-swift.struct/undecodableInput`` naming `name` when it cannot be
    ///   parsed.
    public static func links(in data: Data, pageURL: String, name: String) throws -> [String] {
        let tree = try HTMLTree(data: data, encoding: HTMLEncoding.override(for: data), name: name)
        let declared = tree.elements(named: "base").lazy.compactMap { tree[$0].attribute("href") }.first
        let page = URL(string: pageURL)
        let base = declared.flatMap { URL(string: $0.trimmingSpaces(), relativeTo: page) } ?? page
        var seen = Set<String>()
        var links: [String] = []
        for index in tree.elements(named: "a") {
            guard let href = tree[index].attribute("href")?.trimmingSpaces(), !href.isEmpty,
                let url = URL(string: href, relativeTo: base)?.absoluteURL,
                let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
            else { continue }
            var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
            components?.fragment = nil
            guard let text = components?.string, seen.insert(text).inserted else { continue }
            links.append(text)
        }
        return links
    }
}
