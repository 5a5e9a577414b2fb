import VigilCore

/// Zeek's names for DNS numbers (base/protocols/dns/consts.zeek: query_types, classes,
/// base_errors, opcodes), spelled as Zeek spells them.
public enum DNSNames {
    public static let types: [UInt16: String] = [
        1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR", 10: "NULL", 11: "WKS",
        12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP", 18: "AFSDB", 19: "X25", 20: "ISDN", 21: "RT",
        22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY", 26: "PX", 27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT",
        31: "EID", 32: "NIMLOC", 33: "SRV", 34: "ATMA", 35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6", 39: "DNAME",
        40: "SINK", 41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP", 45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY",
        49: "DHCID", 50: "NSEC3", 51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP", 56: "NINFO", 57: "RKEY",
        58: "TALINK", 59: "CDS", 60: "CDNSKEY", 61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS",
        99: "SPF", 100: "UINFO", 101: "UID", 102: "GID", 103: "UNSPEC", 104: "NID", 105: "L32", 106: "L64", 107: "LP",
        108: "EUI48", 109: "EUI64", 249: "TKEY", 250: "TSIG", 251: "IXFR", 252: "AXFR", 253: "MAILB", 254: "MAILA",
        255: "*", 256: "URI", 257: "CAA", 32768: "TA", 32769: "DLV", 65281: "WINS", 65282: "WINS-R", 65422: "XPF",
        65521: "INTEGRITY",
    ]
    public static let classes: [UInt16: String] = [1: "C_INTERNET", 2: "C_CSNET", 3: "C_CHAOS", 4: "C_HESIOD", 254: "C_NONE", 255: "C_ANY"]
    /// base_errors: NXRRSet keeps Zeek's mixed case.
    public static let rcodes: [UInt8: String] = [
        0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED", 6: "YXDOMAIN", 7: "YXRRSET",
        8: "NXRRSet", 9: "NOTAUTH", 10: "NOTZONE", 11: "unassigned-11", 12: "unassigned-12", 13: "unassigned-13",
        14: "unassigned-14", 15: "unassigned-15",
    ]
    public static let opcodes: [UInt8: String] = [
        0: "query", 1: "iquery", 2: "server-status", 4: "notify", 5: "dynamic-update", 6: "dso",
    ]

    /// Zeek lowercases every name it reads from a message (DNS_Interpreter::ExtractName), so
    /// the same name sent with mixed case (DNS 0x20) logs the same. The events keep the case on
    /// the wire: a multicast DNS responder's instance name names the device as it wrote it.
    public static func lowercased(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return name }
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    public static func type(_ t: UInt16) -> String { types[t] ?? "query-\(t)" }
    public static func klass(_ c: UInt16) -> String { classes[c] ?? "qclass-\(c)" }
    public static func rcode(_ r: UInt8) -> String { rcodes[r] ?? "unknown-\(r)" }
    public static func opcode(_ o: UInt8) -> String { opcodes[o] ?? "unknown-\(o)" }
}
