import Foundation

/// Rules for document ids.
public enum DocumentID {
    /// Checks that an id can name a document: non-empty, at most 1,024 bytes, no control characters, and not `.` or
    /// `..`.
    ///
    /// - Parameters:
    ///   - id: The candidate id.
    ///   - source: The input it came from, for the message.
    /// - Returns: The id with surrounding white space removed, in composed form (NFC).
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument``.
    public static func validate(_ id: String, source: String) throws -> String {
        let trimmed = id.trimmingCharacters(in: .whitespacesAndNewlines)
        // Controls are looked for before trimming: a C1 control (U+0085) at an end would be trimmed as a line
        // break, and the id would name another document silently. A tab or line break at an end is only trimmed.
        let isControl = { (scalar: Unicode.Scalar) in
            [.control, .lineSeparator, .paragraphSeparator].contains(scalar.properties.generalCategory)
        }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 1024, !trimmed.unicodeScalars.contains(where: isControl),
            !id.unicodeScalars.contains(where: { !["\t", "\n", "\r"].contains($0) && isControl($0) })
        else {
            throw ArchiveError(
                .invalidArgument,
                "\(source): '\(id.prefix(80))' cannot be a document id; give one of 1 to 1,024 bytes (white space "
                    + "around it aside) without control characters or line breaks.",
                field: .documentID
            )
        }
        // A URL reader takes `.` and `..`, escaped or not, for steps in a path (RFC 3986 section 5.2.4, the WHATWG
        // URL standard): no address could name such a document. An id that holds them among other parts is written
        // as one escaped segment.
        if trimmed == "." || trimmed == ".." {
            throw ArchiveError(
                .invalidArgument,
                "\(source): '\(trimmed)' cannot be a document id: URL readers take it for a step in a path, so no "
                    + "address could name the document; give it a name.",
                field: .documentID
            )
        }
        // One spelling for letters that Unicode spells two ways (see ``Archive/storedDocumentID(_:)``).
        return trimmed.precomposedStringWithCanonicalMapping
    }

    /// Whether a value that looks documents up (an id, a prefix of ids, a source URL) holds a control character
    /// (`%00` in an address): no document id or source URL has one, and the catalog reads text only up to a NUL, so
    /// such a value would find another document under a shorter name. It finds nothing.
    public static func holdsControl(_ value: String) -> Bool {
        value.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }

    /// The spellings of an id prefix a lookup compares (as given, composed and decomposed, each once): ids are stored
    /// composed, or decomposed by an older archive, and a prefix typed on macOS or copied from a file name may be
    /// either (``Archive/storedDocumentID(_:)`` reads whole ids the same way).
    public static func prefixSpellings(_ prefix: String) -> [String] {
        guard !prefix.utf8.allSatisfy({ $0 < 0x80 }) else { return [prefix] }
        var spellings: [String] = []
        for spelling in [
            prefix, prefix.precomposedStringWithCanonicalMapping, prefix.decomposedStringWithCanonicalMapping,
        ] where !spellings.contains(where: { $0.utf8.elementsEqual(spelling.utf8) }) {
            spellings.append(spelling)
        }
        return spellings
    }

    /// A condition of SQL that `column` starts with one of the spellings of `prefix`, and its arguments.
    /// substr() rather than LIKE: ids may hold % and _, and LIKE ignores case.
    package static func prefixCondition(_ column: String, _ prefix: String) -> (sql: String, arguments: [String]) {
        let spellings = prefixSpellings(prefix)
        let conditions = spellings.map { _ in "substr(\(column), 1, length(?)) = ?" }
        return ("(" + conditions.joined(separator: " OR ") + ")", spellings.flatMap { [$0, $0] })
    }

    /// For each of `inputs` (a name in messages, and the id its file name gives), the names of the others whose file
    /// names give that id too, in either Unicode spelling: `a.txt` and `a.html` in one folder.
    public static func sharingFallbacks(_ inputs: [(name: String, fallbackID: String?)]) -> [[String]] {
        var groups: [String: [Int]] = [:]
        for (index, input) in inputs.enumerated() {
            if let id = input.fallbackID { groups[id.precomposedStringWithCanonicalMapping, default: []].append(index) }
        }
        return inputs.enumerated().map { index, input in
            guard let id = input.fallbackID, let group = groups[id.precomposedStringWithCanonicalMapping],
                group.count > 1
            else { return [] }
            return group.filter { $0 != index }.map { inputs[$0].name }
        }
    }

    /// An id derived from a file path relative to an ingested folder: the path without its extension.
    public static func derived(fromRelativePath path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        guard let last = components.popLast() else { return path }
        let stem =
            last.split(separator: ".", omittingEmptySubsequences: false).count > 1
                && !last.hasPrefix(".") ? String(last[..<last.lastIndex(of: ".")!]) : last
        return (components + [stem]).joined(separator: "/")
    }
}
