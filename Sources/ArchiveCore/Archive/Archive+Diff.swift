public import Foundation
import Logging

extension Archive {
    /// What changed in a document between two versions (see ``DocumentDiff``).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownDocument``, ``ArchiveError/Code-swift.struct/unknownVersion``
    ///   or ``ArchiveError/Code-swift.struct/beforeFirstCapture`` naming the side that selects no version.
    public func diff(_ documentID: String, from: VersionSelector, to: VersionSelector) async throws -> DocumentDiff {
        let documentID = try await storedDocumentID(documentID)
        let old = try await version(of: documentID, selectedBy: from)
        let new = try await version(of: documentID, selectedBy: to)
        async let oldContent = content(of: old)
        async let newContent = content(of: new)
        let (before, after) = try await (oldContent, newContent)
        return try await runBlocking { DocumentDiff(from: old, before.document, to: new, after.document) }
    }

    /// The share of words each version changed against the version before it (what a calendar of changes shades
    /// by), by version id; the first version, and a version whose bundle or whose predecessor's cannot be read, have
    /// none.
    public func changedShares(of documentID: String) async throws -> [String: Double] {
        let documentID = try await storedDocumentID(documentID)
        let versions = try await catalog.versions(of: documentID)
        guard versions.count > 1 else { return [:] }
        let documents = await withTaskGroup(of: (Int, Document?).self) { group in
            for (index, version) in versions.enumerated() {
                group.addTask {
                    do {
                        return (index, try await content(of: version).document)
                    } catch {
                        logger.warning("version left out of the changes", metadata: ["version": "\(version.id)"])
                        return (index, nil)
                    }
                }
            }
            var documents = [Document?](repeating: nil, count: versions.count)
            for await (index, document) in group { documents[index] = document }
            return documents
        }
        return try await runBlocking {
            var shares: [String: Double] = [:]
            for index in 1..<versions.count {
                guard let before = documents[index - 1], let after = documents[index] else { continue }
                shares[versions[index].id] =
                    TextComparison(old: before.blocks.map(\.text), new: after.blocks.map(\.text)).changedShare
            }
            return shares
        }
    }

    func version(of documentID: String, selectedBy selector: VersionSelector) async throws -> Version {
        switch selector {
        case .date(let date):
            return try await version(of: documentID, at: date)
        case .ordinal(let number):
            return try await version(of: documentID, ordinal: number)
        case .id(let versionID):
            guard let version = try await catalog.version(id: versionID), version.documentID == documentID else {
                _ = try await requireDocument(documentID)
                throw ArchiveError(
                    .unknownVersion,
                    "Document '\(documentID)' has no version \(versionID). `mura history \(documentID)` lists its "
                        + "versions."
                )
            }
            return version
        }
    }
}

/// How a version of a document is named: a date (the version in force then), its ordinal (1 is the first), or its
/// id.
public enum VersionSelector: Hashable, Sendable {
    case date(Date)
    case ordinal(Int)
    case id(String)

    /// A whole number is an ordinal, a date (a day or a time) a date, anything else a version id.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidArgument`` for an empty value.
    public init(parsing text: String, field: ArchiveError.Field) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw ArchiveError(
                .invalidArgument,
                "No version given: name one by a date (2024-05-01), its number in the history (1, 2…) or its id.",
                field: field
            )
        }
        if let number = Int(trimmed), number > 0 {
            self = .ordinal(number)
        } else if trimmed.range(of: #"^[0-9]{4}-"#, options: .regularExpression) != nil {
            // A day means its end: the version in force that day.
            do {
                self = .date(try ArchiveDate.parse(trimmed, field: field.rawValue, anchor: .endOfDay))
            } catch var error as ArchiveError {
                error.field = field
                throw error
            }
        } else {
            // Version ids are UUIDs, stored in lower case; one copied in upper case names the same version.
            self = .id(UUID(uuidString: trimmed) != nil ? trimmed.lowercased() : trimmed)
        }
    }
}
