import Crypto
import Foundation

/// A person who signs in to the hub.
public struct UserRecord: Sendable, Equatable {
    public var name: String
    public var role: HubRole
    public var password: PasswordHash
}

extension HubDatabase {
    /// Whether the user was added (false: the name is taken).
    public func addUser(name: String, role: HubRole, password: PasswordHash) async throws -> Bool {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM \"user\" WHERE name = ?", arguments: [name]) != nil { return false }
            try db.execute(
                sql: "INSERT INTO \"user\" (name, role, password, created) VALUES (?, ?, ?, ?)",
                arguments: [name, role.rawValue, password.text, Self.now()])
            return true
        }
    }

    /// Sets a new password and ends the user's sessions (whoever knew the old one is out).
    public func setPassword(name: String, password: PasswordHash) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE \"user\" SET password = ? WHERE name = ?", arguments: [password.text, name])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM session WHERE \"user\" = ?", arguments: [name])
            return true
        }
    }

    public func removeUser(name: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM session WHERE \"user\" = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM \"user\" WHERE name = ?", arguments: [name])
            return db.changesCount == 1
        }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await read { db in
            guard let row = try StoreRow.fetchOne(db, sql: "SELECT * FROM \"user\" WHERE name = ?", arguments: [name]),
                let role = HubRole(rawValue: row["role"]), let password = PasswordHash(text: row["password"])
            else { return nil }
            return UserRecord(name: row["name"], role: role, password: password)
        }
    }

    public func users() async throws -> [(name: String, role: String)] {
        try await read { db in
            try StoreRow.fetchAll(db, sql: "SELECT name, role FROM \"user\" ORDER BY name").map { ($0["name"], $0["role"]) }
        }
    }

    /// Failed sign-ins for `name` in the last `window` seconds.
    public func signInFailures(name: String, within window: Double) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM sign_in_failure WHERE name = ? AND time > ?", arguments: [name, Self.now() - window]) ?? 0
        }
    }

    public func recordSignInFailure(name: String) async throws {
        try await write { db in
            // Old failures no longer count for anything: drop them as new ones come.
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE time < ?", arguments: [Self.now() - 86_400])
            try db.execute(sql: "INSERT INTO sign_in_failure (name, time) VALUES (?, ?)", arguments: [name, Self.now()])
        }
    }

    /// Opens a session for a user who just proved their password, clears their failures, and
    /// records the sign-in in the audit log, in one transaction.
    public func openSession(
        user: String, digest: [UInt8], csrf: String, lifetime: Double, key: P256.Signing.PrivateKey
    ) async throws {
        let keyBytes = key.rawRepresentation
        try await write { db in
            let now = Self.now()
            try db.execute(sql: "DELETE FROM session WHERE expires < ?", arguments: [now])
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE name = ?", arguments: [user])
            try db.execute(
                sql: "INSERT INTO session (digest, \"user\", csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(digest), user, csrf, now, now + lifetime])
            _ = try Self.appendAudit(
                db, actor: user, action: "sign-in", subject: user, detail: "session for \(Int(lifetime)) s",
                key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
        }
    }

    /// The signed-in user a session cookie belongs to, with the session's CSRF token.
    public func session(digest: [UInt8]) async throws -> (caller: APICaller, csrf: String)? {
        try await read { db in
            guard
                let row = try StoreRow.fetchOne(
                    db,
                    sql:
                        "SELECT u.name, u.role, session.csrf FROM session JOIN \"user\" AS u ON u.name = session.\"user\" WHERE digest = ? AND expires > ?",
                    arguments: [Data(digest), Self.now()]),
                let role = HubRole(rawValue: row["role"])
            else { return nil }
            return (APICaller(name: row["name"], role: role), row["csrf"])
        }
    }

    public func closeSession(digest: [UInt8]) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM session WHERE digest = ?", arguments: [Data(digest)]) }
    }
}
