public import Foundation

extension Archive {
    /// Receives a bag from another archivist: validates it fully (BagIt 0.93 to 1.0), then ingests its payload
    /// files as documents with a provenance event naming the bag.
    ///
    /// A bag exported by Mura (it carries `mura-index.jsonl`) comes back with its document ids, capture times and
    /// version history. Other payload files become documents whose ids are the bag's name and the file's path
    /// below `data/`. Files no importer can read are reported and skipped.
    ///
    /// - Parameters:
    ///   - source: A bag folder, or a `.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz` or `.zip` holding one.
    ///   - registry: The importers.
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` listing every problem of an invalid bag, each
    ///   naming the file; the archive is then unchanged.
    public func receive(_ source: URL, registry: PluginRegistry) throws -> ReceiveReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder) else {
            throw ArchiveError(.unreadableInput, "\(source.path) does not exist. Check the path.")
        }
        if isFolder.boolValue { return try receiveFolder(source, name: source.lastPathComponent, registry: registry) }
        let unpacked = try store.makeStagingURL().deletingPathExtension()
        defer { try? FileManager.default.removeItem(at: unpacked) }
        try SerializedBag.extract(source, into: unpacked)
        return try receiveFolder(
            try SerializedBag.bagRoot(in: unpacked, source: source),
            name: source.lastPathComponent,
            registry: registry
        )
    }

    private func receiveFolder(_ folder: URL, name: String, registry: PluginRegistry) throws -> ReceiveReport {
        let bag: BagValidator.ValidBag
        switch BagValidator.validate(folder) {
        case .success(let valid): bag = valid
        case .failure(let error):
            throw ArchiveError(
                .invalidBag,
                "The bag \(name) is invalid and was not received: " + error.problems.joined(separator: "; ") + "."
            )
        }
        let requests = requests(for: bag, name: name)
        var report = ReceiveReport(bag: name, bagItVersion: bag.version, warnings: bag.warnings)
        for (path, makeRequest) in requests {
            do {
                // Each payload file is read only when its turn comes: memory stays flat for large bags.
                guard let request = try makeRequest() else { continue }
                for result in try ingest(request, registry: registry) {
                    if result.isNew { report.newVersions += 1 } else { report.unchanged += 1 }
                    report.documents.insert(result.documentID)
                }
            } catch let error as ArchiveError where Self.skippableCodes.contains(error.code) {
                // A file no importer can read is reported; a storage failure stops the receive.
                report.skipped.append("\(path): \(error.message)")
            }
        }
        let organization = bag.value("Source-Organization").map { " from \($0)" } ?? ""
        try catalog.record(
            ProvenanceEvent(
                kind: .ingest,
                outcome: report.skipped.isEmpty ? .success : .failure,
                detail:
                    "received bag \(name) (BagIt \(bag.version)\(organization)): \(report.newVersions) new versions, "
                    + "\(report.unchanged) unchanged, \(report.skipped.count) files skipped"
            )
        )
        return report
    }

    private static let skippableCodes: Set<ArchiveError.Code> = [
        .emptyInput, .unknownFormat, .undecodableInput, .invalidArgument, .captureConflict,
    ]

    /// One ingest request per payload file, made on demand, with the ids and capture times of a Mura export when
    /// it has them.
    private func requests(for bag: BagValidator.ValidBag, name: String) -> [(String, () throws -> IngestRequest?)] {
        func read(_ path: String) throws -> Data {
            guard let data = FileManager.default.contents(atPath: bag.root.appending(path: path).path) else {
                throw ArchiveError(.unreadableInput, "\(name)/\(path) cannot be read.")
            }
            return data
        }
        let indexFile = bag.root.appending(path: "mura-index.jsonl")
        if let data = FileManager.default.contents(atPath: indexFile.path),
            let entries = try? ExportIndexEntry.decode(data)
        {
            return entries.compactMap { entry in
                guard let original = bag.payload.first(where: { $0.hasPrefix(entry.folder + "/original.") }) else {
                    return nil
                }
                return (
                    original,
                    {
                        IngestRequest(
                            data: try read(original),
                            name: "\(name)/\(original)",
                            fileName: (original as NSString).lastPathComponent,
                            format: DocumentFormat(entry.format),
                            documentID: entry.documentID,
                            sourceURL: entry.source,
                            capturedAt: entry.capturedAt
                        )
                    }
                )
            }
        }
        let bagName = (name as NSString).deletingPathExtension.replacingOccurrences(of: ".tar", with: "")
        return bag.payload.map { path in
            let relative = String(path.dropFirst("data/".count))
            return (
                path,
                {
                    IngestRequest(
                        data: try read(path),
                        name: "\(name)/\(path)",
                        fileName: (relative as NSString).lastPathComponent,
                        fallbackID: "\(bagName)/" + DocumentID.derived(fromRelativePath: relative)
                    )
                }
            )
        }
    }
}

/// What receiving a bag did.
public struct ReceiveReport: Codable, Sendable {
    public var bag: String
    public var bagItVersion: String
    public var newVersions = 0
    public var unchanged = 0
    public var documents: Set<String> = []
    /// Payload files no importer could read, with the reason.
    public var skipped: [String] = []
    public var warnings: [String]

    init(bag: String, bagItVersion: String, warnings: [String]) {
        self.bag = bag
        self.bagItVersion = bagItVersion
        self.warnings = warnings
    }
}
