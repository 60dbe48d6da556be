public import Foundation

/// How a version is laid out as a bundle: its key in the store, and the BagIt bag inside it.
public enum BundleLayout {
    /// The store key of a version's bundle, derived from the version id only:
    /// `bundles/<2 hex>/<2 hex>/<version id>.tar.zst`.
    public static func key(forVersion versionID: String, compression: BundleCompression) -> String {
        let hex = Digest.sha256(Data(versionID.utf8))
        let first = hex.prefix(2)
        let second = hex.dropFirst(2).prefix(2)
        return "bundles/\(first)/\(second)/\(versionID).\(compression.algorithm.fileExtension)"
    }

    /// The path of the normalized document inside a bundle.
    public static let documentPath = "data/document.json"

    /// The bag for a new version, with the HTTP response it was fetched in, if it was.
    public static func bag(
        for version: Version,
        document: Document,
        original: Data,
        response: CapturedResponse? = nil
    ) throws -> Bag {
        var info: [Bag.InfoField] = [
            .init("Bag-Software-Agent", "Mura \(MuraVersion.current)"),
            .init("Bagging-Date", ArchiveDate.formatDay(Date())),
            .init("Mura-Document-ID", version.documentID),
            .init("Mura-Version-ID", version.id),
            .init("Mura-Captured-At", ArchiveDate.formatPrecise(version.capturedAt)),
            .init("Mura-Format", version.format.rawValue),
            .init("Mura-Importer", version.importer),
            .init("Mura-Software-Version", MuraVersion.current),
        ]
        if let source = version.source?.singleLine, !source.isEmpty {
            info.insert(.init("Source-URL", source), at: 4)
        }
        let json = try Document.encoder.encode(document)
        var payload = [BagFile(path: version.originalPath, data: original), BagFile(path: documentPath, data: json)]
        if let response {
            info.append(.init("Mura-Fetched-URL", response.url.singleLine))
            info.append(.init("Mura-HTTP-Status", String(response.status)))
            payload.append(
                BagFile(path: CapturedResponse.bundlePath, data: try CapturedResponse.encoder.encode(response))
            )
        }
        return Bag(info: info, payload: payload)
    }

    /// Reconstructs the catalog's version row from a validated bag, for a rebuild.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle and the missing field.
    public static func version(from bag: Bag, key: String) throws -> (Version, Document) {
        func field(_ label: String) throws -> String {
            guard let value = bag.value(label), !value.isEmpty else {
                throw ArchiveError(.corruptBundle, "Bundle \(key): bag-info.txt has no \(label).")
            }
            return value
        }
        guard let original = bag.payload.first(where: { $0.path.hasPrefix("data/original.") }) else {
            throw ArchiveError(.corruptBundle, "Bundle \(key) has no data/original.* file.")
        }
        guard let json = bag.payloadFile(documentPath) else {
            throw ArchiveError(.corruptBundle, "Bundle \(key) has no \(documentPath).")
        }
        let document: Document
        do {
            document = try Document.decoder.decode(Document.self, from: json.data)
        } catch {
            throw ArchiveError(
                .corruptBundle,
                "Bundle \(key): \(documentPath) is not a Mura document.",
                underlying: error
            )
        }
        let captured = try field("Mura-Captured-At")
        guard let capturedAt = ArchiveDate.parseStored(captured) else {
            throw ArchiveError(.corruptBundle, "Bundle \(key): Mura-Captured-At '\(captured)' is not a date.")
        }
        let version = Version(
            id: try field("Mura-Version-ID"),
            documentID: try field("Mura-Document-ID"),
            capturedAt: capturedAt,
            sha256: Digest.sha256(original.data),
            size: original.data.count,
            bundlePath: key,
            format: DocumentFormat(try field("Mura-Format")),
            importer: try field("Mura-Importer"),
            originalExtension: String(original.path.dropFirst("data/original.".count)),
            source: bag.value("Source-URL") ?? document.source,
            title: document.title,
            published: document.published,
            updated: document.updated,
            language: document.language
        )
        return (version, document)
    }
}

extension String {
    fileprivate var singleLine: String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
