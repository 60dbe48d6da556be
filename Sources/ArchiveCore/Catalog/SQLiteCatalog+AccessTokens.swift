import Foundation
import GRDB

extension SQLiteCatalog: AccessTokenStore {
    public func insert(_ token: AccessToken) async throws {
        try await write("record access token \(token.id)") { db in
            try db.execute(
                sql: "INSERT INTO accessToken (id, role, name, createdAt, secretSHA256) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    token.id, token.role.rawValue, token.name, token.createdAt.milliseconds, token.secretSHA256,
                ]
            )
        }
    }

    public func token(secretSHA256: String) async throws -> AccessToken? {
        try await read { db in
            try GRDB.Row.fetchOne(
                db,
                sql: "SELECT * FROM accessToken WHERE secretSHA256 = ?",
                arguments: [secretSHA256]
            )
            .flatMap(Self.token)
        }
    }

    public func tokens() async throws -> [AccessToken] {
        try await read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT * FROM accessToken ORDER BY createdAt, id").compactMap(Self.token)
        }
    }

    public func revokeToken(id: String) async throws -> Bool {
        try await write("revoke access token \(id)") { db in
            try db.execute(sql: "DELETE FROM accessToken WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func token(_ row: GRDB.Row) -> AccessToken? {
        guard let role = AccessToken.Role(rawValue: row["role"]) else { return nil }
        return AccessToken(
            id: row["id"],
            role: role,
            name: row["name"],
            createdAt: Date(milliseconds: row["createdAt"]),
            secretSHA256: row["secretSHA256"]
        )
    }
}
