/// A match an alert gate keeps for a window until the window is decided: what its notice row
/// needs (the row's connection and address fields, and the evidence) packed in one byte
/// array. A city's hour of matches can hold tens of thousands of windows; an `Alert` with its
/// row's arrays and strings took about 2 KB each, this takes a few hundred bytes.
struct HeldMatch {
    let rule: SigmaRule
    let time: Double
    let log: String
    /// Field names and values, then the evidence's, each a 16-bit length and UTF-8 bytes.
    let packed: [UInt8]
    let fieldCount: Int

    init(_ alert: Alert) {
        rule = alert.rule
        time = alert.time
        log = alert.record.log
        var bytes: [UInt8] = []
        var n = 0
        // Appended in place: a temporary array per field made the packing cost more than the
        // gate's lookup, and most matches at an already held time are packed only to compare.
        func put(_ s: String) {
            let utf8 = s.utf8.prefix(Int(UInt16.max))
            bytes.append(UInt8(utf8.count >> 8))
            bytes.append(UInt8(utf8.count & 0xFF))
            bytes.append(contentsOf: utf8)
        }
        for name in NoticeLog.reportedFields {
            guard let value = alert.record.text(name) else { continue }
            put(name)
            put(value)
            n += 1
        }
        for (field, value) in alert.evidence {
            put(field)
            put(value)
        }
        packed = bytes
        fieldCount = n
    }

    /// The alert again, with the row's fields as text (what the notice row reads of them).
    func alert(count: Int) -> Alert {
        var strings: [String] = []
        var i = 0
        while i + 2 <= packed.count {
            let n = Int(packed[i]) << 8 | Int(packed[i + 1])
            strings.append(String(decoding: packed[(i + 2)..<min(i + 2 + n, packed.count)], as: UTF8.self))
            i += 2 + n
        }
        var record = EventRecord(log: log)
        var evidence: [(field: String, value: String)] = []
        for k in stride(from: 0, to: strings.count - 1, by: 2) {
            if k / 2 < fieldCount {
                record.append(strings[k], .text(strings[k + 1]))
            } else {
                evidence.append((strings[k], strings[k + 1]))
            }
        }
        return Alert(rule: rule, record: record, evidence: evidence, count: count)
    }

    /// Whether this match comes before `other`: by time, then log, rule and the packed fields
    /// (the connection uid first), so that of two matches at the same time the same one is
    /// chosen, and notices are listed in the same order, whichever came first.
    func precedes(_ other: HeldMatch) -> Bool {
        if time != other.time { return time < other.time }
        if log != other.log { return log < other.log }
        if rule.id != other.rule.id { return rule.id < other.rule.id }
        return packed.lexicographicallyPrecedes(other.packed)
    }
}
