import VigilCore

/// A decoded DNS message (RFC 1035 §4.1).
///
/// Header (12 bytes):
/// ```
///  0 id u16 | 2 flags u16: QR(15) opcode(11-14) AA(10) TC(9) RD(8) RA(7) Z(4-6) RCODE(0-3)
///  4 qdcount | 6 ancount | 8 nscount | 10 arcount
/// ```
public struct DNSMessage: Sendable {
    public struct Question: Sendable {
        public var name: String
        public var type: UInt16
        public var klass: UInt16

        public init(name: String, type: UInt16, klass: UInt16) {
            self.name = name
            self.type = type
            self.klass = klass
        }
    }

    public struct Answer: Sendable {
        public var name: String
        public var type: UInt16
        public var ttl: UInt32
        /// Zeek's rendering of the rdata (address, target name, "TXT n text", "SSHFP: hex", …);
        /// nil for the types whose Zeek events add nothing to dns.log (HINFO, CAA, SVCB, HTTPS,
        /// TKEY, TSIG, OPT), empty for WKS (counted, not shown).
        public var text: String?
        public var address: IPAddress?
        /// A TXT record's character-strings, each made log-safe (RFC 1035 §3.3.14; DNS-SD's
        /// `key=value` pairs, RFC 6763 §6); empty for other types.
        public var strings: [String]

        public init(name: String, type: UInt16, ttl: UInt32, text: String?, address: IPAddress?, strings: [String] = []) {
            self.name = name
            self.type = type
            self.ttl = ttl
            self.text = text
            self.address = address
            self.strings = strings
        }
    }

    public var id: UInt16
    public var flags: UInt16
    public var questions: [Question]
    public var answers: [Answer]
    /// The additional section's records, read only where asked for (multicast DNS, whose
    /// responders put their SRV, TXT and address records there, RFC 6763 §12).
    public var additionals: [Answer]
    /// The header's authority and additional record counts (NSCOUNT, ARCOUNT), whatever was read.
    public var authorityCount: UInt16
    public var additionalCount: UInt16

    public init(
        id: UInt16, flags: UInt16, questions: [Question], answers: [Answer], additionals: [Answer] = [], authorityCount: UInt16 = 0,
        additionalCount: UInt16 = 0
    ) {
        self.id = id
        self.flags = flags
        self.questions = questions
        self.answers = answers
        self.additionals = additionals
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    public var isResponse: Bool { flags & 0x8000 != 0 }
    public var opcode: UInt8 { UInt8((flags >> 11) & 0xF) }
    public var aa: Bool { flags & 0x0400 != 0 }
    public var tc: Bool { flags & 0x0200 != 0 }
    public var rd: Bool { flags & 0x0100 != 0 }
    public var ra: Bool { flags & 0x0080 != 0 }
    public var z: UInt8 { UInt8((flags >> 4) & 0x7) }
    public var rcode: UInt8 { UInt8(flags & 0xF) }
}
