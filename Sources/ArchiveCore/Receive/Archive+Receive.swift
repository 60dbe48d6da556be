public import Foundation

extension Archive {
    /// Receives a bag from another archivist: validates it fully (BagIt 0.93 to 1.0), then ingests its payload
    /// files as documents with a provenance event naming the bag.
    ///
    /// A bag exported by Mura (it carries `mura-index.jsonl`) comes back with its document ids, capture times and
    /// version history. Other payload files become documents whose ids are the bag's name and the file's path
    /// below `data/`. Files no importer can read are reported and skipped.
    ///
    /// A serialized bag is unpacked into the archive's temporary folder, which is removed afterwards whatever
    /// happens. Before anything is written, its entries' declared sizes and count are checked against `limits` and
    /// the free space; while it is unpacked, the bytes it really gives are counted too.
    ///
    /// - Parameters:
    ///   - source: A bag folder, or a `.tar`, `.tar.gz`, `.tar.zst`, `.tar.xz` or `.zip` holding one.
    ///   - registry: The importers.
    ///   - limits: How large the bag may be.
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` listing every problem of an invalid bag, each
    ///   naming the file, or saying which of `limits` the bag goes over (with ``ReceiveLimits/Exceeded`` as the
    ///   underlying error); ``ArchiveError/Code-swift.struct/writeFailed`` when the bag does not fit in the free
    ///   space. The archive is then unchanged.
    public func receive(
        _ source: URL,
        registry: PluginRegistry,
        limits: ReceiveLimits = ReceiveLimits()
    ) async throws -> ReceiveReport {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder) else {
            throw ArchiveError(.unreadableInput, "\(source.path) does not exist. Check the path.")
        }
        let name = source.lastPathComponent
        if isFolder.boolValue {
            // A link to a bag folder, given by the user, is followed; links inside the bag are refused.
            let folder = source.resolvingSymlinksInPath()
            return try await receiveFolder(folder, name: name, registry: registry, limits: limits)
        }
        let unpacked = try await store.makeStagingURL().deletingPathExtension()
        defer { try? FileManager.default.removeItem(at: unpacked) }
        let root = try await runBlocking {
            try SerializedBag.extract(source, into: unpacked, limits: limits)
            return try SerializedBag.bagRoot(in: unpacked, source: source)
        }
        // Entries were counted while unpacking, on the bag's own list: folders it leaves implicit are not counted.
        var unpackedLimits = limits
        unpackedLimits.maxEntries = .max
        return try await receiveFolder(root, name: name, registry: registry, limits: unpackedLimits)
    }

    private func receiveFolder(
        _ folder: URL,
        name: String,
        registry: PluginRegistry,
        limits: ReceiveLimits
    ) async throws -> ReceiveReport {
        let bag: BagValidator.ValidBag
        switch try await runBlocking({ BagValidator.validate(folder, limits: limits) }) {
        case .success(let valid): bag = valid
        case .failure(let error):
            // A crafted bag can have a million problems: the first ones say enough.
            let shown = error.problems.prefix(20).joined(separator: "; ")
            let more = error.problems.count > 20 ? "; and \(error.problems.count - 20) more problems" : ""
            let limit = error.exceededLimit.map { _ in " If the bag is genuine, receive it again with a larger limit." }
            throw ArchiveError(
                .invalidBag,
                "The bag \(name) is invalid and was not received: \(shown)\(more).\(limit ?? "")",
                underlying: error.exceededLimit.map { ReceiveLimits.Exceeded(limit: $0) }
            )
        }
        let requests = try await runBlocking { try self.requests(for: bag, name: name, limits: limits) }
        var report = ReceiveReport(bag: name, bagItVersion: bag.version, warnings: bag.warnings)
        // A holey bag is valid, not complete: what it leaves to fetch.txt is not archived, and is reported.
        for (path, url) in bag.unfetched {
            report.skipped.append(
                "\(path): not in the bag; its fetch.txt names it at \(url.prefix(200)). Fetch it into the bag "
                    + "(bagit.py can) and receive the bag again to archive it."
            )
        }
        for file in requests {
            let path = file.path
            do {
                // Each payload file is read only when its turn comes: memory stays flat for large bags.
                guard let request = try await runBlocking(file.make) else { continue }
                for result in try await ingest(request, registry: registry) {
                    if result.isNew { report.newVersions += 1 } else { report.unchanged += 1 }
                    report.documents.insert(result.documentID)
                    // The captures a Mura export lists after the version: seen unchanged, or the page gone.
                    for capture in file.seen {
                        if let status = capture.gone {
                            _ = try await recordRemoval(
                                of: result.documentID,
                                status: status,
                                capturedAt: capture.capturedAt
                            )
                            report.gone += 1
                        } else {
                            var again = request
                            again.capturedAt = capture.capturedAt
                            _ = try await ingest(again, registry: registry)
                            report.unchanged += 1
                        }
                    }
                }
            } catch let error as ArchiveError
                where Self.skippableCodes.contains(error.code) || error.underlying is ReceiveLimits.Exceeded
            {
                // A file no importer can read, or too large to read, is reported; a storage failure stops the receive.
                report.skipped.append("\(path): \(error.message)")
            }
        }
        let organization = bag.value("Source-Organization").map { " from \($0)" } ?? ""
        try await recordDurably(
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
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` when the bag's Mura index is damaged or names a
    ///   version folder the payload does not have: its ids and history cannot be restored, and receiving the files
    ///   under other ids would split each document's history.
    private func requests(
        for bag: BagValidator.ValidBag,
        name: String,
        limits: ReceiveLimits
    ) throws -> [ReceivedFile] {
        @Sendable func read(_ path: String) throws -> Data {
            let file = bag.root.appending(path: path).path
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int
            if let size, size > limits.maxDocumentBytes {
                let described = ReceiveLimits.describe(size, over: limits.maxDocumentBytes)
                throw ArchiveError(
                    .unreadableInput,
                    "\(described.size), more than the \(described.limit) a received document may be; it was not "
                        + "read (receive the bag again with a larger document limit to archive it)",
                    underlying: ReceiveLimits.Exceeded(limit: .documentBytes)
                )
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ArchiveError(.unreadableInput, "\(name)/\(path) cannot be read.")
            }
            return data
        }
        let indexFile = bag.root.appending(path: "mura-index.jsonl")
        if let data = FileManager.default.contents(atPath: indexFile.path) {
            let damaged = { (reason: String) in
                ArchiveError(
                    .invalidBag,
                    "The bag \(name) was not received: its \(reason), so its document ids and history cannot be "
                        + "restored. Export it again from its archive, or remove mura-index.jsonl and its "
                        + "tag-manifest lines to receive the files under ids made from their paths."
                )
            }
            let entries: [ExportIndexEntry]
            do {
                entries = try ExportIndexEntry.decode(data)
            } catch let error as ArchiveError {
                throw damaged(error.message)
            }
            // Each version folder's original, found once: a bag can hold hundreds of thousands of files.
            var originals: [String: String] = [:]
            for path in bag.payload where (path as NSString).lastPathComponent.hasPrefix("original.") {
                let folder = (path as NSString).deletingLastPathComponent
                if originals[folder] == nil { originals[folder] = path }
            }
            var named: Set<String> = []
            return try entries.map { entry in
                guard let original = originals[entry.folder] else {
                    throw damaged("mura-index.jsonl names the folder \(entry.folder), which holds no original file")
                }
                // One version folder is one version: named twice, it would be archived under two ids.
                guard named.insert(entry.folder).inserted else {
                    throw damaged("mura-index.jsonl names the folder \(entry.folder) twice")
                }
                return ReceivedFile(
                    path: original,
                    seen: entry.seen ?? [],
                    make: {
                        let data = try read(original)
                        // The index describes the version it was written with; another file under its name is not it.
                        guard Digest.sha256(data) == entry.sha256.lowercased() else {
                            throw ArchiveError(
                                .undecodableInput,
                                "its SHA-256 is not the one mura-index.jsonl gives its version (\(entry.sha256.prefix(16))"
                                    + "…), so it is not that version; it was not received. Ask the sender for a new "
                                    + "export."
                            )
                        }
                        return IngestRequest(
                            data: data,
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
        let payload = bag.payload.map { path in
            let relative = String(path.dropFirst("data/".count))
            return (path: path, relative: relative, id: "\(bagName)/" + DocumentID.derived(fromRelativePath: relative))
        }
        let shared = DocumentID.sharingFallbacks(payload.map { ("\(name)/\($0.path)", $0.id) })
        return zip(payload, shared).map { file, others in
            ReceivedFile(
                path: file.path,
                seen: [],
                make: {
                    IngestRequest(
                        data: try read(file.path),
                        name: "\(name)/\(file.path)",
                        fileName: (file.relative as NSString).lastPathComponent,
                        fallbackID: file.id,
                        fallbackSharedWith: others
                    )
                }
            )
        }
    }
}

/// A payload file to archive: its path in the bag, the captures a Mura export lists after its version, and its
/// ingest request, made when its turn comes.
private struct ReceivedFile: Sendable {
    var path: String
    var seen: [ExportIndexEntry.SeenCapture]
    var make: @Sendable () throws -> IngestRequest?
}

/// What receiving a bag did.
public struct ReceiveReport: Codable, Sendable {
    public var bag: String
    public var bagItVersion: String
    public var newVersions = 0
    public var unchanged = 0
    /// Captures that found a page gone (HTTP 404 or 410), from a Mura export.
    public var gone = 0
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
