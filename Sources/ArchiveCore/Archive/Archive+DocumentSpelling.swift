import Foundation

extension Archive {
    /// The spelling under which the archive holds the document that `documentID` names.
    ///
    /// Unicode spells some letters two ways: é as one character or as e and a combining accent, й as one or as и
    /// and a breve (file names from macOS come decomposed). A reader cannot see the difference, so both spellings
    /// name one document: the id as given when the archive holds it so, else its composed (NFC) or decomposed (NFD)
    /// spelling when the archive holds that, else the composed one, which new documents get
    /// (``DocumentID/validate(_:source:)``). White space around the id is left out, as it is when a document is
    /// archived.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument`` for an id with a control character (`%00`),
    ///   which no document has (``DocumentID/holdsControl(_:)``).
    public func storedDocumentID(_ documentID: String) async throws -> String {
        // Ids are stored without white space around them (``DocumentID/validate(_:source:)``): `' lead'` names the
        // document that `--id ' lead'` archived, unless the archive holds an id spelled with the space (from an
        // older Mura).
        // Spaces only: a control character (a line break, `%0A` in an address) finds nothing, below.
        let trimmed = documentID.trimmingCharacters(in: Self.spaces)
        if trimmed != documentID, !trimmed.isEmpty {
            if !DocumentID.holdsControl(documentID), try await catalog.document(id: documentID) != nil {
                return documentID
            }
            return try await storedDocumentID(trimmed)
        }
        if DocumentID.holdsControl(documentID) {
            throw ArchiveError(
                .unknownDocument,
                "No document '\(documentID.prefix(200).debugDescription.dropFirst().dropLast())' in this archive: no "
                    + "document id holds a control character (%00 in an address names one)."
            )
        }
        // ASCII has one spelling: most ids cost no lookup.
        if documentID.utf8.allSatisfy({ $0 < 0x80 }) { return documentID }
        let composed = documentID.precomposedStringWithCanonicalMapping
        // Swift's == holds the spellings equal; the catalog compares bytes.
        var tried: [[UInt8]] = []
        for spelling in [documentID, composed, documentID.decomposedStringWithCanonicalMapping] {
            let bytes = Array(spelling.utf8)
            guard !tried.contains(bytes) else { continue }
            tried.append(bytes)
            if try await catalog.document(id: spelling) != nil { return spelling }
        }
        return composed
    }

    /// The white space left out around an id that is looked up: spaces (of any width), not tabs or line breaks.
    private static let spaces = CharacterSet.whitespaces.subtracting(CharacterSet(charactersIn: "\t"))

    /// The archive's summary of the document `documentID` names, in whichever spelling (``storedDocumentID(_:)``).
    public func document(id documentID: String) async throws -> DocumentSummary? {
        try await catalog.document(id: try await storedDocumentID(documentID))
    }
}
