package import ArchiveCore
package import Foundation

/// The body of `POST /exports`, read into a ``PackageOrder`` (which Core checks).
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

    /// Reads an order, naming the field at fault.
    ///
    /// - Throws: ``ServiceError`` 400 for JSON of another shape or an unknown package or serialization;
    ///   ``ArchiveError`` naming the field for a date that is not one.
    package static func decode(_ data: Data) throws -> PackageOrder {
        let order: ExportOrder
        do {
            order = try JSONDecoder().decode(ExportOrder.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch {
            throw ServiceError.badParameter(
                "The export order is not valid JSON of the expected shape (\(Self.describe(error))); send for example "
                    + "{\"package\": \"bagit\", \"all\": true}."
            )
        }
        return try order.packageOrder()
    }

    private func packageOrder() throws -> PackageOrder {
        let kind = try package.map { name in
            guard let kind = PackageOrder.Kind(rawValue: name) else {
                let names = PackageOrder.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServiceError.badParameter("package: unknown package '\(name)'; use \(names).")
            }
            return kind
        }
        let serialization = try serialization.map { name in
            guard let serialization = PackageOrder.Serialization(rawValue: name) else {
                let names = PackageOrder.Serialization.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServiceError.badParameter("serialization: unknown '\(name)'; use \(names).")
            }
            return serialization
        }
        // A date's message names the field itself.
        func date(_ text: String?, _ field: String, _ anchor: ArchiveDate.DayAnchor) throws -> Date? {
            try text.map { try ArchiveDate.parse($0, field: field, anchor: anchor) }
        }
        return PackageOrder(
            kind: kind ?? .bagit,
            documents: documents ?? [],
            all: all ?? false,
            since: try date(since, "since", .startOfDay),
            until: try date(until, "until", .endOfDay),
            at: try date(at, "at", .endOfDay),
            renderings: (render ?? []).map { DocumentFormat($0) },
            serialization: serialization
        )
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

extension PackageOrder {
    /// The file a package is sent as over HTTP: a `.warc.gz`, or a bag or OCFL root in its serialization (`tar.gz`
    /// unless the order names another).
    var fileName: String {
        let stamp = ArchiveDate.format(Date()).replacingOccurrences(of: ":", with: "").replacingOccurrences(
            of: "-",
            with: ""
        )
        let packing = (serialization ?? .tarGzip).rawValue
        switch kind {
        case .warc: return "mura-\(stamp).warc.gz"
        case .ocfl: return "mura-ocfl-\(stamp).\(packing)"
        case .bagit: return "mura-bag-\(stamp).\(packing)"
        }
    }

    /// The media type of ``fileName``.
    var mediaType: String {
        kind == .warc ? "application/gzip" : (serialization ?? .tarGzip).mediaType
    }
}
