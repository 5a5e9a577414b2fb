import Crypto
import Foundation
import VigilHubWire
import VigilResponse

/// Which actions a list shows.
public struct ActionFilter: Sendable, Equatable {
    public var states: [ResponseAction.State] = []
    public var alert: Int64?
    public init() {}
}

extension HubDatabase {
    /// Stores a checked request (pending, or in force at once when automatic) with its audit
    /// entries, in one transaction. Returns the stored action.
    public func request(_ request: ActionRequest, by actor: String, key: P256.Signing.PrivateKey) async throws -> ResponseAction {
        let keyBytes = key.rawRepresentation
        let action = try await write { db in
            try Self.request(request, by: actor, db, key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
        }
        if action.state == .active { await responseChanges.changed() }
        return action
    }

    static func request(_ request: ActionRequest, by actor: String, _ db: StoreTransaction, key: P256.Signing.PrivateKey) throws
        -> ResponseAction
    {
        let now = now()
        var register: String?
        if let template = request.register {
            let restore = RegisterRestore(
                action: 0, server: request.address, port: template.port, unit: template.unit, table: template.table,
                address: template.address, value: template.value)
            register = String(decoding: try JSONEncoder().encode(restore), as: UTF8.self)
        }
        let id = try db.insertReturningID(
            sql: """
                INSERT INTO response_action (kind, address, peer, allowed, rate, register, alert, playbook, state, requested_by,
                    requested, duration, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)
                """,
            arguments: [
                request.kind.rawValue, request.address, request.peer, request.allowed.joined(separator: " "), request.rate, register,
                request.alert, request.playbook, actor, now, request.duration, request.reason,
            ])
        var action = try fetchAction(id, db)!
        let origin = request.playbook.map { "playbook \($0)" } ?? "by hand"
        let cause = request.alert.map { ", for alert \($0)" } ?? ""
        _ = try appendAudit(
            db, actor: actor, action: "action-request", subject: "action \(id)", detail: "\(action.summary) (\(origin)\(cause))", key: key)
        if request.automatic {
            action = try decide(id, approve: true, by: actor, note: "automatic (playbook \(request.playbook ?? "?"))", db, key: key)!
        }
        return action
    }

    /// Approves (in force from now, for its duration) or rejects a pending action. Nil when it
    /// is not pending (decided before, or no such action).
    public func decide(_ id: Int64, approve: Bool, by actor: String, note: String, key: P256.Signing.PrivateKey) async throws
        -> ResponseAction?
    {
        let keyBytes = key.rawRepresentation
        let action = try await write { db in
            try Self.decide(id, approve: approve, by: actor, note: note, db, key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
        }
        if action?.state == .active { await responseChanges.changed() }
        return action
    }

    static func decide(
        _ id: Int64, approve: Bool, by actor: String, note: String, _ db: StoreTransaction, key: P256.Signing.PrivateKey
    ) throws -> ResponseAction? {
        guard let action = try fetchAction(id, db), action.state == .pending else { return nil }
        let now = now()
        if approve {
            let version = try bumpResponseVersion(db)
            try db.execute(
                sql: "UPDATE response_action SET state = 'active', decided_by = ?, decided = ?, expires = ?, version = ? WHERE id = ?",
                arguments: [actor, now, now + action.duration, version, id])
        } else {
            try db.execute(
                sql: "UPDATE response_action SET state = 'rejected', decided_by = ?, decided = ? WHERE id = ?", arguments: [actor, now, id])
        }
        let detail = note.isEmpty ? action.summary : "\(action.summary): \(note)"
        _ = try appendAudit(
            db, actor: actor, action: approve ? "action-approve" : "action-reject", subject: "action \(id)", detail: detail, key: key)
        return try fetchAction(id, db)
    }

    /// Ends an action in force before its time (`rolled-back`), or gives it its full duration
    /// again from now (`renew`). Nil when it is not in force.
    public func end(_ id: Int64, renew: Bool, by actor: String, note: String, key: P256.Signing.PrivateKey) async throws -> ResponseAction?
    {
        let keyBytes = key.rawRepresentation
        let action = try await write { db -> ResponseAction? in
            guard let action = try Self.fetchAction(id, db), action.state == .active else { return nil }
            let detail = note.isEmpty ? action.summary : "\(action.summary): \(note)"
            let key = try P256.Signing.PrivateKey(rawRepresentation: keyBytes)
            if renew {
                try Self.renew(id, for: action.duration, by: actor, detail: detail, db, key: key)
            } else {
                _ = try Self.bumpResponseVersion(db)
                try db.execute(sql: "UPDATE response_action SET state = 'rolled-back' WHERE id = ?", arguments: [id])
                _ = try Self.appendAudit(db, actor: actor, action: "action-rollback", subject: "action \(id)", detail: detail, key: key)
            }
            return try Self.fetchAction(id, db)
        }
        if action != nil { await responseChanges.changed() }
        return action
    }

    /// Gives an action in force another `duration` seconds from now, with an audit entry; the
    /// enforcers see a new version. Inside the caller's transaction (an analyst's renewal, or a
    /// playbook's when the attack goes on).
    static func renew(
        _ id: Int64, for duration: Double, by actor: String, detail: String, _ db: StoreTransaction, key: P256.Signing.PrivateKey
    )
        throws
    {
        _ = try bumpResponseVersion(db)
        try db.execute(sql: "UPDATE response_action SET expires = ? WHERE id = ?", arguments: [now() + duration, id])
        _ = try appendAudit(db, actor: actor, action: "action-renew", subject: "action \(id)", detail: detail, key: key)
    }

    /// Marks actions whose time ran out as expired, each with an audit entry. Returns how many.
    @discardableResult
    public func expireActions(now: Double = now(), key: P256.Signing.PrivateKey) async throws -> Int {
        let keyBytes = key.rawRepresentation
        // Looked for first without the writers' lock: asked every few seconds, the answer is
        // almost always none, and taking the lock for it made a busy hub's ingest wait.
        let due = try await read { db in
            try StoreRow.fetchOne(
                db, sql: "SELECT 1 FROM response_action WHERE state = 'active' AND expires <= ? LIMIT 1", arguments: [now])
        }
        guard due != nil else { return 0 }
        let count = try await write { db -> Int in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM response_action WHERE state = 'active' AND expires <= ? ORDER BY id", arguments: [now])
            guard !ids.isEmpty else { return 0 }
            let key = try P256.Signing.PrivateKey(rawRepresentation: keyBytes)
            _ = try Self.bumpResponseVersion(db)
            for id in ids {
                guard let action = try Self.fetchAction(id, db) else { continue }
                try db.execute(sql: "UPDATE response_action SET state = 'expired' WHERE id = ?", arguments: [id])
                _ = try Self.appendAudit(
                    db, actor: "hub", action: "action-expire", subject: "action \(id)", detail: "\(action.summary): its time ran out",
                    key: key)
            }
            return ids.count
        }
        if count > 0 { await responseChanges.changed() }
        return count
    }

    /// What an enforcer is sent: the version, and every action in force.
    public func actionsInForce() async throws -> (version: Int64, actions: [ResponseAction]) {
        try await read { db in
            let version = try Int64.fetchOne(db, sql: "SELECT version FROM response_version") ?? 0
            let rows = try StoreRow.fetchAll(db, sql: "SELECT * FROM response_action WHERE state = 'active' ORDER BY id")
            return (version, try rows.map(Self.action(row:)))
        }
    }

    /// Records what an enforcer did with a ruleset: the actions that version held become
    /// applied (the first report wins), and each restore done or failed; all audited.
    public func record(_ report: EnforcerReport, key: P256.Signing.PrivateKey) async throws {
        let keyBytes = key.rawRepresentation
        let finished = try await write { db -> Bool in
            let key = try P256.Signing.PrivateKey(rawRepresentation: keyBytes)
            let now = Self.now()
            try db.execute(
                sql: "INSERT INTO enforcer_report (enforcer, version, applied, error, received) VALUES (?, ?, ?, ?, ?)",
                arguments: [report.enforcer, report.version, report.applied, report.error, now])
            let actor = "enforcer:\(report.enforcer)"
            if report.applied {
                let ids = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM response_action WHERE state = 'active' AND applied IS NULL AND version <= ? AND kind != 'restore'
                        ORDER BY id
                        """, arguments: [report.version])
                for id in ids {
                    try db.execute(
                        sql: "UPDATE response_action SET applied = ?, applied_by = ? WHERE id = ?", arguments: [now, report.enforcer, id])
                }
                if !ids.isEmpty {
                    _ = try Self.appendAudit(
                        db, actor: actor, action: "ruleset-applied", subject: "version \(report.version)",
                        detail: "actions " + ids.map(String.init).joined(separator: ", "), key: key)
                }
            } else {
                _ = try Self.appendAudit(
                    db, actor: actor, action: "ruleset-refused", subject: "version \(report.version)",
                    detail: report.error ?? "no reason given",
                    key: key)
            }
            var finished = false
            for outcome in report.restores {
                guard let action = try Self.fetchAction(outcome.action, db), action.kind == .restore, action.state == .active else {
                    continue
                }
                let state: ResponseAction.State = outcome.restored ? .done : .failed
                try db.execute(
                    sql: "UPDATE response_action SET state = ?, applied = ?, applied_by = ? WHERE id = ?",
                    arguments: [state.rawValue, now, report.enforcer, action.id])
                let read = outcome.readBack.map { "read back \($0)" } ?? "no read-back"
                _ = try Self.appendAudit(
                    db, actor: actor, action: outcome.restored ? "restore-verified" : "restore-failed", subject: "action \(action.id)",
                    detail: "\(action.summary): \(read)\(outcome.error.map { "; \($0)" } ?? "")", key: key)
                finished = true
            }
            if finished { _ = try Self.bumpResponseVersion(db) }
            return finished
        }
        if finished { await responseChanges.changed() }
    }

    public func actions(_ filter: ActionFilter, after: Int64 = 0, limit: Int = 100) async throws -> [ResponseAction] {
        try await read { db in
            var clauses = ["id > ?"]
            var arguments: [(any StoreValueConvertible)?] = [after]
            if !filter.states.isEmpty {
                clauses.append("state IN (\(filter.states.map { _ in "?" }.joined(separator: ",")))")
                arguments += filter.states.map(\.rawValue)
            }
            if let alert = filter.alert {
                clauses.append("alert = ?")
                arguments.append(alert)
            }
            arguments.append(limit)
            let rows = try StoreRow.fetchAll(
                db, sql: "SELECT * FROM response_action WHERE \(clauses.joined(separator: " AND ")) ORDER BY id LIMIT ?",
                arguments: StoreArguments(arguments))
            return try rows.map(Self.action(row:))
        }
    }

    public func actions(filterStates states: [ResponseAction.State], limit: Int = 500) async throws -> [ResponseAction] {
        var filter = ActionFilter()
        filter.states = states
        return try await actions(filter, limit: limit)
    }

    /// The newest actions that ended (rejected, expired, rolled back, done, failed), newest first.
    public func recentlyEnded(limit: Int) async throws -> [ResponseAction] {
        try await read { db in
            try StoreRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM response_action WHERE state IN ('rejected', 'expired', 'rolled-back', 'done', 'failed')
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [limit]
            ).map(Self.action(row:))
        }
    }

    /// How many actions wait for approval and how many are in force, for the overview.
    public func actionCounts() async throws -> (pending: Int, active: Int) {
        try await read { db in
            let pending = try Int.fetchOne(db, sql: "SELECT count(*) FROM response_action WHERE state = 'pending'") ?? 0
            let active = try Int.fetchOne(db, sql: "SELECT count(*) FROM response_action WHERE state = 'active'") ?? 0
            return (pending, active)
        }
    }

    public func action(_ id: Int64) async throws -> ResponseAction? {
        try await read { db in try Self.fetchAction(id, db) }
    }

    /// The last report of each enforcer: name, version, applied, error, time.
    public func enforcerReports() async throws -> [String: (version: Int64, applied: Bool, error: String?, received: Double)] {
        try await read { db in
            var reports: [String: (Int64, Bool, String?, Double)] = [:]
            let rows = try StoreRow.fetchAll(
                db, sql: "SELECT * FROM enforcer_report WHERE id IN (SELECT max(id) FROM enforcer_report GROUP BY enforcer)")
            for row in rows { reports[row["enforcer"]] = (row["version"], row["applied"], row["error"], row["received"]) }
            return reports
        }
    }

    /// The peers an address talked with before `time` (from the communication map), at most
    /// `limit`: the ones a quarantine keeps.
    public func knownPeers(of address: String, before time: Double, excluding: Set<String>, limit: Int = 256) async throws -> [String] {
        try await read { db in try Self.knownPeers(of: address, before: time, excluding: excluding, limit: limit, db) }
    }

    static func knownPeers(of address: String, before time: Double, excluding: Set<String>, limit: Int, _ db: StoreTransaction) throws
        -> [String]
    {
        let peers = try String.fetchAll(
            db,
            sql: """
                SELECT peer FROM (
                    SELECT server AS peer, first_seen FROM map_edge WHERE client = ?
                    UNION ALL SELECT client, first_seen FROM map_edge WHERE server = ?) AS known
                WHERE first_seen < ? GROUP BY peer ORDER BY peer LIMIT ?
                """, arguments: [address, address, time, limit + excluding.count])
        return Array(peers.filter { !excluding.contains($0) }.prefix(limit))
    }

    static func bumpResponseVersion(_ db: StoreTransaction) throws -> Int64 {
        try db.execute(sql: "UPDATE response_version SET version = version + 1")
        // Other hubs on the same PostgreSQL database wake their enforcers' held polls too; the
        // notification is delivered when this transaction commits, and never if it does not.
        if db.dialect == .postgres { try db.execute(sql: "NOTIFY \(PostgresStore.responseChannel)") }
        return try Int64.fetchOne(db, sql: "SELECT version FROM response_version") ?? 0
    }

    static func fetchAction(_ id: Int64, _ db: StoreTransaction) throws -> ResponseAction? {
        try StoreRow.fetchOne(db, sql: "SELECT * FROM response_action WHERE id = ?", arguments: [id]).map(action(row:))
    }

    static func action(row: StoreRow) throws -> ResponseAction {
        let register = (row["register"] as String?).flatMap { try? JSONDecoder().decode(RegisterRestore.self, from: Data($0.utf8)) }
        let id: Int64 = row["id"]
        return ResponseAction(
            id: id, kind: ResponseAction.Kind(rawValue: row["kind"]) ?? .blockHost, address: row["address"], peer: row["peer"],
            allowed: (row["allowed"] as String).split(separator: " ").map(String.init), rate: row["rate"],
            register: register.map {
                var r = $0
                r.action = id
                return r
            }, alert: row["alert"], playbook: row["playbook"],
            state: ResponseAction.State(rawValue: row["state"]) ?? .failed, requestedBy: row["requested_by"], requested: row["requested"],
            decidedBy: row["decided_by"], decided: row["decided"], duration: row["duration"], expires: row["expires"],
            version: row["version"], applied: row["applied"], appliedBy: row["applied_by"], reason: row["reason"])
    }
}
