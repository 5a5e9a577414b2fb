import Crypto
import Foundation
import VigilHubWire

extension HubDatabase {
    /// Makes an API token for `name`; returns the token, which is shown once and stored only as
    /// its SHA-256.
    public func addAPIToken(name: String, role: HubRole) async throws -> String {
        let secret = "vgl_" + Hex.random(bytes: 32)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO api_token (digest, name, role, created) VALUES (?, ?, ?, ?)",
                arguments: [Data(SHA256.hash(data: Data(secret.utf8))), name, role.rawValue, Self.now()])
        }
        return secret
    }

    /// The caller a token belongs to, if it is known and not revoked.
    public func caller(token: String) async throws -> APICaller? {
        try await read { db in
            guard
                let row = try StoreRow.fetchOne(
                    db, sql: "SELECT name, role FROM api_token WHERE digest = ? AND revoked IS NULL",
                    arguments: [Data(SHA256.hash(data: Data(token.utf8)))]),
                let role = HubRole(rawValue: row["role"])
            else { return nil }
            return APICaller(name: row["name"], role: role)
        }
    }

    public func revokeAPIToken(name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE api_token SET revoked = ? WHERE name = ? AND revoked IS NULL", arguments: [Self.now(), name])
            return db.changesCount == 1
        }
    }
}
