import Crypto
import Foundation

extension HubDatabase {
    /// Alerts matching `filter`, oldest first, after the alert id `after` (cursor pagination).
    ///
    /// With states to match, each state is read on its own through the (state, event) index,
    /// at most `limit` alerts each, and the results merged: the open queue's first page is then
    /// as fast with a million open alerts as with ten, instead of sorting them all.
    public func alerts(_ filter: AlertFilter = .init(), after: Int64 = 0, limit: Int = 100) async throws -> [AlertRecord] {
        try await read { db in
            var conditions = ["alert.event > ?"]
            var arguments: [any StoreValueConvertible] = [after]
            if !filter.levels.isEmpty {
                conditions.append("level IN (\(filter.levels.map { _ in "?" }.joined(separator: ",")))")
                arguments += filter.levels
            }
            if let rule = filter.rule {
                conditions.append("rule = ?")
                arguments.append(rule)
            }
            if let sensor = filter.sensor {
                conditions.append("alert.sensor = ?")
                arguments.append(sensor)
            }
            if let address = filter.address {
                guard let blocks = try AlertAddressIndex.blocks(db) else { return [] }
                conditions.append("alert.event IN (" + AlertAddressIndex.involving(1, blocks: blocks) + ")")
                arguments += [address, address]
            }
            // The page's alerts are chosen from the alert table alone, and their notice rows
            // joined after: joined first, PostgreSQL walked every event in id order (the conn
            // rows too) to find the alerts among them, half a second for a page.
            let page: String
            var all: [any StoreValueConvertible] = []
            if filter.states.isEmpty {
                page = "SELECT * FROM alert WHERE " + conditions.joined(separator: " AND ") + " ORDER BY alert.event LIMIT ?"
                all = arguments + [limit]
            } else {
                let states = Array(Set(filter.states)).sorted { $0.rawValue < $1.rawValue }
                page =
                    states.indices.map { index in
                        "SELECT * FROM (SELECT * FROM alert WHERE " + (["state = ?"] + conditions).joined(separator: " AND ")
                            + " ORDER BY alert.event LIMIT ?) AS state\(index)"
                    }.joined(separator: " UNION ALL ") + " ORDER BY event LIMIT ?"
                for state in states { all += [state.rawValue] + arguments + [limit] }
                all.append(limit)
            }
            let sql = "SELECT page.*, event.row FROM (" + page + ") AS page JOIN event ON event.id = page.event ORDER BY page.event"
            return try StoreRow.fetchAll(db, sql: sql, arguments: StoreArguments(all)).compactMap(Self.alertRecord)
        }
    }

    public func alert(_ id: Int64) async throws -> (alert: AlertRecord, comments: [AlertComment])? {
        try await read { db in
            guard
                let alert = try StoreRow.fetchOne(
                    db, sql: "SELECT alert.*, event.row FROM alert JOIN event ON event.id = alert.event WHERE alert.event = ?",
                    arguments: [id]
                ).flatMap(Self.alertRecord)
            else { return nil }
            let comments = try StoreRow.fetchAll(db, sql: "SELECT * FROM alert_comment WHERE alert = ? ORDER BY id", arguments: [id]).map {
                AlertComment(time: $0["time"], author: $0["author"], text: $0["text"])
            }
            return (alert, comments)
        }
    }

    /// Applies an analyst's change and records it in the audit log, in one transaction; nil if
    /// there is no such alert.
    public func change(alert id: Int64, _ change: AlertChange, by actor: String, key: P256.Signing.PrivateKey) async throws -> AlertRecord?
    {
        let keyBytes = key.rawRepresentation
        return try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE event = ?", arguments: [id]) != nil else { return nil }
            let now = Self.now()
            var done: [String] = []
            if let state = change.state {
                try db.execute(sql: "UPDATE alert SET state = ? WHERE event = ?", arguments: [state.rawValue, id])
                done.append("state \(state.rawValue)")
            }
            if let assignee = change.assignee {
                try db.execute(sql: "UPDATE alert SET assignee = ? WHERE event = ?", arguments: [assignee.isEmpty ? nil : assignee, id])
                done.append(assignee.isEmpty ? "unassigned" : "assigned to \(assignee)")
            }
            if let comment = change.comment, !comment.isEmpty {
                try db.execute(
                    sql: "INSERT INTO alert_comment (alert, time, author, text) VALUES (?, ?, ?, ?)", arguments: [id, now, actor, comment])
                done.append("comment: \(comment)")
            }
            try db.execute(sql: "UPDATE alert SET updated = ?, updated_by = ? WHERE event = ?", arguments: [now, actor, id])
            _ = try Self.appendAudit(
                db, actor: actor, action: "alert-change", subject: "alert \(id)", detail: done.joined(separator: "; "),
                key: try P256.Signing.PrivateKey(rawRepresentation: keyBytes))
            return try StoreRow.fetchOne(
                db, sql: "SELECT alert.*, event.row FROM alert JOIN event ON event.id = alert.event WHERE alert.event = ?", arguments: [id]
            ).flatMap(Self.alertRecord)
        }
    }

    static func alertRecord(_ row: StoreRow) -> AlertRecord? {
        guard let state = AlertRecord.State(rawValue: row["state"]) else { return nil }
        return AlertRecord(
            id: row["event"], sensor: row["sensor"], ts: row["ts"], rule: row["rule"], level: row["level"], message: row["message"],
            source: row["source"], destination: row["destination"], state: state, assignee: row["assignee"], updated: row["updated"],
            updatedBy: row["updated_by"], row: row["row"])
    }
}
