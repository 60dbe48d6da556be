import ArchiveCore
import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of the service, `Resources/openapi.yaml`: read from the target's resources once,
/// when the router is built, and served at `GET /openapi.yaml` byte for byte.
struct OpenAPIDocument: Sendable {
    /// The document as it is stored.
    let bytes: ByteBuffer

    /// Reads the document from the resources of this module.
    ///
    /// - Throws: ``ArchiveError`` (unreadable input) when the resource is missing or unreadable, which means
    ///   the installation is incomplete.
    static func load() throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw ArchiveError(
                .unreadableInput,
                "The service's OpenAPI document openapi.yaml is missing from its resources "
                    + "(\(Bundle.module.bundlePath)); reinstall Mura with its resource bundle beside the executable."
            )
        }
        do {
            return OpenAPIDocument(bytes: ByteBuffer(bytes: try Data(contentsOf: url)))
        } catch {
            throw ArchiveError(
                .unreadableInput,
                "The service's OpenAPI document \(url.path) could not be read; reinstall Mura.",
                underlying: error
            )
        }
    }
}
