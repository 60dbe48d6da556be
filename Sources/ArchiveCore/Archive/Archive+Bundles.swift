public import Foundation
import Logging

extension Archive {
    /// The tar a bundle file holds, decoded with the dictionary or base version its header names; `nil` for a
    /// self-contained bundle (no header: libarchive reads it as it is).
    ///
    /// With `checked` false, the SHA-256 values recorded along the way (of the tar, the base's tar, the dictionary)
    /// are not computed: for a caller that checks what it takes from the tar against the catalog's own digest.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle and, when that is the cause, the
    ///   missing or damaged dictionary or base.
    func tar(ofBundle bundle: Data, key: String, asBase: Bool = false, checked: Bool = true) async throws -> Data? {
        guard let (header, frameStart) = try BundleHeader.read(from: bundle, key: key) else { return nil }
        var dictionary: ZstdDictionary?
        if let name = header.dictionary {
            dictionary = try await self.dictionary(name, neededBy: "bundle \(key)", checked: checked)
        }
        var reference: Data?
        if let base = header.base {
            guard !asBase else {
                throw ArchiveError(
                    .corruptBundle,
                    "Bundle \(key) is named as a base but has a base of its own (version \(base.versionID))."
                )
            }
            reference = try await baseTar(base, neededBy: key, checked: checked)
        }
        let frame = bundle[(bundle.startIndex + frameStart)...]
        return try await runBlocking { [dictionary, reference] in
            let tar: Data
            do {
                tar = try Zstd.decompress(
                    Data(frame),
                    dictionary: dictionary,
                    reference: reference,
                    limit: header.tarSize
                )
            } catch let error as ArchiveError {
                throw ArchiveError(.corruptBundle, "Bundle \(key) cannot be decoded: \(error.message).")
            }
            guard tar.count == header.tarSize, !checked || Digest.sha256(tar) == header.tarSHA256 else {
                throw ArchiveError(
                    .corruptBundle,
                    "Bundle \(key) decodes to a tar whose SHA-256 or size is not the one its header records."
                )
            }
            return tar
        }
    }

    /// The dictionary at `key`, read and checked against the SHA-256 its name carries (once per process); with
    /// `checked` false, read without the check and not kept. `bundle` names what needs it in messages ("bundle
    /// bundles/ab/cd/….tar.zst", "a new bundle").
    func dictionary(_ key: String, neededBy bundle: String, checked: Bool = true) async throws -> ZstdDictionary {
        if let known = dictionaries.dictionary(key) { return known }
        let data: Data
        do {
            data = try await store.data(at: key)
        } catch {
            throw ArchiveError(
                .corruptBundle,
                "\(bundle.prefix(1).uppercased() + bundle.dropFirst()) needs the zstd dictionary \(key), which is missing. Restore \(key) from a backup: "
                    + "every bundle compressed with it is unreadable until then (`mura verify` lists them)."
            )
        }
        if !checked { return try ZstdDictionary(data) }
        guard Digest.sha256(data) == DictionaryLayout.sha256(ofKey: key) else {
            throw ArchiveError(
                .corruptBundle,
                "\(bundle.prefix(1).uppercased() + bundle.dropFirst()) needs the zstd dictionary \(key), which is damaged (its SHA-256 is not the one "
                    + "in its name). Restore it from a backup: every bundle compressed with it is unreadable until then."
            )
        }
        let dictionary = try ZstdDictionary(data)
        dictionaries.keep(dictionary, as: key)
        return dictionary
    }

    /// The tar of a base version, found by the version id among the bundle keys (so it holds whatever the catalog
    /// says, even while it is being rebuilt): the bundle whose header records the SHA-256 the dependent bundle
    /// recorded, decoded and checked against it (with `checked` false, not checked and not kept).
    func baseTar(_ base: BundleHeader.Base, neededBy bundle: String, checked: Bool = true) async throws -> Data {
        if let known = dictionaries.base(sha256: base.tarSHA256) { return known }
        let keys = try await store.keys(withPrefix: BundleLayout.prefix(forVersion: base.versionID))
        var problems: [String] = []
        for key in keys.reversed() where BundleLayout.isShared(key) {
            do {
                let data = try await store.data(at: key)
                guard let (header, _) = try BundleHeader.read(from: data, key: key) else { continue }
                guard header.tarSHA256 == base.tarSHA256 else {
                    problems.append("\(key) holds another tar")
                    continue
                }
                // The tar is checked against its header's SHA-256, which is the one the dependent recorded.
                guard let tar = try await tar(ofBundle: data, key: key, asBase: true, checked: checked) else {
                    continue
                }
                if checked { dictionaries.keep(base: tar, sha256: base.tarSHA256) }
                return tar
            } catch let error as ArchiveError {
                problems.append(error.message)
            }
        }
        throw ArchiveError(
            .corruptBundle,
            "Bundle \(bundle) is stored against version \(base.versionID) (its base), "
                + (problems.isEmpty
                    ? "whose bundle is missing. "
                    : "whose bundle is unreadable: \(problems.joined(separator: "; ")) ")
                + "Restore the base's bundle from a backup: every version stored against it is unreadable until then."
        )
    }
}

extension Archive {
    /// A new version's tar as a bundle in the shared form: compressed against the tar of its document's keyframe
    /// (the version the latest one was stored against, or the latest itself) when that makes a patch under half the
    /// keyframe's own bundle; otherwise as a keyframe, with the dictionary of its site (or of the archive) when there
    /// is one.
    func sharedBundle(tar: Data, for version: Version, level: Int) async throws -> EncodedBundle {
        // A keyframe that cannot be read (damaged, being rewritten) never stops an ingest: the version becomes a
        // keyframe itself.
        var keyframe: Keyframe?
        do {
            keyframe = try await self.keyframe(ofDocument: version.documentID)
        } catch {
            logger.warning(
                "the document's keyframe could not be read; the new version is stored as a keyframe",
                metadata: ["document": "\(version.documentID)", "error": "\(error)"]
            )
        }
        return try await sharedBundle(tar: tar, for: version, level: level, keyframe: keyframe)
    }

    /// A version's tar as a bundle in the shared form, against `keyframe` when that makes a patch under half the
    /// keyframe's own bundle, else as a keyframe (then returned as `keyframe`, for the next versions).
    func sharedBundle(
        tar: Data,
        for version: Version,
        level: Int,
        keyframe: Keyframe?
    ) async throws -> EncodedBundle {
        let tarSHA256 = try await runBlocking { Digest.sha256(tar) }
        if let keyframe, keyframe.base.versionID != version.id,
            keyframe.tar.count + tar.count <= 1 << Zstd.maximumWindowLog
        {
            let patch = try await runBlocking { try Zstd.compress(tar, level: level, reference: keyframe.tar) }
            if patch.count * 2 <= keyframe.fileSize {
                let data = BundleHeader(base: keyframe.base, tarSHA256: tarSHA256, tarSize: tar.count).frame + patch
                return try await EncodedBundle(data, for: version, keyframe: nil, on: self)
            }
        }
        let dictionary = try await currentDictionary(forSource: version.source)
        let frame = try await runBlocking { [dictionary] in
            try Zstd.compress(tar, level: level, dictionary: dictionary?.dictionary)
        }
        let data = BundleHeader(dictionary: dictionary?.key, tarSHA256: tarSHA256, tarSize: tar.count).frame + frame
        let made = Keyframe(
            base: BundleHeader.Base(versionID: version.id, tarSHA256: tarSHA256),
            tar: tar,
            fileSize: data.count
        )
        return try await EncodedBundle(data, for: version, keyframe: made, on: self)
    }

    /// A document's keyframe: what its latest version was stored against, or that version itself when it was stored
    /// without a base in the shared form; `nil` when the document has no version, or its latest is self-contained
    /// (stored before the shared form: `mura repack` rewrites those).
    func keyframe(ofDocument documentID: String) async throws -> Keyframe? {
        guard let latest = try await catalog.version(of: documentID, at: .distantFuture),
            BundleLayout.isShared(latest.bundlePath)
        else { return nil }
        let bundle = try await store.data(at: latest.bundlePath)
        guard let (header, _) = try BundleHeader.read(from: bundle, key: latest.bundlePath) else { return nil }
        if let base = header.base {
            let keys = try await store.keys(withPrefix: BundleLayout.prefix(forVersion: base.versionID))
            guard let key = keys.last(where: BundleLayout.isShared) else { return nil }
            return Keyframe(
                base: base,
                tar: try await baseTar(base, neededBy: latest.bundlePath),
                fileSize: try await store.size(of: key)
            )
        }
        guard let tar = try await tar(ofBundle: bundle, key: latest.bundlePath) else { return nil }
        return Keyframe(
            base: BundleHeader.Base(versionID: latest.id, tarSHA256: header.tarSHA256),
            tar: tar,
            fileSize: bundle.count
        )
    }

    /// The newest dictionary trained for the site of `source`, else the newest trained for the whole archive.
    func currentDictionary(forSource source: String?) async throws -> (key: String, dictionary: ZstdDictionary)? {
        let infos = try await dictionaryInfos()
        let site = DictionaryInfo.site(of: source)
        let chosen =
            infos.filter { $0.scope == site }.max { $0.trainedAt < $1.trainedAt }
            ?? infos.filter { $0.scope == DictionaryInfo.archiveScope }.max { $0.trainedAt < $1.trainedAt }
        guard let chosen else { return nil }
        return (chosen.key, try await dictionary(chosen.key, neededBy: "a new bundle"))
    }

    /// What every dictionary of the archive was trained for (each description read once per process).
    func dictionaryInfos() async throws -> [DictionaryInfo] {
        var infos: [DictionaryInfo] = []
        for key in try await store.keys(withPrefix: DictionaryLayout.prefix) where key.hasSuffix(".json") {
            if let known = dictionaries.info(key) {
                infos.append(known)
                continue
            }
            guard let data = try? await store.data(at: key),
                let info = try? DictionaryInfo.decoder.decode(DictionaryInfo.self, from: data),
                DictionaryLayout.sha256(ofKey: info.key) != nil
            else { continue }
            dictionaries.keep(info, as: key)
            infos.append(info)
        }
        return infos
    }
}

/// A version's bundle in the shared form: its bytes, their SHA-256 (its fixity value) and the key they give it, and
/// the keyframe it is when it is one.
struct EncodedBundle: Sendable {
    var data: Data
    var sha256: String
    var key: String
    var keyframe: Keyframe?

    init(_ data: Data, for version: Version, keyframe: Keyframe?, on archive: Archive) async throws {
        self.data = data
        sha256 = try await archive.runBlocking { Digest.sha256(data) }
        key = BundleLayout.sharedKey(forVersion: version.id, fileSHA256: sha256)
        self.keyframe = keyframe
    }
}

/// The version a document's new versions are stored against, with its tar and the size of its bundle file.
struct Keyframe: Sendable {
    var base: BundleHeader.Base
    var tar: Data
    var fileSize: Int
}

extension Archive {
    /// The validated bag in a bundle's bytes, called `key` in errors: a self-contained bundle as it is, a bundle in
    /// the shared form decoded with the dictionary or base version its header names, read from this archive.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming `key` and what is wrong or missing.
    public func bag(ofBundle bundle: Data, key: String) async throws -> Bag {
        let tar = try await tar(ofBundle: bundle, key: key)
        return try await runBlocking { try Self.bag(from: tar ?? bundle, key: key).get() }
    }
}
