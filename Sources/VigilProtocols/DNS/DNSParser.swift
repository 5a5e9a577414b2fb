import VigilCore
import VigilEvents

/// Pure DNS message decoding with name compression (RFC 1035 §4.1.4).
public enum DNSParser {
    public enum Failure: Error, Equatable {
        case truncated(String)
        case malformed(String)
    }

    /// RFC 1035 §2.3.4: names are at most 255 octets. Compression pointers are followed at most
    /// this many times, which stops pointer loops.
    public static let maxNameBytes = 255
    public static let maxPointerHops = 64
    /// Records decoded per section; more are counted and skipped (a real response has few).
    public static let maxRecords = 256

    /// `additionals`: also read the authority and additional sections, keeping the additional
    /// records; a fault there ends the reading but not the message (the answers stand).
    public static func parse(_ b: UnsafeRawBufferPointer, additionals: Bool = false) throws(Failure) -> DNSMessage {
        guard b.count >= 12 else { throw .truncated("DNS_truncated_len_lt_hdr_len") }
        let qd = Int(ByteReader.u16(b, 4))
        let an = Int(ByteReader.u16(b, 6))
        var msg = DNSMessage(
            id: ByteReader.u16(b, 0), flags: ByteReader.u16(b, 2), questions: [], answers: [], authorityCount: ByteReader.u16(b, 8),
            additionalCount: ByteReader.u16(b, 10))
        var o = 12
        for _ in 0..<min(qd, maxRecords) {
            let name = try readName(b, &o)
            guard o + 4 <= b.count else { throw .truncated("DNS_truncated_quest_too_short") }
            msg.questions.append(.init(name: name, type: ByteReader.u16(b, o), klass: ByteReader.u16(b, o + 2)))
            o += 4
        }
        for _ in 0..<min(an, maxRecords) {
            guard o < b.count else { throw .truncated("DNS_truncated_ans_too_short") }
            msg.answers.append(try record(b, &o))
        }
        guard additionals, an <= maxRecords else { return msg }
        let ns = Int(ByteReader.u16(b, 8))
        let ar = Int(ByteReader.u16(b, 10))
        guard ns + ar <= maxRecords else { return msg }
        for i in 0..<(ns + ar) {
            guard o < b.count, let r = try? record(b, &o) else { break }
            if i >= ns { msg.additionals.append(r) }
        }
        return msg
    }

    /// One resource record at `o` (RFC 1035 §4.1.3); `o` moves past it.
    static func record(_ b: UnsafeRawBufferPointer, _ o: inout Int) throws(Failure) -> DNSMessage.Answer {
        let name = try readName(b, &o)
        guard o + 10 <= b.count else { throw .truncated("DNS_truncated_RR_rdlength_lt_len") }
        let type = ByteReader.u16(b, o)
        let ttl = ByteReader.u32(b, o + 4)
        let rdlen = Int(ByteReader.u16(b, o + 8))
        o += 10
        guard o + rdlen <= b.count else { throw .truncated("DNS_truncated_RR_rdlength_lt_len") }
        var (text, addr) = try rdata(b, type: type, at: o, length: rdlen)
        if type == 47 { text = DNSRecordText.nsec(b, owner: name, at: o) }
        let strings = type == 16 ? characterStrings(b, at: o, length: rdlen) : []
        o += rdlen
        return .init(name: name, type: type, ttl: ttl, text: text, address: addr, strings: strings)
    }

    /// A TXT record's character-strings (length-prefixed), each escaped.
    static func characterStrings(_ b: UnsafeRawBufferPointer, at o: Int, length: Int) -> [String] {
        var out: [String] = []
        var p = o
        while p < o + length {
            let n = Int(b[p])
            guard p + 1 + n <= o + length else { break }
            out.append(BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[(p + 1)..<(p + 1 + n)])))
            p += 1 + n
        }
        return out
    }

    /// The dotted name at `offset`, each label made log-safe; `offset` moves past it (past the
    /// first pointer when compressed). Labels are escaped into one byte array, not a String
    /// each joined afterwards: the per-label Strings cost ~7,000 instructions a name.
    static func readName(_ b: UnsafeRawBufferPointer, _ offset: inout Int) throws(Failure) -> String {
        var text: [UInt8] = []
        var o = offset
        var jumped = false
        var hops = 0
        var total = 0
        while true {
            guard o < b.count else { throw .truncated("DNS_label_len_gt_pkt") }
            let len = Int(b[o])
            if len == 0 {
                if !jumped { offset = o + 1 }
                break
            }
            if len & 0xC0 == 0xC0 {
                guard o + 1 < b.count else { throw .truncated("DNS_label_len_gt_pkt") }
                hops += 1
                guard hops <= maxPointerHops else { throw .malformed("DNS_label_forward_compress_offset") }
                if !jumped { offset = o + 2 }
                jumped = true
                o = Int(ByteReader.u16(b, o) & 0x3FFF)
                continue
            }
            guard len & 0xC0 == 0 else { throw .malformed("DNS_label_bad_compress_type") }
            guard o + 1 + len <= b.count else { throw .truncated("DNS_label_len_gt_pkt") }
            total += len + 1
            guard total <= maxNameBytes else { throw .malformed("DNS_label_len_gt_name_len") }
            if total > len + 1 { text.append(UInt8(ascii: ".")) }
            BytesText.appendEscaped(
                UnsafeRawBufferPointer(rebasing: b[(o + 1)..<(o + 1 + len)]), limit: Limits.default.maxLogStringBytes, to: &text)
            o += 1 + len
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func rdata(_ b: UnsafeRawBufferPointer, type: UInt16, at o: Int, length: Int) throws(Failure) -> (String?, IPAddress?) {
        switch type {
        case 1 where length == 4:
            let a = IPAddress.v4(b, at: o)
            return (a.description, a)
        case 28 where length == 16:
            let a = IPAddress.v6(b, at: o)
            return (a.description, a)
        case 2, 5, 12, 39:  // NS, CNAME, PTR, DNAME
            var p = o
            return (try readName(b, &p), nil)
        case 15 where length >= 3:  // MX: preference, exchange
            var p = o + 2
            return (try readName(b, &p), nil)
        case 33 where length >= 7:  // SRV: priority, weight, port, target
            var p = o + 6
            return (try readName(b, &p), nil)
        case 6:  // SOA: Zeek logs the primary name server
            var p = o
            return (try readName(b, &p), nil)
        case 16, 99:  // TXT/SPF: "TXT <len> <text>" per character-string, as Zeek renders
            var parts: [String] = []
            var p = o
            while p < o + length {
                let n = Int(b[p])
                guard p + 1 + n <= o + length else { break }
                parts.append("\(n) " + BytesText.escaped(UnsafeRawBufferPointer(rebasing: b[(p + 1)..<(p + 1 + n)])))
                p += 1 + n
            }
            return ((type == 16 ? "TXT " : "SPF ") + parts.joined(separator: " "), nil)
        default:
            return (DNSRecordText.render(b, type: type, at: o, length: length), nil)
        }
    }

    /// Content signature: a plausible header and a first question that decodes.
    public static func looksLikeDNS(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 12 else { return false }
        let flags = ByteReader.u16(b, 2)
        let qd = ByteReader.u16(b, 4)
        let an = ByteReader.u16(b, 6)
        let opcode = (flags >> 11) & 0xF
        guard opcode <= 6, opcode != 3, qd <= 16, an <= 512, qd > 0 || flags & 0x8000 != 0 else { return false }
        guard let m = try? parse(b) else { return false }
        return qd == 0 || !m.questions.isEmpty
    }
}
