public import Foundation

/// A stored version's original read again by a later importer (`mura reextract`): the new normalized document with
/// what made it. The bundle stays as captured; this file is kept beside it in the store, immutable, under a key that
/// names the version, the time of the re-extraction and the file's own SHA-256, so that a damaged file is found and
/// the newest one is the last in key order.
public struct ReextractedDocument: Codable, Hashable, Sendable {
    /// The version whose original was read.
    public var versionID: String
    /// The document the version belongs to.
    public var documentID: String
    /// The id of the importer that read it (`html`, `text`, `json`).
    public var importer: String
    /// The software that read it, as `Mura <version>`.
    public var software: String
    /// When it was read.
    public var extractedAt: Date
    /// The lowercase hex SHA-256 of the original that was read (the version's).
    public var originalSHA256: String
    /// The normalized document.
    public var document: Document

    public init(
        versionID: String,
        documentID: String,
        importer: String,
        software: String = "Mura \(MuraVersion.current)",
        extractedAt: Date,
        originalSHA256: String,
        document: Document
    ) {
        self.versionID = versionID
        self.documentID = documentID
        self.importer = importer
        self.software = software
        self.extractedAt = extractedAt
        self.originalSHA256 = originalSHA256
        self.document = document
    }

    /// The folder of the store that holds re-extracted documents.
    public static let folder = "extractions/"

    /// The store key of a re-extracted document:
    /// `extractions/<2 hex>/<2 hex>/<version id>/<yyyyMMddHHmmssSSS>-<sha256 of the file>.json`, spread over
    /// subfolders as bundles are.
    public static func key(versionID: String, extractedAt: Date, sha256: String) -> String {
        let hex = Digest.sha256(Data(versionID.utf8))
        let stamp = ArchiveDate.formatPrecise(extractedAt).filter(\.isNumber)
        return "\(folder)\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(versionID)/\(stamp)-\(sha256).json"
    }

    /// The version id and file digest a key names, or `nil` for a key of another shape.
    public static func parts(ofKey key: String) -> (versionID: String, sha256: String)? {
        let components = key.split(separator: "/")
        guard key.hasPrefix(folder), components.count == 5, key.hasSuffix(".json"),
            let dash = components[4].lastIndex(of: "-")
        else { return nil }
        let sha256 = components[4][components[4].index(after: dash)...].dropLast(".json".count)
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        return (String(components[3]), String(sha256))
    }

    /// The bytes of the file: Mura document JSON conventions (sorted keys, ISO 8601 UTC dates).
    public func encoded() throws -> Data {
        try Document.encoder.encode(self)
    }

    /// Reads the file stored under `key`, checking its digest and that it belongs to `versionID`.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the key and what is wrong.
    public static func decode(_ data: Data, key: String, versionID: String) throws -> ReextractedDocument {
        guard let parts = parts(ofKey: key), parts.versionID == versionID else {
            throw ArchiveError(.corruptBundle, "Re-extracted document \(key) is not one of version \(versionID).")
        }
        guard Digest.sha256(data) == parts.sha256 else {
            throw ArchiveError(
                .corruptBundle,
                "Re-extracted document \(key) does not match the SHA-256 in its name; run `mura reextract` on its "
                    + "document to make it again."
            )
        }
        let record: ReextractedDocument
        do {
            record = try Document.decoder.decode(ReextractedDocument.self, from: data)
        } catch {
            throw ArchiveError(.corruptBundle, "Re-extracted document \(key) is not readable JSON.", underlying: error)
        }
        guard record.versionID == versionID else {
            throw ArchiveError(.corruptBundle, "Re-extracted document \(key) names version \(record.versionID).")
        }
        return record
    }
}
