public import Foundation

extension Archive {
    /// Exports the selected versions as one BagIt 1.0 bag: `data/<document>/<n>-<captured-at>/original.<ext>`
    /// beside the renderings asked for, with SHA-256 and SHA-512 manifests. Records an export event.
    ///
    /// - Parameters:
    ///   - selection: Which versions.
    ///   - target: A new folder, or a `.tar`, `.tar.zst`, `.tar.gz`, `.tar.xz` or `.zip` file.
    ///   - renderings: Exporters whose renderings are added beside each original.
    ///   - progress: Called after each version with (done, total).
    /// - Returns: What was written.
    public func exportBag(
        _ selection: ExportSelection,
        to target: URL,
        renderings: [any DocumentExporter] = [],
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ExportReport {
        let chosen = try await nonEmptyVersions(for: selection)
        // Captures that saw a version unchanged or found its page gone, as the WARC export writes them: a bag read
        // back by Mura keeps them (`seen` in mura-index.jsonl). A selection of each document at one date has none.
        var observations: [String: [Observation]] = [:]
        if selection.at == nil {
            for id in Set(chosen.map(\.version.documentID)) {
                observations[id] = try await catalog.observations(of: id).filter {
                    $0.capturedAt >= (selection.since ?? .distantPast)
                        && $0.capturedAt <= (selection.until ?? .distantFuture)
                }
            }
        }
        // Writing and compressing the bag is blocking work, on the archive's threads, version after version.
        let run = try await runBlocking { Handoff(BagExportRun(bag: try BagItWriter(target: target))) }
        try await forEachExported(chosen, renderings: renderings) { [observations] number, exported in
            let seen = (observations[exported.version.documentID] ?? []).filter { $0.versionID == exported.version.id }
            try run.value.add(exported, seen: seen)
            progress(number + 1, chosen.count)
        }
        let report = try await runBlocking {
            let run = run.value
            var info: [Bag.InfoField] = []
            if let organization = settings.sourceOrganization {
                info.append(.init("Source-Organization", organization))
            }
            info.append(.init("Bag-Software-Agent", "Mura \(MuraVersion.current)"))
            info.append(
                .init(
                    "External-Description",
                    "\(chosen.count) versions of \(run.folders.count) documents exported from a Mura archive; each "
                        + "version folder holds the original bytes as captured"
                        + (renderings.isEmpty
                            ? "." : " and renderings (\(renderings.map(\.descriptor.id).joined(separator: ", "))).")
                )
            )
            info.append(.init("Mura-Selection", selection.summary))
            try run.bag.finish(info: info, tagFiles: [("mura-index.jsonl", run.index)])
            return ExportReport(
                path: target.path,
                package: "bagit",
                documents: run.folders.count,
                versions: chosen.count,
                files: run.bag.payload.files,
                bytes: run.bag.payload.bytes
            )
        }
        try await recordExport(
            at: target,
            Self.exportEvent(
                of: chosen,
                "BagIt bag \(target.lastPathComponent): \(report.versions) versions of \(report.documents) documents"
            )
        )
        return report
    }

    /// A folder name for a document id: its letters, digits, `.`, `-` and `_`, other characters as `-`, and a short
    /// digest of the id when that changed it (so that two ids never share a folder).
    static func folderName(for id: String, taken: inout Set<String>) -> String {
        let safe = String(
            id.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "._-".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "-"
            }
        )
        .split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        let trimmed = String(safe.prefix(80))
        let digest = Digest.sha256(Data(id.utf8))
        // Names are compared without case, so two documents never share a folder on a case-insensitive disk.
        var name = trimmed == id && !trimmed.hasPrefix(".") && !trimmed.isEmpty ? trimmed : nil
        var length = 8
        while name == nil || taken.contains(name!.lowercased()) {
            name = (trimmed.isEmpty ? "document" : trimmed) + "-" + digest.prefix(length)
            length += 4
        }
        taken.insert(name!.lowercased())
        return name!
    }
}

extension Archive {
    /// The event of a successful export of `chosen`: it names their document when they are all of one.
    static func exportEvent(of chosen: [(version: Version, ordinal: Int)], _ detail: String) -> ProvenanceEvent {
        let documents = Set(chosen.map(\.version.documentID))
        return ProvenanceEvent(
            kind: .export,
            outcome: .success,
            documentID: documents.count == 1 ? documents.first : nil,
            detail: detail
        )
    }

    /// Records an export event; when that fails, the export is removed too, so that no package exists without
    /// its provenance.
    func recordExport(at target: URL, _ event: ProvenanceEvent) async throws {
        do {
            try await recordDurably(event)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw error
        }
    }
}

/// One line of `mura-index.jsonl`, the tag file that maps each version folder of an exported bag to its document
/// and version.
package struct ExportIndexEntry: Codable {
    var folder: String
    var documentID: String
    var versionID: String
    var ordinal: Int
    var capturedAt: Date
    var sha256: String
    var format: String
    var source: String?
    var title: String?
    /// Captures after this version that saw it unchanged, or found its page gone (with the HTTP status); absent when
    /// there are none (and in bags of older versions of Mura).
    var seen: [SeenCapture]?

    /// A capture that matched the version, or found the page gone.
    struct SeenCapture: Codable, Sendable {
        var capturedAt: Date
        var gone: Int?
    }

    /// The entry as one line of JSON.
    func line() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ArchiveDate.encodingStrategy(precise: true)
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The entries of an index file; blank lines are skipped.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidBag`` naming the first line that is not an entry.
    package static func decode(_ data: Data) throws -> [ExportIndexEntry] {
        var entries: [ExportIndexEntry] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 })
        {
            let entry: ExportIndexEntry
            do {
                entry = try Document.decoder.decode(ExportIndexEntry.self, from: Data(line))
            } catch {
                throw ArchiveError(
                    .invalidBag,
                    "mura-index.jsonl, line \(number + 1), is not an index entry (\(Self.reason(error)))",
                    underlying: error
                )
            }
            // Checked before anything is received: an entry refused half-way would leave the bag half-received.
            if let problem = entry.timeProblem {
                throw ArchiveError(.invalidBag, "mura-index.jsonl, line \(number + 1): \(problem)")
            }
            entries.append(entry)
        }
        return entries
    }

    /// What is wrong with the entry's times, as an archive would refuse them: a capture time in the future or before
    /// 1900, a later capture before the version's own, or a removal whose status is no 404 or 410.
    var timeProblem: String? {
        for (field, time) in [("capturedAt", capturedAt)] + (seen ?? []).map({ ("seen.capturedAt", $0.capturedAt) }) {
            do {
                try ArchiveDate.checkCaptureTime(time, field: field)
            } catch {
                let when = time < ArchiveDate.earliestCapture ? "before 1900" : "in the future"
                return "the \(field) \(ArchiveDate.format(time)) is \(when)"
            }
        }
        if let early = seen?.first(where: { $0.capturedAt < capturedAt }) {
            return "a capture listed in seen (\(ArchiveDate.format(early.capturedAt))) is earlier than the version's "
                + "own (\(ArchiveDate.format(capturedAt)))"
        }
        if let status = seen?.lazy.compactMap(\.gone).first(where: { $0 != 404 && $0 != 410 }) {
            return "a capture listed in seen found the page gone with HTTP \(status), which is no 404 or 410"
        }
        return nil
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the field '\(key.stringValue)' is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "it is not valid JSON"
                : "the field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is not valid"
        default: "it is not valid JSON"
        }
    }
}

/// What an export wrote.
public struct ExportReport: Codable, Hashable, Sendable {
    public var path: String
    public var package: String
    public var documents: Int
    public var versions: Int
    public var files: Int
    public var bytes: Int
    /// Documents named by id that the selection took no version of, so the package leaves them out.
    public var notExported: [String] = []
}

extension ExportSelection {
    /// A one-line description for bag-info and events.
    var summary: String {
        var parts: [String] = [
            documentIDs.isEmpty ? "all documents" : "documents " + documentIDs.joined(separator: ", ")
        ]
        if let since { parts.append("since \(ArchiveDate.format(since))") }
        if let until { parts.append("until \(ArchiveDate.format(until))") }
        parts.append(at.map { "as of \(ArchiveDate.format($0))" } ?? "every version")
        return parts.joined(separator: "; ")
    }
}

/// The state of one BagIt export between versions: the bag being written, the folder of each document, and the
/// Mura index.
private final class BagExportRun {
    let bag: BagItWriter
    private(set) var folders: [String: String] = [:]
    private var takenFolders: Set<String> = []
    /// Encoded entry by entry (JSON Lines): one big encoder tree would grow with the history.
    private(set) var index = Data()

    init(bag: BagItWriter) {
        self.bag = bag
    }

    /// Adds one version: `data/<document>/<n>-<captured-at>/original.<ext>` and its renderings, and the captures
    /// that saw it after.
    func add(_ exported: ExportedVersion, seen: [Observation]) throws {
        let version = exported.version
        let documentFolder =
            folders[version.documentID] ?? Archive.folderName(for: version.documentID, taken: &takenFolders)
        folders[version.documentID] = documentFolder
        let stamp = ArchiveDate.format(version.capturedAt).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "")
        let folder = "\(documentFolder)/\(exported.ordinal)-\(stamp)"
        try bag.addPayload("\(folder)/original.\(version.originalExtension)", exported.original)
        index.append(
            try ExportIndexEntry(
                folder: "data/\(folder)",
                documentID: version.documentID,
                versionID: version.id,
                ordinal: exported.ordinal,
                capturedAt: version.capturedAt,
                sha256: version.sha256,
                format: version.format.rawValue,
                source: version.source,
                title: version.title,
                seen: seen.isEmpty
                    ? nil : seen.map { ExportIndexEntry.SeenCapture(capturedAt: $0.capturedAt, gone: $0.gone) }
            ).line()
        )
        for rendering in exported.renderings {
            try bag.addPayload("\(folder)/\(rendering.name)", rendering.data)
        }
    }
}
