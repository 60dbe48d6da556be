package import ArchiveCore
package import Foundation

/// The body of `POST /exports`: what to export and as which package.
///
/// ```json
/// {"package": "bagit", "documents": ["press/42"], "since": "2024-01-01", "render": ["text"], "serialization": "zip"}
/// ```
package struct ExportOrder: Decodable, Sendable {
    /// `bagit` (the default), `ocfl` or `warc`.
    var package: String?
    /// Document ids; or `all: true`.
    var documents: [String]?
    var all: Bool?
    var since: String?
    var until: String?
    var at: String?
    /// Renderings beside each original (BagIt and OCFL): exporter ids such as `text`, `html`, `json`.
    var render: [String]?
    /// How a BagIt bag or an OCFL root is sent: `tar`, `tar.gz` (the default), `tar.zst`, `tar.xz` or `zip`.
    var serialization: String?

    static let packages = ["bagit", "ocfl", "warc"]
    static let serializations = ["tar", "tar.gz", "tar.zst", "tar.xz", "zip"]

    /// Decodes and checks an order, naming the field at fault.
    package static func decode(_ data: Data) throws -> ExportOrder {
        let order: ExportOrder
        do {
            order = try JSONDecoder().decode(ExportOrder.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw ServiceError.badParameter(
                "The export order is not valid JSON of the expected shape (\(Self.describe(error))); send for example "
                    + "{\"package\": \"bagit\", \"all\": true}."
            )
        }
        let ids = order.documents ?? []
        if ids.isEmpty, order.all != true {
            throw ServiceError.badParameter("documents: name the documents to export, or send \"all\": true.")
        }
        if !ids.isEmpty, order.all == true {
            throw ServiceError.badParameter("documents: give document ids or \"all\": true, not both.")
        }
        if !packages.contains(order.packageName) {
            throw ServiceError.badParameter(
                "package: unknown package '\(order.packageName)'; use \(packages.joined(separator: ", "))."
            )
        }
        if let serialization = order.serialization, !serializations.contains(serialization) {
            throw ServiceError.badParameter(
                "serialization: unknown '\(serialization)'; use \(serializations.joined(separator: ", "))."
            )
        }
        if order.packageName == "warc", !(order.render ?? []).isEmpty {
            throw ServiceError.badParameter("render: renderings go into BagIt and OCFL packages only, not WARC.")
        }
        return order
    }

    var packageName: String { package ?? "bagit" }

    /// The documents and dates the order selects.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/invalidDate`` naming the field whose date is malformed.
    package func selection() throws -> ExportSelection {
        ExportSelection(
            documentIDs: documents ?? [],
            since: try since.map { try ArchiveDate.parse($0, field: "since", anchor: .startOfDay) },
            until: try until.map { try ArchiveDate.parse($0, field: "until", anchor: .endOfDay) },
            at: try at.map { try ArchiveDate.parse($0, field: "at", anchor: .endOfDay) }
        )
    }

    /// The file name the package is sent as.
    var fileName: String {
        let stamp = ArchiveDate.format(Date()).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-",
            with: ""
        )
        switch packageName {
        case "warc": return "mura-\(stamp).warc.gz"
        case "ocfl": return "mura-ocfl-\(stamp).\(serialization ?? "tar.gz")"
        default: return "mura-bag-\(stamp).\(serialization ?? "tar.gz")"
        }
    }

    static func mediaType(forFileName name: String) -> String {
        if name.hasSuffix(".zip") { return "application/zip" }
        if name.hasSuffix(".gz") { return "application/gzip" }
        if name.hasSuffix(".zst") { return "application/zstd" }
        if name.hasSuffix(".xz") { return "application/x-xz" }
        return "application/x-tar"
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
