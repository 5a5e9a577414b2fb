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
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS pruned_alert (event INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM pruned_alert")
            let expiredAlerts = try Self.expiredEvents("alerts", arrivedBefore: now - retention.alerts, db)
            try db.execute(
                sql: "INSERT INTO pruned_alert SELECT event FROM alert WHERE event >= ? AND event < ?",
                arguments: [expiredAlerts.lowerBound, expiredAlerts.upperBound])
            try db.execute(sql: "DELETE FROM alert_comment WHERE alert IN (SELECT event FROM pruned_alert)")
            try db.execute(sql: "DELETE FROM alert WHERE event IN (SELECT event FROM pruned_alert)")
            let alerts = db.changesCount
            if alerts > 0 { try Self.recountAlertDays(db) }
            try db.execute(sql: "DELETE FROM event WHERE id IN (SELECT event FROM pruned_alert)")
            let expiredEvents = try Self.expiredEvents("events", arrivedBefore: now - retention.events, db)
            try db.execute(
                sql: "DELETE FROM event WHERE log != 'notice' AND id >= ? AND id < ?",
                arguments: [expiredEvents.lowerBound, expiredEvents.upperBound])
            let events = db.changesCount
            return (events, alerts)
        }
    }

    /// The ids of the events, not pruned yet as `kind`, whose batches arrived before `cutoff`.
    ///
    /// Ids are handed out in the order batches are stored, a batch's events one after another
    /// from its `first_event`. So the events that may go are those from where the last pruning
    /// of this kind stopped up to the first event of the first batch, in that order, to arrive
    /// at or after the cutoff: that batch and every later one stay. Should the hub's clock be
    /// set back, a batch stored later may carry an earlier arrival time; it then waits for the
    /// batches before it to expire, and never goes early.
    static func expiredEvents(_ kind: String, arrivedBefore cutoff: Double, _ db: StoreTransaction) throws -> Range<Int64> {
        let from = try Int64.fetchOne(db, sql: "SELECT below FROM retention_mark WHERE kind = ?", arguments: [kind]) ?? 0
        let firstKept = try Int64.fetchOne(
            db, sql: "SELECT first_event FROM batch WHERE first_event >= ? AND received >= ? ORDER BY first_event LIMIT 1",
            arguments: [from, cutoff])
        let below = try firstKept ?? Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM event") ?? 1
        guard below > from else { return from..<from }
        try db.execute(
            sql: "INSERT INTO retention_mark (kind, below) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET below = excluded.below",
            arguments: [kind, below])
        return from..<below
    }
}
