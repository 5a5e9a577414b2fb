/// Adding and removing the people who sign in, each change with its audit entry: what the
/// dashboard's administration page and the API's /users routes both do.
struct UserAdministration: Sendable {
    let database: HubDatabase
    let home: HubHome
    /// The cost new password hashes are made with (the server's).
    let cost: PasswordHash.Cost

    enum Removal { case removed, noSuchUser, yourself }

    /// False when the name is taken.
    func add(_ user: NewUser, by actor: String, via channel: String) async throws -> Bool {
        let hash = try PasswordHash.make(user.password, cost: cost)
        guard try await database.addUser(name: user.name, role: user.role, password: hash) else { return false }
        try await database.appendAudit(
            actor: actor, action: "user-add", subject: user.name, detail: "\(user.role.rawValue), \(channel)", key: home.auditKey)
        return true
    }

    /// Nobody removes themselves: a hub must not lose its last admin by a slip.
    func remove(_ name: String, by actor: String, via channel: String) async throws -> Removal {
        guard name != actor else { return .yourself }
        guard try await database.removeUser(name: name) else { return .noSuchUser }
        try await database.appendAudit(actor: actor, action: "user-remove", subject: name, detail: channel, key: home.auditKey)
        return .removed
    }
}
