import Foundation

extension Archive {
    /// The HTTP response a version was captured from, read from its bundle; `nil` for a version that was not fetched
    /// (a file, standard input, a request body).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle.
    public func response(of version: Version) async throws -> CapturedResponse? {
        let bundle = try await store.data(at: version.bundlePath)
        return try await runBlocking {
            let bag = try Self.bag(from: bundle, key: version.bundlePath).get()
            guard let file = bag.payloadFile(CapturedResponse.bundlePath) else { return nil }
            do {
                return try JSONDecoder().decode(CapturedResponse.self, from: file.data)
            } catch {
                throw ArchiveError(
                    .corruptBundle,
                    "Bundle \(version.bundlePath): \(CapturedResponse.bundlePath) is not an HTTP response Mura wrote.",
                    underlying: error
                )
            }
        }
    }
}
