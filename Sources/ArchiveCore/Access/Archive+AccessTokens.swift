import Foundation

extension Archive {
    /// Makes a token and returns it with its secret, which is not kept anywhere and cannot be shown again.
    public func createAccessToken(
        role: AccessToken.Role,
        name: String? = nil
    ) async throws -> (
        token: AccessToken, secret: String
    ) {
        if let name { try Self.checkTokenName(name) }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret =
            "mura_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let hash = Digest.sha256(Data(secret.utf8))
        let token = AccessToken(
            id: String(UUID().uuidString.lowercased().prefix(8)),
            role: role,
            name: name,
            createdAt: ArchiveDate.roundedToMilliseconds(Date()),
            secretSHA256: hash
        )
        // The catalog first: a writer killed before the journal has the token leaves none for a rebuilt catalog to
        // bring back (its secret was never shown).
        try await accessTokens.insert(token)
        var journalled = false
        do {
            try tokenJournal.append(TokenRecord(time: token.createdAt, created: token))
            journalled = true
            try await recordDurably(
                ProvenanceEvent(
                    kind: .access,
                    outcome: .success,
                    detail: "\(role.rawValue) token \(token.id) created" + (name.map { " for \($0)" } ?? "")
                )
            )
        } catch {
            // A token whose secret was never shown must not stay usable, listed, or come back with a rebuilt
            // catalog: it is withdrawn as far as the disk allows (a full disk may refuse that too).
            if journalled { try? tokenJournal.append(TokenRecord(time: Date(), revoked: token.id)) }
            _ = try? await accessTokens.revokeToken(id: token.id)
            throw error
        }
        return (token, secret)
    }

    /// The most characters of a token's name.
    public static let maximumTokenNameLength = 200

    /// A token's name is a label shown in listings and the provenance log: one line of text, of reasonable length.
    private static func checkTokenName(_ name: String) throws {
        if name.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control || [0x2028, 0x2029].contains($0.value)
        }) {
            throw ArchiveError(
                .invalidArgument,
                "The token name '\(name.prefix(100))' holds a control character or a "
                    + "line break; name the token in one line of text (who or what uses it).",
                field: .name
            )
        }
        guard name.count <= maximumTokenNameLength else {
            throw ArchiveError(
                .invalidArgument,
                "The token name is \(name.count) characters long; give one of at most \(maximumTokenNameLength).",
                field: .name
            )
        }
    }

    /// The token a bearer secret belongs to, or `nil` for an unknown secret.
    public func accessToken(forSecret secret: String) async throws -> AccessToken? {
        try await accessTokens.token(secretSHA256: Digest.sha256(Data(secret.utf8)))
    }

    /// Revokes a token by its id.
    ///
    /// - Throws: ``ArchiveError/Code-swift.struct/unknownToken`` when no token has this id.
    public func revokeAccessToken(id: String) async throws {
        guard try await accessTokens.tokens().contains(where: { $0.id == id }) else {
            throw ArchiveError(.unknownToken, "No access token has the id '\(id)'; `mura token list` shows them.")
        }
        // Journalled first: a revocation must never come back with a rebuilt catalog.
        try tokenJournal.append(TokenRecord(time: Date(), revoked: id))
        guard try await accessTokens.revokeToken(id: id) else {
            throw ArchiveError(.unknownToken, "No access token has the id '\(id)'; `mura token list` shows them.")
        }
        try await recordDurably(ProvenanceEvent(kind: .access, outcome: .success, detail: "token \(id) revoked"))
    }
}
