package import ArchiveCore
import Foundation

/// What a memento is answered with: the original bytes, or a rendering by an exporter plugin. Chosen by
/// `?format=` (`original` or an exporter id), else by `Accept` (the original wins ties), else the original.
package enum Rendition {
    case original
    case rendering(any DocumentExporter)

    /// - Throws: ``ServiceError`` 400 for an unknown `format`, 406 when nothing matches `Accept`.
    package static func choose(
        format: String?,
        accept: String?,
        original: String,
        registry: PluginRegistry
    ) throws
        -> Rendition
    {
        let exporters = registry.exporters
        if let format {
            if format == "original" { return .original }
            if let exporter = exporters.first(where: { $0.descriptor.id == format }) { return .rendering(exporter) }
            let names = (["original"] + exporters.map(\.descriptor.id)).joined(separator: ", ")
            throw ServiceError.badParameter("format: unknown format '\(format)'; use one of \(names).")
        }
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .original }
        let ranges = MediaRange.parse(accept)
        // An Accept header with no media range in it says nothing; RFC 9110 lets the server disregard it.
        guard !ranges.isEmpty else { return .original }
        var best: (quality: Double, rendition: Rendition)?
        let candidates: [(String, Rendition)] =
            [(original, .original)]
            + exporters.compactMap { exporter in exporter.descriptor.mediaTypes.first.map { ($0, .rendering(exporter)) }
            }
        for (mediaType, rendition) in candidates {
            let quality = MediaRange.quality(of: mediaType, in: ranges)
            if quality > 0, quality > (best?.quality ?? 0) { best = (quality, rendition) }
        }
        guard let best else {
            var seen = Set<String>()
            let offered = candidates.map(\.0).filter { seen.insert($0).inserted }.joined(separator: ", ")
            // The header is shown cut short: a client's long list of types is not sent back whole.
            let shown = accept.count > 200 ? accept.prefix(200) + "…" : accept[...]
            throw ServiceError.notAcceptable("Accept: '\(shown)' matches none of \(offered); or use ?format=.")
        }
        return best.rendition
    }
}

/// One media range of an `Accept` header, with its quality.
struct MediaRange {
    var type: String
    var subtype: String
    var quality: Double

    /// The media ranges of an `Accept` value; items that are not `type/subtype` (empty, `;`, a bare word) are
    /// skipped, and a quality that is not a number from 0 to 1 makes its range count as not acceptable.
    static func parse(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { item in
            let parts = item.split(separator: ";", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard let name = parts.first else { return nil }
            let names = name.split(separator: "/", omittingEmptySubsequences: false).map { String($0) }
            guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                let value = Double(parameter.dropFirst(2)) ?? .nan
                quality = value.isFinite && value >= 0 && value <= 1 ? value : 0
            }
            return MediaRange(type: names[0], subtype: names[1], quality: quality)
        }
    }

    /// The quality the most specific matching range gives `mediaType` (`text/html; charset=utf-8` allowed).
    static func quality(of mediaType: String, in ranges: [MediaRange]) -> Double {
        let bare = (mediaType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let names = bare.split(separator: "/", maxSplits: 1).map { String($0) }
        guard names.count == 2 else { return 0 }
        var best: (specificity: Int, quality: Double)?
        for range in ranges {
            let specificity: Int
            if range.type == names[0], range.subtype == names[1] {
                specificity = 2
            } else if range.type == names[0], range.subtype == "*" {
                specificity = 1
            } else if range.type == "*", range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > (best?.specificity ?? -1) { best = (specificity, range.quality) }
        }
        return best?.quality ?? 0
    }
}
