import Foundation

extension Archive {
    /// The HTTP response a version was captured from, read from its bundle; `nil` for a version that was not fetched
    /// (a file, standard input, a request body).
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/corruptBundle`` naming the bundle.
    public func response(of version: Version) async throws -> CapturedResponse? {
        let bundle = try await store.data(at: version.bundlePath)
        return try await runBlocking {
            try CapturedResponse.read(
                from: try Self.bag(from: bundle, key: version.bundlePath).get(),
                key: version.bundlePath
            )
        }
    }
}
