import GRDB

/// How long the hub keeps what sensors sent, by kind. The audit log is never pruned.
public struct Retention: Sendable, Equatable {
    /// Log rows other than alerts (conn, dns, modbus, weird, …): 30 days by default.
    public var events: Double = 30 * 86_400
    /// Alerts with their notice rows and comments: a year by default, as an incident review
    /// may reach back that far.
    public var alerts: Double = 365 * 86_400

    public init(eventDays: Double = 30, alertDays: Double = 365) {
        events = eventDays * 86_400
        alerts = alertDays * 86_400
    }
}

extension HubDatabase {
    /// Deletes rows older than the retention allows, by the rows' own time (`ts`, network time,
    /// not when they arrived); returns how many events and alerts went. One transaction.
    public func prune(_ retention: Retention, now: Double = HubDatabase.now()) async throws -> (events: Int, alerts: Int) {
        try await pool.write { db in
            let alertCutoff = now - retention.alerts
            try db.execute(
                sql: "DELETE FROM alert_comment WHERE alert IN (SELECT event FROM alert WHERE ts < ?)", arguments: [alertCutoff])
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pruned_alert (event INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM pruned_alert")
            try db.execute(sql: "INSERT INTO pruned_alert SELECT event FROM alert WHERE ts < ?", arguments: [alertCutoff])
            try db.execute(sql: "DELETE FROM alert WHERE event IN (SELECT event FROM pruned_alert)")
            let alerts = db.changesCount
            try db.execute(sql: "DELETE FROM event WHERE id IN (SELECT event FROM pruned_alert)")
            try db.execute(
                sql: "DELETE FROM event WHERE ts < ? AND log != 'notice'", arguments: [now - retention.events])
            let events = db.changesCount
            return (events, alerts)
        }
    }
}
