public import ArchiveCore
public import Foundation

/// Renders a version as Mura document JSON, the schema published in `mura-document.schema.json` beside this
/// file. The JSON importer reads it back to the same document.
public struct JSONExporter: DocumentExporter {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            format: .json,
            name: "Mura document JSON",
            mediaTypes: ["application/json"],
            fileExtensions: ["json"]
        )
    }

    public func export(_ request: ExportRequest) throws -> Data {
        var data = try Document.encoder.encode(request.document)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension DocumentExporter where Self == JSONExporter {
    /// The Mura document JSON exporter.
    public static var json: Self { .init() }
}
