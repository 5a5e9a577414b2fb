/// A batch's alerts counted per UTC day and level, added to `alert_day` in one statement.
///
/// The count used to be taken by the database, grouping the batch's alert rows by a day it
/// computed for each: on PostgreSQL a sixth of a batch's time. The alerts are in hand when the
/// batch is stored, so they are counted here.
struct AlertDayCounts {
    private var counts: [Key: Int64] = [:]
    private var order: [Key] = []

    private struct Key: Hashable {
        let day: Int
        let level: String
    }

    /// The times a day is given for: 0001-01-01 to 9999-12-31, the range of SQLite's date().
    /// An alert whose time is outside it (or has none) is stored but in no day's count.
    static let countedTimes = -62_135_596_800.0..<253_402_300_800.0

    mutating func add(time: Double?, level: String) {
        guard let time, Self.countedTimes.contains(time) else { return }
        let key = Key(day: Int((time / 86_400).rounded(.down)), level: level)
        if counts[key] == nil { order.append(key) }
        counts[key, default: 0] += 1
    }

    func store(_ db: StoreTransaction) throws {
        var rows = BatchedInsert(
            db, into: "alert_day", columns: ["day", "level", "count"],
            onConflict: "ON CONFLICT (day, level) DO UPDATE SET count = alert_day.count + excluded.count")
        for key in order { try rows.add([Self.text(ofDay: key.day), key.level, counts[key]]) }
        try rows.flush()
    }

    /// YYYY-MM-DD of a day counted from 1970-01-01 in the proleptic Gregorian calendar, as
    /// SQLite's date() and PostgreSQL's to_char give it (Howard Hinnant's civil_from_days).
    static func text(ofDay days: Int) -> String {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
