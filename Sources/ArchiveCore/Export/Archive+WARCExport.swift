public import Foundation

extension Archive {
    /// Exports the selected versions as a WARC 1.1 file (`.warc.gz`, one gzip member per record): a `warcinfo`
    /// record, a `response` record per captured version (the HTTP response as fetched: WARC-Target-URI = the URL it
    /// came from) or a `resource` record per version never fetched (WARC-Target-URI = the source URL), each at its
    /// capture time (WARC-Date) with a `metadata` record holding its normalized document, a `revisit` record
    /// (identical-payload-digest) for every capture that saw a version unchanged, and a `response` with the status
    /// the site answered (404, 410) for every capture that found the page gone. Records an export event. The originals' media types come from
    /// the descriptors of the importers in `registry`.
    public func exportWARC(
        _ selection: ExportSelection,
        to target: URL,
        registry: PluginRegistry,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ExportReport {
        let chosen = try await nonEmptyVersions(for: selection)
        guard target.lastPathComponent.hasSuffix(".warc.gz") else {
            throw ArchiveError(
                .invalidArgument,
                "A WARC export is written to a file ending in .warc.gz, not \(target.lastPathComponent)."
            )
        }
        // Captures seen unchanged, read before the file is written.
        var observations: [String: [Observation]] = [:]
        if selection.at == nil {
            for id in Set(chosen.map(\.version.documentID)) {
                observations[id] = try await catalog.observations(of: id)
            }
        }
        // Writing and compressing the file is blocking work, on the archive's threads, version after version.
        let run = try await runBlocking { Handoff(WARCExportRun(warc: try WARCWriter(target: target))) }
        try await runBlocking {
            let info =
                [
                    "software: Mura \(MuraVersion.current)", "format: WARC File Format 1.1",
                    "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                    "description: \(selection.summary)",
                ] + (settings.sourceOrganization.map { ["operator: \($0)"] } ?? [])
            try run.value.warc.write(
                type: "warcinfo",
                fields: [
                    ("WARC-Date", Self.warcDate(Date())), ("WARC-Filename", target.lastPathComponent),
                    ("Content-Type", "application/warc-fields"),
                ],
                block: Data((info.joined(separator: "\r\n") + "\r\n").utf8)
            )
        }
        try await forEachExported(chosen, renderings: []) { [observations, registry] number, exported in
            // Captures that saw this version unchanged, inside the selected window.
            let seen = (observations[exported.version.documentID] ?? []).filter {
                $0.versionID == exported.version.id
                    && $0.capturedAt >= (selection.since ?? .distantPast)
                    && $0.capturedAt <= (selection.until ?? .distantFuture)
            }
            let mediaType = registry.mediaType(
                of: exported.version,
                document: exported.document,
                response: exported.response
            )
            try run.value.add(exported, seen: seen, mediaType: mediaType)
            progress(number + 1, chosen.count)
        }
        let report = try await runBlocking {
            let run = run.value
            try run.warc.finish()
            return ExportReport(
                path: target.path,
                package: "warc",
                documents: run.documents.count,
                versions: chosen.count,
                files: run.records,
                bytes: run.bytes
            )
        }
        try await recordExport(
            at: target,
            Self.exportEvent(
                of: chosen,
                "WARC file \(target.lastPathComponent): \(report.versions) versions of \(report.documents) documents, "
                    + "\(report.files) records"
            )
        )
        return report
    }

    /// The WARC field on each `response` and `resource` record that names the version's document, so that the
    /// file comes back under the same ids when it is ingested.
    public static let warcDocumentIDField = "Mura-Document-ID"

    /// The source URL, or a `urn:mura:` name for documents archived without one.
    static func targetURI(_ version: Version) -> String {
        if let source = version.source, SourceURL.isValid(source) { return SourceURL.encoded(source) }
        let encoded =
            version.documentID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? version.documentID
        return "urn:mura:document:\(encoded)"
    }

    static func warcDate(_ date: Date) -> String {
        date.milliseconds % 1000 == 0 ? ArchiveDate.format(date) : ArchiveDate.formatPrecise(date)
    }
}

/// The state of one WARC export between versions: the file being written and what it holds so far.
private final class WARCExportRun {
    let warc: WARCWriter
    private(set) var documents = Set<String>()
    private(set) var bytes = 0
    /// The `warcinfo` record is the first.
    private(set) var records = 1

    init(warc: WARCWriter) {
        self.warc = warc
    }

    /// Writes one version's `response` (or `resource`) and `metadata` records, and for each capture in `seen` a
    /// `revisit` record, or a `response` with the status the site answered when the capture found the page gone.
    func add(_ exported: ExportedVersion, seen: [Observation], mediaType: String) throws {
        let version = exported.version
        let digest = WARCWriter.digest(exported.original)
        let bare = String(mediaType.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        let uri: String
        let resource: String
        if let response = exported.response, SourceURL.isValid(response.url) {
            uri = SourceURL.encoded(response.url)
            resource = try warc.write(
                type: "response",
                fields: [
                    ("WARC-Target-URI", uri), ("WARC-Date", Archive.warcDate(version.capturedAt)),
                    ("Content-Type", "application/http; msgtype=response"), ("WARC-Payload-Digest", digest),
                    ("WARC-Identified-Payload-Type", bare), (Archive.warcDocumentIDField, version.documentID),
                ],
                block: response.head + exported.original
            )
        } else {
            uri = Archive.targetURI(version)
            resource = try warc.write(
                type: "resource",
                fields: [
                    ("WARC-Target-URI", uri), ("WARC-Date", Archive.warcDate(version.capturedAt)),
                    ("Content-Type", mediaType), ("WARC-Payload-Digest", digest),
                    ("WARC-Identified-Payload-Type", bare), (Archive.warcDocumentIDField, version.documentID),
                ],
                block: exported.original
            )
        }
        // No WARC-Target-URI: replay tools would otherwise serve this JSON as a capture of the page.
        try warc.write(
            type: "metadata",
            fields: [
                ("WARC-Date", Archive.warcDate(version.capturedAt)), ("WARC-Concurrent-To", resource),
                ("Content-Type", "application/json"),
            ],
            block: try Document.encoder.encode(exported.document)
        )
        records += 2
        for observation in seen {
            if let status = observation.gone {
                // A capture that found the page removed is its own response, with the status the site answered (its
                // head rebuilt from that status: the archive keeps no other part of it). A revisit would have replay
                // tools serve the page at a time it was gone.
                let reason = status == 410 ? "Gone" : status == 404 ? "Not Found" : "Removed"
                try warc.write(
                    type: "response",
                    fields: [
                        ("WARC-Target-URI", uri), ("WARC-Date", Archive.warcDate(observation.capturedAt)),
                        ("Content-Type", "application/http; msgtype=response"),
                        ("WARC-Payload-Digest", WARCWriter.digest(Data())),
                        (Archive.warcDocumentIDField, version.documentID),
                    ],
                    block: Data("HTTP/1.1 \(status) \(reason)\r\nContent-Length: 0\r\n\r\n".utf8)
                )
                records += 1
                continue
            }
            try warc.write(
                type: "revisit",
                fields: [
                    ("WARC-Target-URI", uri), ("WARC-Date", Archive.warcDate(observation.capturedAt)),
                    ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
                    ("WARC-Refers-To", resource), ("WARC-Refers-To-Target-URI", uri),
                    ("WARC-Refers-To-Date", Archive.warcDate(version.capturedAt)),
                    ("WARC-Payload-Digest", digest),
                ],
                block: Data()
            )
            records += 1
        }
        documents.insert(version.documentID)
        bytes += exported.original.count
    }
}
