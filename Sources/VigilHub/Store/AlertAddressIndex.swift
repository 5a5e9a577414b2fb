/// How alerts are found by address (source or destination): through indexes led by the alert's
/// block of ids, then the address.
///
/// Alerts arrive in id order, but an index led by the address puts each new alert wherever its
/// address's entries end, anywhere in the index: a group commit of 15,000 alerts changed, and so
/// wrote back, thousands of pages of each address index. With eight sensors shipping, the two
/// address indexes took two fifths of the writer's time (on SQLite, ingest went from 37,000 to
/// 63,000 records/s with them dropped). Led by the block of 65,536 ids an alert falls in, a
/// transaction's new entries land in the newest block's part of each index, a few hundred pages
/// at most. A query for an address seeks it once in each block that holds alerts: 16 seeks per
/// index for a million alerts.
///
/// Both databases use an index on an expression only when a query names the same expression, so
/// every query here writes `block` as the indexes do.
enum AlertAddressIndex {
    static let blockSize: Int64 = 65_536
    /// The block of an alert's id, as the indexes and every query write it.
    static let block = "(event / \(blockSize))"

    static let create = """
        CREATE INDEX alert_by_source_block ON alert(\(block), source);
        CREATE INDEX alert_by_destination_block ON alert(\(block), destination)
        """

    /// Replaces the indexes led by the address.
    static let migration = "DROP INDEX alert_by_source;\nDROP INDEX alert_by_destination;\n" + create

    /// The lowest and highest alert ids, each in a query of its own: SQLite reads a lone min()
    /// or max() off the key's first or last entry, but both in one query from every row.
    static let span = "SELECT (SELECT min(event) FROM alert) AS first, (SELECT max(event) FROM alert) AS last"

    /// The blocks that hold alerts, as an SQL list of integers (the hub's own numbers, so written
    /// out: each becomes one seek), or nil when there are no alerts.
    static func blocks(_ db: StoreTransaction) throws -> String? {
        guard
            let row = try StoreRow.fetchOne(db, sql: span),
            let first: Int64 = row["first"], let last: Int64 = row["last"]
        else { return nil }
        return "(" + (first / blockSize...last / blockSize).map(String.init).joined(separator: ",") + ")"
    }

    /// The ids of the alerts whose source or destination is one of `count` addresses, bound
    /// twice in order (the sources' list, then the destinations'): one search of each index, the
    /// two results joined. Not one condition `(block AND source) OR (block AND destination)`:
    /// PostgreSQL takes the block, common to both sides, out in front, and then reads every
    /// entry of those blocks.
    static func involving(_ count: Int, blocks: String) -> String {
        let marks = Array(repeating: "?", count: count).joined(separator: ",")
        return "SELECT event FROM alert WHERE \(block) IN \(blocks) AND source IN (\(marks)) "
            + "UNION SELECT event FROM alert WHERE \(block) IN \(blocks) AND destination IN (\(marks))"
    }

    /// Alerts per device of a page, as rows (device, n): `count` pairs (address, device number)
    /// are bound, the page's addresses each with its device's number, then the same pairs
    /// again; an alert whose source and destination are both a device's addresses is counted
    /// once for it. Each address is sought in each index as in `involving`, all in one query.
    /// The pairs are written out in each half rather than shared through a WITH clause: SQLite
    /// 3.40 lost the second half's rows when both halves read one WITH table (tested).
    static func countsByDevice(_ count: Int, blocks: String) -> String {
        let page = "(VALUES " + Array(repeating: "(?, ?)", count: count).joined(separator: ", ") + ") AS page"
        return """
            SELECT device, count(DISTINCT event) AS n FROM (
                SELECT page.column2 AS device, event FROM \(page) JOIN alert ON \(block) IN \(blocks) AND source = page.column1
                UNION ALL
                SELECT page.column2, event FROM \(page) JOIN alert ON \(block) IN \(blocks) AND destination = page.column1
            ) AS involved GROUP BY device
            """
    }
}
