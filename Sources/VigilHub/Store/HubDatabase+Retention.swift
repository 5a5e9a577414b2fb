/// How long the hub keeps what sensors sent, by kind, counted from when it arrived. The audit
/// log is never pruned.
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
    /// Deletes rows that arrived longer ago than the retention allows; returns how many events
    /// and alerts went. By arrival, not by the rows' own time: a capture from two years ago,
    /// analyzed and sent today, is kept as long as today's. One transaction.
    public func prune(_ retention: Retention, now: Double = HubDatabase.now()) async throws -> (events: Int, alerts: Int) {
        try await write { db in
            // The batches that arrived before each cutoff, and so the events they brought.
            let arrivedBefore = "SELECT id FROM event WHERE (sensor, sequence) IN (SELECT sensor, sequence FROM batch WHERE received < ?)"
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pruned_alert (event INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM pruned_alert")
            try db.execute(
                sql: "INSERT INTO pruned_alert SELECT event FROM alert WHERE event IN (\(arrivedBefore))",
                arguments: [now - retention.alerts])
            try db.execute(sql: "DELETE FROM alert_comment WHERE alert IN (SELECT event FROM pruned_alert)")
            try db.execute(sql: "DELETE FROM alert WHERE event IN (SELECT event FROM pruned_alert)")
            let alerts = db.changesCount
            if alerts > 0 { try Self.recountAlertDays(db) }
            try db.execute(sql: "DELETE FROM event WHERE id IN (SELECT event FROM pruned_alert)")
            try db.execute(
                sql: "DELETE FROM event WHERE log != 'notice' AND id IN (\(arrivedBefore))", arguments: [now - retention.events])
            let events = db.changesCount
            return (events, alerts)
        }
    }
}
