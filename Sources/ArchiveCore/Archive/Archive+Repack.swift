import Foundation
import Logging

extension Archive {
    /// Rewrites bundles into the shared form (``BundleHeader``): self-contained bundles written before it, and
    /// keyframes written before their site (or the archive) had a dictionary. Dictionaries are trained first, for
    /// each site with at least ``RepackOptions/siteDocuments`` documents and for the archive as a whole, from the
    /// first versions of their documents; each is an immutable file named by its SHA-256.
    ///
    /// Each rewritten bundle is decoded and checked against the catalog before the catalog names it; the switch
    /// happens under the write lock, one version at a time, and the old file is removed after. A repack that stops
    /// (killed, crashed) leaves every version readable: the next one removes what it left behind and goes on.
    /// Readers that found the old key meanwhile read the new one (see ``storedFiles(of:)``).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidSettings`` when the archive compresses with xz or gzip
    ///   (the shared form is zstd); bundles that cannot be read are reported, not thrown, and left as they are.
    public func repack(
        options: RepackOptions = .init(),
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) async throws -> RepackReport {
        guard settings.compression.sharesContent else {
            throw ArchiveError(
                .invalidSettings,
                "This archive keeps its bundles self-contained (\(settings.compression)); `mura repack` writes the "
                    + "shared form, which is zstd. Change `compression` in \(ArchiveSettings.fileName) first."
            )
        }
        var report = RepackReport()
        var versions = try await catalog.allVersions()
        report.removedLeftovers = try await removeLeftovers(of: versions)
        report.dictionaries = try await trainDictionaries(for: versions, options: options)
        versions = try await catalog.allVersions()
        let documents = Dictionary(grouping: versions, by: \.documentID).sorted { $0.key < $1.key }
        for (done, (_, history)) in documents.enumerated() {
            try await repack(history.sorted { $0.capturedAt < $1.capturedAt }, options: options, into: &report)
            progress?(done + 1, documents.count)
        }
        try await recordDurably(
            ProvenanceEvent(
                kind: .repack,
                outcome: report.problems.isEmpty ? .success : .failure,
                detail: "\(report.rewritten) bundles rewritten (\(report.bytesBefore) bytes to \(report.bytesAfter)), "
                    + "\(report.dictionaries.count) dictionaries trained, \(report.problems.count) problems"
            )
        )
        logger.info("repacked", metadata: ["rewritten": "\(report.rewritten)", "problems": "\(report.problems.count)"])
        return report
    }

    /// Removes the bundle files an interrupted repack left: a second file of a version whose catalog row names
    /// another file that exists.
    private func removeLeftovers(of versions: [Version]) async throws -> Int {
        let named = Dictionary(versions.map { ($0.id, $0.bundlePath) }, uniquingKeysWith: { first, _ in first })
        var removed = 0
        for key in try await store.allKeys() {
            guard let id = BundleLayout.versionID(ofKey: key), let current = named[id], current != key,
                try await store.contains(current)
            else { continue }
            try await writeLock.withLock {
                // Looked at again under the lock: the catalog may have moved on.
                guard let row = try await catalog.version(id: id), row.bundlePath != key else { return }
                try await store.remove(key)
                removed += 1
            }
        }
        return removed
    }

    /// Trains a dictionary for each site with enough documents and none yet, and one for the archive when it has
    /// none and enough documents remain without a site dictionary.
    private func trainDictionaries(for versions: [Version], options: RepackOptions) async throws -> [DictionaryInfo] {
        // The first version of each document, by site.
        var firsts: [String: Version] = [:]
        for version in versions where version.capturedAt < (firsts[version.documentID]?.capturedAt ?? .distantFuture) {
            firsts[version.documentID] = version
        }
        let bySite = Dictionary(grouping: firsts.values.sorted { $0.documentID < $1.documentID }) {
            DictionaryInfo.site(of: $0.source) ?? ""
        }
        var scopes = Set(try await dictionaryInfos().map(\.scope))
        var trained: [DictionaryInfo] = []
        var rest: [Version] = []
        for (site, firsts) in bySite.sorted(by: { $0.key < $1.key }) {
            if !site.isEmpty, !scopes.contains(site), firsts.count >= options.siteDocuments,
                let info = try await trainDictionary(scope: site, from: firsts, options: options)
            {
                trained.append(info)
                scopes.insert(site)
            }
            if !scopes.contains(site) { rest += firsts }
        }
        if !scopes.contains(DictionaryInfo.archiveScope), rest.count >= options.siteDocuments,
            let info = try await trainDictionary(scope: DictionaryInfo.archiveScope, from: rest, options: options)
        {
            trained.append(info)
        }
        return trained
    }

    /// Trains one dictionary on the tars of up to ``RepackOptions/samples`` of `versions` (spread over them) and
    /// stores it with its description; `nil` when libzstd finds too little to train on.
    private func trainDictionary(
        scope: String,
        from versions: [Version],
        options: RepackOptions
    ) async throws -> DictionaryInfo? {
        let step = max(1, versions.count / options.samples)
        var samples: [Data] = []
        for version in stride(from: 0, to: versions.count, by: step).map({ versions[$0] }).prefix(options.samples) {
            if let bundle = try? await store.data(at: version.bundlePath),
                let tar = try? await repackTar(of: version, bundle: bundle)
            {
                samples.append(tar)
            }
        }
        let total = samples.reduce(0) { $0 + $1.count }
        // About a hundredth of what it is trained on, as zstd advises, up to the largest size.
        let capacity = min(options.dictionarySize, max(2048, total / 100))
        let dictionary: Data
        do {
            dictionary = try await runBlocking { [samples] in
                try Zstd.trainDictionary(samples: samples, capacity: capacity)
            }
        } catch let error as ArchiveError {
            logger.notice("no dictionary trained", metadata: ["scope": "\(scope)", "reason": "\(error.message)"])
            return nil
        }
        let sha256 = Digest.sha256(dictionary)
        let info = DictionaryInfo(
            scope: scope,
            key: DictionaryLayout.key(sha256: sha256),
            trainedAt: ArchiveDate.roundedToMilliseconds(Date()),
            samples: samples.count
        )
        // The dictionary first: a description never names a dictionary that is not there.
        try await storeImmutable(dictionary, as: info.key)
        try await storeImmutable(try DictionaryInfo.encoder.encode(info), as: DictionaryLayout.infoKey(sha256: sha256))
        logger.info("dictionary trained", metadata: ["scope": "\(scope)", "samples": "\(samples.count)"])
        return info
    }

    /// Writes an immutable file durably under `key` unless it is there already.
    private func storeImmutable(_ data: Data, as key: String) async throws {
        guard try await !store.contains(key) else { return }
        let staged = try await store.stage(data, for: key)
        do {
            try await store.commit(staged: staged, as: key)
        } catch {
            await store.discard(staged: staged)
            throw error
        }
        await store.discard(staged: staged)
    }

    /// Rewrites the bundles of one document's versions (in captured order) that are not yet in the shared form,
    /// or are keyframes without the dictionary their site now has, when that makes them smaller together (a lone
    /// small version without a dictionary can grow by its header, and is then left as it is).
    private func repack(_ history: [Version], options: RepackOptions, into report: inout RepackReport) async throws {
        var keyframe: Keyframe?
        var planned: [(version: Version, before: Int, encoded: EncodedBundle)] = []
        for version in history {
            do {
                let bundle = try await store.data(at: version.bundlePath)
                let header = try BundleHeader.read(from: bundle, key: version.bundlePath)?.header
                if let header, header.base != nil { continue }
                let dictionary = try await currentDictionary(forSource: version.source)?.key
                if let header, header.dictionary != nil || dictionary == nil {
                    // A keyframe as it should be: the versions after it are patched against it.
                    keyframe = Keyframe(
                        base: BundleHeader.Base(versionID: version.id, tarSHA256: header.tarSHA256),
                        tar: try await tar(ofBundle: bundle, key: version.bundlePath)!,
                        fileSize: bundle.count
                    )
                    continue
                }
                // A keyframe given its dictionary keeps its tar, so the versions stored against it stay readable.
                let encoded = try await sharedBundle(
                    tar: try await repackTar(of: version, bundle: bundle),
                    for: version,
                    level: options.level ?? settings.compression.level,
                    keyframe: header == nil ? keyframe : nil
                )
                if let made = encoded.keyframe { keyframe = made }
                planned.append((version, bundle.count, encoded))
            } catch let error as ArchiveError {
                report.problems.append("version \(version.id) of '\(version.documentID)': \(error.message)")
            }
        }
        let before = planned.reduce(0) { $0 + $1.before }
        let after = planned.reduce(0) { $0 + $1.encoded.data.count }
        guard after < before else {
            report.keptAsTheyWere += planned.count
            return
        }
        // In captured order: a keyframe is in the store before the versions stored against it are checked.
        for item in planned {
            do {
                try await checkRewritten(item.encoded, of: item.version)
                guard try await switchBundle(of: item.version, to: item.encoded) else { continue }
                report.rewritten += 1
                report.bytesBefore += item.before
                report.bytesAfter += item.encoded.data.count
            } catch let error as ArchiveError {
                report.problems.append("version \(item.version.id) of '\(item.version.documentID)': \(error.message)")
            }
        }
    }

    /// The tar a version's rewritten bundle holds, from its bundle's bytes: the same tar for a bundle in the shared
    /// form; for a self-contained bundle, its bag (checked against the catalog and the file's recorded SHA-256) with
    /// bag-info.txt saying what the shared form promises.
    func repackTar(of version: Version, bundle: Data) async throws -> Data {
        if let tar = try await tar(ofBundle: bundle, key: version.bundlePath) { return tar }
        let key = version.bundlePath
        var bag = try await runBlocking { try Self.bag(from: bundle, key: key).get() }
        var problems = Self.mismatches(between: bag, and: version)
        if let changed = Self.fixityProblem(of: version, sha256: try await runBlocking { Digest.sha256(bundle) }) {
            problems.append(changed)
        }
        guard problems.isEmpty else {
            throw ArchiveError(.corruptBundle, "Bundle \(key): " + problems.joined(separator: "; "))
        }
        bag.info.removeAll { $0.label == "Mura-Bundle-Storage" }
        bag.info.append(.init("Mura-Bundle-Storage", BundleLayout.sharedFormNote))
        let files = bag.files()
        return try await runBlocking {
            try LibArchiveWriter.data(files, name: key, format: .tar(nil), modified: version.capturedAt)
        }
    }

    /// Decodes a rewritten bundle as every read will and checks it against the version's catalog row.
    private func checkRewritten(_ encoded: EncodedBundle, of version: Version) async throws {
        let key = encoded.key
        guard let tar = try await tar(ofBundle: encoded.data, key: key) else {
            throw ArchiveError(.writeFailed, "The rewritten bundle \(key) has no header.")
        }
        let bag = try await runBlocking { try Self.bag(from: tar, key: key).get() }
        let problems = Self.mismatches(between: bag, and: version)
        guard problems.isEmpty else {
            throw ArchiveError(
                .writeFailed,
                "The rewritten bundle \(key) does not match: \(problems.joined(separator: "; "))"
            )
        }
    }

    /// Stores the rewritten bundle, points the catalog at it and removes the old file, under the write lock; `false`
    /// when the catalog no longer names the old file (nothing changed then).
    private func switchBundle(of version: Version, to encoded: EncodedBundle) async throws -> Bool {
        let key = encoded.key
        return try await writeLock.withLock {
            let staged = try await store.stage(encoded.data, for: key)
            if try await !store.contains(key) { try await store.commit(staged: staged, as: key) }
            let switched = try await catalog.replaceBundle(
                ofVersion: version.id,
                previousKey: version.bundlePath,
                key: key,
                sha256: encoded.sha256
            )
            // The staged file goes last: until then it records the rewrite, which the next open completes.
            if switched {
                try await store.remove(version.bundlePath)
            } else {
                try? await store.remove(key)
            }
            await store.discard(staged: staged)
            return switched
        }
    }
}

/// How `mura repack` trains dictionaries.
public struct RepackOptions: Sendable {
    /// A site gets its own dictionary once it has this many documents.
    public var siteDocuments: Int
    /// The most first versions a dictionary is trained on.
    public var samples: Int
    /// The largest dictionary, in bytes (zstd's own default is 110 KB).
    public var dictionarySize: Int
    /// The zstd level of the rewritten bundles; the archive's level when `nil`.
    public var level: Int?

    public init(siteDocuments: Int = 32, samples: Int = 300, dictionarySize: Int = 112_640, level: Int? = nil) {
        self.siteDocuments = siteDocuments
        self.samples = samples
        self.dictionarySize = dictionarySize
        self.level = level
    }
}

/// What `mura repack` did.
public struct RepackReport: Codable, Sendable {
    /// Bundles rewritten into the shared form.
    public var rewritten = 0
    /// Their size before and after.
    public var bytesBefore = 0
    public var bytesAfter = 0
    /// Dictionaries trained by this repack.
    public var dictionaries: [DictionaryInfo] = []
    /// Versions left self-contained because rewriting their document's bundles would not make them smaller.
    public var keptAsTheyWere = 0
    /// Files an interrupted repack had left, removed.
    public var removedLeftovers = 0
    /// Versions left as they were because their bundle could not be read or rewritten, each with what is wrong.
    public var problems: [String] = []

    public init() {}
}
