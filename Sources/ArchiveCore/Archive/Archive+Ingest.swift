import Foundation
import Logging

extension Archive {
    /// Ingests one input: picks the importer, reads the documents, and stores a new version of each unless its
    /// content equals the version in force at the capture time, in which case it records an observation.
    ///
    /// Every document of the input is read and given an id before anything is written, so a bad input leaves
    /// the archive unchanged.
    ///
    /// - Throws: ``ArchiveError`` naming the input: ``ArchiveError/Code-swift.struct/emptyInput``,
    ///   ``ArchiveError/Code-swift.struct/unknownFormat``, ``ArchiveError/Code-swift.struct/undecodableInput``,
    ///   ``ArchiveError/Code-swift.struct/invalidArgument`` (no usable id),
    ///   ``ArchiveError/Code-swift.struct/captureConflict``.
    public func ingest(_ request: IngestRequest, registry: PluginRegistry) async throws -> [IngestResult] {
        let bundles = settings.compression
        return try await store(
            try await runBlocking { try Self.prepare(request, registry: registry, bundles: bundles) }
        )
    }

    /// Reads an input into documents with their ids, writing nothing: the part of an ingest that may run on many
    /// inputs at once. ``store(_:)`` then writes them, one input at a time.
    ///
    /// - Throws: what ``ingest(_:registry:)`` throws for a bad input.
    ///
    /// With `bundles` (the archive's bundle compression) and a capture time given, each document's bundle is also
    /// written here, in memory, ready to be stored: the costliest part of storing a version then runs beside the
    /// parsing of other inputs instead of one at a time. A bundle is written again when storing finds its time
    /// taken, and is dropped when the document is unchanged. With `bundles`, the terms the search index takes are
    /// read here too, unless `deferringSearchIndex`: then new versions are catalogued without them, and the next
    /// ``open(at:logger:searchIndexProgress:)`` of the archive indexes them, in batches (for a bulk load).
    public static func prepare(
        _ request: IngestRequest,
        registry: PluginRegistry,
        bundles: BundleCompression? = nil,
        deferringSearchIndex: Bool = false
    ) throws -> PreparedIngest {
        if let capturedAt = request.capturedAt { try ArchiveDate.checkCaptureTime(capturedAt, field: request.name) }
        let capturedAt = request.capturedAt.map(ArchiveDate.roundedToMilliseconds)
        var documents = try prepareDocuments(request, registry: registry)
        if bundles != nil, !deferringSearchIndex {
            for index in documents.indices { documents[index].indexed = IndexedText(documents[index].document) }
        }
        if let bundles, let capturedAt {
            for index in documents.indices {
                let version = documents[index].newVersion(
                    sha256: Digest.sha256(documents[index].original),
                    capturedAt: capturedAt,
                    compression: bundles
                )
                documents[index].bundle = try PreparedBundle(version: version, document: documents[index], bundles)
            }
        }
        return PreparedIngest(documents: documents, capturedAt: capturedAt, defersSearchIndex: deferringSearchIndex)
    }

    /// Writes the bundles that ``prepare(_:registry:bundles:deferringSearchIndex:)`` made in memory to the store's
    /// staging files, durably, before ``store(_:)`` takes the write lock: writing and syncing them then overlaps
    /// with storing other inputs instead of waiting its turn. ``store(_:)`` commits them, or removes those it does
    /// not need (a document seen unchanged); a writer that stops first leaves them for the next open to remove.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/writeFailed`` naming the file (nothing is left behind then).
    public func stage(_ prepared: PreparedIngest) async throws -> PreparedIngest {
        var prepared = prepared
        do {
            for index in prepared.documents.indices {
                guard var bundle = prepared.documents[index].bundle, bundle.staged == nil else { continue }
                bundle = try await encoded(bundle)
                bundle.staged = try await store.stage(bundle.data, for: bundle.version.bundlePath)
                prepared.documents[index].bundle = bundle
            }
        } catch {
            for staged in prepared.documents.compactMap(\.bundle?.staged) { await store.discard(staged: staged) }
            throw error
        }
        return prepared
    }

    /// A prepared bundle whose data is its tar, encoded in the shared form (see
    /// ``sharedBundle(tar:for:level:)``), with its key and digest; other bundles as they are.
    func encoded(_ bundle: PreparedBundle) async throws -> PreparedBundle {
        guard bundle.isTar else { return bundle }
        var bundle = bundle
        let encoded = try await sharedBundle(tar: bundle.data, for: bundle.version, level: bundle.compression.level)
        bundle.data = encoded.data
        bundle.isTar = false
        bundle.version.bundlePath = encoded.key
        bundle.version.bundleSHA256 = encoded.sha256
        return bundle
    }

    struct PreparedDocument: Sendable {
        var document: Document
        var original: Data
        var importer: any DocumentImporter
        /// The HTTP response the document was fetched in, if it was.
        var response: CapturedResponse?
        /// The extension its original is kept under, when the importer chose one.
        var originalExtension: String?
        /// The bundle of a new version of the document, written ahead (see ``Archive/prepare(_:registry:bundles:)``).
        var bundle: PreparedBundle?
        /// The terms the search index takes for a new version, read ahead with the document.
        var indexed: IndexedText?

        /// The catalog's row for a new version of this document, whose original has the SHA-256 `sha256`, captured
        /// at `capturedAt`, with a new id.
        func newVersion(sha256: String, capturedAt: Date, compression: BundleCompression) -> Version {
            let versionID = UUID().uuidString.lowercased()
            let descriptor = importer.descriptor
            return Version(
                id: versionID,
                documentID: document.id,
                capturedAt: capturedAt,
                sha256: sha256,
                size: original.count,
                bundlePath: BundleLayout.key(forVersion: versionID, compression: compression),
                format: descriptor.format,
                importer: descriptor.id,
                originalExtension: originalExtension ?? descriptor.fileExtensions.first ?? "bin",
                source: document.source,
                title: document.title,
                published: document.published,
                updated: document.updated,
                language: document.language
            )
        }
    }

    /// A new version's bundle, written in memory: the version (its ``Version/bundleSHA256`` set) and the bytes.
    struct PreparedBundle: Sendable {
        var version: Version
        /// The bundle file; or, when ``isTar``, the bag's plain tar, which ``Archive/encoded(_:)`` compresses in the
        /// shared form (it needs the archive: the document's keyframe, the site's dictionary).
        var data: Data
        var isTar: Bool
        /// The compression it was written for.
        var compression: BundleCompression
        /// The staging file the bytes were written to ahead of storing (see ``Archive/stage(_:)``).
        var staged: URL?

        /// Writes the bundle of `version` of `prepared` (with zstd, its tar); blocks the calling thread.
        init(version: Version, document prepared: PreparedDocument, _ compression: BundleCompression) throws {
            let shared = compression.sharesContent
            let bag = try BundleLayout.bag(
                for: version,
                document: prepared.document,
                original: prepared.original,
                response: prepared.response,
                shared: shared
            )
            data = try LibArchiveWriter.data(
                // The version's SHA-256 is the original's, computed a moment ago.
                bag.files(knownSHA256: [version.originalPath: version.sha256]),
                name: version.bundlePath,
                format: shared ? .tar(nil) : .bundle(compression),
                modified: version.capturedAt
            )
            self.version = version
            self.compression = compression
            isTar = shared
            if !shared { self.version.bundleSHA256 = Digest.sha256(data) }
        }
    }

    /// Reads an input into documents with their ids exactly as ``ingest(_:registry:)`` would, writing nothing
    /// (what `mura inspect` shows). Needs no archive.
    public static func inspect(_ request: IngestRequest, registry: PluginRegistry) throws -> [InspectedDocument] {
        try prepareDocuments(request, registry: registry).map {
            InspectedDocument(document: $0.document, format: $0.importer.descriptor.format)
        }
    }

    static func prepareDocuments(_ request: IngestRequest, registry: PluginRegistry) throws -> [PreparedDocument] {
        guard !request.data.isEmpty else {
            throw ArchiveError(.emptyInput, "\(request.name) is empty; there is nothing to archive.")
        }
        let pageID = try request.pageURL.map { url in
            guard let id = PageIdentity.id(of: url) else {
                throw ArchiveError(
                    .invalidArgument,
                    "\(request.name): the page URL '\(url.prefix(200))' is not an absolute http or https URL.",
                    field: .sourceURL
                )
            }
            return id
        }
        let sourceURL =
            pageID == nil
            ? try request.sourceURL.map { try SourceURL.validate($0, field: "\(request.name): source URL") } : nil
        let importer = try registry.importer(
            for: .init(
                format: request.format,
                mediaType: request.mediaType,
                fileName: request.fileName,
                prefix: request.data.prefix(64 * 1024)
            )
        )
        let imported = try importer.importDocuments(
            ImportRequest(
                data: request.data,
                name: request.name,
                mediaType: request.mediaType,
                sourceURL: sourceURL
            )
        )
        guard !imported.isEmpty else {
            throw ArchiveError(
                .undecodableInput,
                "\(request.name) holds no document the \(importer.descriptor.name) importer can read."
            )
        }
        if imported.count > 1, request.documentID != nil {
            throw ArchiveError(
                .invalidArgument,
                "\(request.name) holds \(imported.count) documents, so one document id cannot name them all; "
                    + "leave the id out and each document gets its own.",
                field: .documentID
            )
        }
        let documents = try imported.enumerated().map { number, item in
            var document = item.document
            // A URL the page names for itself is kept only when it is a usable http(s) URL.
            document.source = sourceURL ?? document.source.flatMap { SourceURL.isValid($0) ? $0 : nil }
            var candidates =
                [request.documentID, nonEmpty(document.id), document.source]
                + (imported.count == 1 ? [request.fallbackID] : [])
            if let pageURL = request.pageURL, let pageID, imported.count == 1 {
                // A fetched page: named by its canonical URL on the same site, else by the URL it came from.
                let canonical = document.source.flatMap { canonical in
                    PageIdentity.sameSite(canonical, pageURL) ? PageIdentity.id(of: canonical) : nil
                }
                document.source = canonical ?? pageID
                candidates = [request.documentID, document.source]
            }
            guard let id = candidates.compactMap({ $0 }).first else {
                // In a feed or an array, the item at fault is named: its place, and its title where it has one.
                let item =
                    imported.count > 1
                    ? ": item \(number + 1) of \(imported.count)"
                        + (document.title.map { " ('\($0.prefix(80))')" } ?? "") + " has no id and no usable URL; give "
                        + "each item an id or an http(s) url."
                    : " has no document id: give it a document id or a "
                        + "source URL."
                // In a feed or an array, the input's content is at fault (65); alone, the command lacks an id (64).
                throw ArchiveError(
                    imported.count > 1 ? .undecodableInput : .invalidArgument,
                    "\(request.name)\(item)",
                    field: .documentID
                )
            }
            if id == request.fallbackID, !request.fallbackSharedWith.isEmpty {
                let others = request.fallbackSharedWith.prefix(3).joined(separator: ", ")
                throw ArchiveError(
                    .invalidArgument,
                    "\(request.name) would be document '\(id)', and so would \(others): files named alike but for "
                        + "their extension are not versions of one document. Give each its own id (--id, or a URL "
                        + "in --url-map) or rename one.",
                    field: .documentID
                )
            }
            document.id = try DocumentID.validate(id, source: request.name)
            return PreparedDocument(
                document: document,
                original: item.original ?? request.data,
                importer: importer,
                response: request.response,
                originalExtension: item.originalExtension
            )
        }
        return try Self.withoutRepeats(documents, of: request)
    }

    /// The documents of a feed or an array with an item given again (the same id and the same bytes) read once;
    /// two items that name one document with different content are refused, since one capture holds one version of
    /// a document, and which of the two is in force would be left to their order.
    private static func withoutRepeats(
        _ documents: [PreparedDocument],
        of request: IngestRequest
    ) throws -> [PreparedDocument] {
        guard documents.count > 1 else { return documents }
        var first: [String: Int] = [:]
        var kept: [PreparedDocument] = []
        for (number, prepared) in documents.enumerated() {
            guard let earlier = first[prepared.document.id] else {
                first[prepared.document.id] = number
                kept.append(prepared)
                continue
            }
            guard documents[earlier].original == prepared.original, documents[earlier].document == prepared.document
            else {
                throw ArchiveError(
                    .captureConflict,
                    "\(request.name): items \(earlier + 1) and \(number + 1) of \(documents.count) are both document "
                        + "'\(prepared.document.id.prefix(200))', with different content; one capture holds one "
                        + "version of a document. Give the items their own ids or URLs, or ingest them separately.",
                    field: .documentID
                )
            }
        }
        return kept
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
