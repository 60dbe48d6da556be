public import Foundation

/// A fresh folder under the system's temporary directory, removed when the closure returns.
///
/// ```swift
/// try await withTemporaryFolder { folder in
///     let archive = try await Archive.create(at: folder.appending(path: "archive"), logger: logger)
/// }
/// ```
public func withTemporaryFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
    let folder = FileManager.default.temporaryDirectory
        .appending(path: "mura-test-\(UUID().uuidString.lowercased())", directoryHint: .isDirectory)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// A fresh folder under the system's temporary directory, removed when the last reference goes: for async tests,
/// where a closure-scoped folder does not fit.
public final class TemporaryFolder: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appending(path: "mura-test-\(UUID().uuidString.lowercased())", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
