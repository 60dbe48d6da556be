public import Foundation

/// A bearer token of the archive service. Only the SHA-256 of the secret is kept; the secret is shown once, when
/// the token is made.
public struct AccessToken: Codable, Hashable, Sendable {
    /// What a token may do. `write` includes `read`.
    public enum Role: String, Codable, CaseIterable, Sendable {
        case read
        case write

        /// Whether a token of this role may do what `needed` allows.
        public func allows(_ needed: Role) -> Bool {
            self == .write || needed == .read
        }
    }

    /// A short public id, for listing and revoking; it reveals nothing of the secret.
    public var id: String
    public var role: Role
    /// A label for people, such as the client it was made for.
    public var name: String?
    public var createdAt: Date
    /// The SHA-256 of the secret, as lowercase hex.
    public var secretSHA256: String

    public init(id: String, role: Role, name: String?, createdAt: Date, secretSHA256: String) {
        self.id = id
        self.role = role
        self.name = name
        self.createdAt = createdAt
        self.secretSHA256 = secretSHA256
    }
}

/// Where the archive keeps its access tokens (the catalog's database in the embedded setup). Its requirements are
/// `async`, as ``Catalog``'s are.
public protocol AccessTokenStore: Sendable {
    func insert(_ token: AccessToken) async throws
    /// The token whose secret has this SHA-256, or `nil`.
    func token(secretSHA256: String) async throws -> AccessToken?
    /// Every token, oldest first.
    func tokens() async throws -> [AccessToken]
    /// Removes a token; `false` when there is none with this id.
    func revokeToken(id: String) async throws -> Bool
}
