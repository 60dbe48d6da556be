public import ArchiveCore
import Foundation

/// What fetching a URL answered: the final response after redirects.
public struct FetchedPage: Sendable {
    /// The URL asked for.
    public var requestedURL: String
    /// The response: final URL, status, header fields.
    public var response: CapturedResponse
    /// The body as transferred (empty for 304).
    public var body: [UInt8]

    /// The media type of the body without parameters, lower-cased (`text/html`).
    public var mediaType: String? {
        response.value("Content-Type")?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}
