import VigilCore
import VigilEvents
import VigilLogs

/// Zeek's weird.log (base/frameworks/notice/weird.zeek): one row per `Weird` event.
enum WeirdLog {
    static let schema = LogSchema(
        path: "weird",
        fields: [
            LogField("ts", "time"), LogField("uid", "string"), LogField("id.orig_h", "addr"), LogField("id.orig_p", "port"),
            LogField("id.resp_h", "addr"), LogField("id.resp_p", "port"), LogField("name", "string"), LogField("addl", "string"),
            LogField("notice", "bool"), LogField("peer", "string"), LogField("source", "string"),
        ])

    /// The row's fields, in `schema` order. Field by field: an array of values per weird was
    /// ~2,000 of its ~6,000 instructions, and bench/run.sh's captures write one per ~70 packets.
    static func add(_ w: Weird, to row: inout LogRow) {
        row.add(time: w.ts)
        if let uid = w.uid { row.add(string: uid) } else { row.addUnset() }
        if let id = w.id {
            row.add(address: id.origHost)
            row.add(count: UInt64(id.origPort))
            row.add(address: id.respHost)
            row.add(count: UInt64(id.respPort))
        } else {
            row.addUnset(count: 4)
        }
        row.add(string: w.name)
        if let addl = w.addl { row.add(string: addl) } else { row.addUnset() }
        row.add(bool: false)
        row.add(name: "vigil")
        row.add(string: w.source)
    }
}
