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

    /// The store key of a version's bundle in the shared form (``BundleHeader``), whose file has the SHA-256
    /// `fileSHA256`: `bundles/<2 hex>/<2 hex>/<version id>.<8 hex of the file's SHA-256>.tar.zst`. A version's bundle
    /// rewritten (by `mura repack`) gets a new key; files never change.
    public static func sharedKey(forVersion versionID: String, fileSHA256: String) -> String {
        "\(prefix(forVersion: versionID))\(fileSHA256.prefix(8)).tar.zst"
    }

    /// The prefix every key of a version's bundles starts with, in either form.
    public static func prefix(forVersion versionID: String) -> String {
        let hex = Digest.sha256(Data(versionID.utf8))
        return "bundles/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(versionID)."
    }

    /// The version id in a bundle key's file name, in either form.
    public static func versionID(ofKey key: String) -> String? {
        guard key.hasPrefix("bundles/"), let name = key.split(separator: "/").last,
            let id = name.split(separator: ".").first, isVersionID(String(id))
        else { return nil }
        return String(id)
    }

    /// Whether a key is of a bundle in the shared form.
    public static func isShared(_ key: String) -> Bool {
        let name = key.split(separator: "/").last.map(String.init) ?? key
        return name.split(separator: ".").count == 4 && name.hasSuffix(".tar.zst")
    }

    /// Whether `text` can be a version id (and so part of a key): lowercase letters, digits and dashes.
    public static func isVersionID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == 45 }
    }

    /// What a bundle in the shared form promises, in its bag-info.txt.
    public static let sharedFormNote =
        "shared: zstd -d opens it with the dictionary or base version its header frame names (see README)"

    /// The path of the normalized document inside a bundle.
    public static let documentPath = "data/document.json"

    /// The bag for a new version, with the HTTP response it was fetched in, if it was.
    public static func bag(
        for version: Version,
        document: Document,
        original: Data,
        response: CapturedResponse? = nil,
        shared: Bool = false
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
        if shared { info.append(.init("Mura-Bundle-Storage", sharedFormNote)) }
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
