import VigilCore

/// One ISO transport (COTP, ISO 8073) PDU carried in a TPKT (RFC 1006 §6).
///
/// ```
/// TPKT:  0 version 3 | 1 reserved | 2 length u16 (whole TPKT, header included)
/// COTP:  4 length indicator (header bytes after this one) | 5 PDU type in the high nibble
///        DT (0xF): 6 TPDU number, bit 7 = EOT (last unit of a TSDU) | then user data
/// ```
public struct COTPPDU: Equatable, Sendable {
    /// The PDU type code (high nibble of the type byte): 0xE CR, 0xD CC, 0xF DT, 0x8 DR...
    public var type: UInt8
    /// Data PDUs: true on the last unit of a transport service data unit.
    public var endOfTSDU: Bool
    public var payload: [UInt8]
}

public enum COTPParser {
    public enum Step: Equatable {
        case needMore
        case pdu(COTPPDU, consumed: Int)
        case invalid(String)
    }

    /// RFC 1006 caps a TPKT at 65535 bytes; below 7 it cannot hold a COTP header.
    public static let minTPKTLength = 7

    public static func parse(_ b: UnsafeRawBufferPointer) -> Step {
        guard b.count >= 4 else { return .needMore }
        guard b[0] == 3, b[1] == 0 else { return .invalid("tpkt_invalid_version") }
        let length = Int(ByteReader.u16(b, 2))
        guard length >= minTPKTLength else { return .invalid("tpkt_invalid_length") }
        guard b.count >= length else { return .needMore }
        let li = Int(b[4])
        guard li >= 1, 5 + li <= length else { return .invalid("cotp_invalid_length_indicator") }
        let type = b[5] >> 4
        let eot = type == 0xF && li >= 2 && b[6] & 0x80 != 0
        return .pdu(COTPPDU(type: type, endOfTSDU: eot, payload: Array(b[(5 + li)..<length])), consumed: length)
    }

    /// ISO-on-TCP's port (RFC 1006 §3), where ICSNPP's s7comm signature applies.
    public static let isoTSAPPort: UInt16 = 102

    /// Content signature: a TPKT carrying a COTP connection request or confirm, or a data PDU
    /// whose payload starts like S7comm (0x32) or S7comm-plus (0x72).
    ///
    /// Off port 102 a connection request must also name a transport selector (a TSAP
    /// parameter, ISO 8073 §13.3.4 codes 0xC1 calling and 0xC2 called), as every S7 client's
    /// does. RDP opens with the same TPKT and X.224 connection request (MS-RDPBCGR §2.2.1.1) but
    /// carries a cookie and no TSAP; ICSNPP's signature fires only on port 102, so Zeek leaves
    /// such a flow elsewhere unnamed, and so does Vigil.
    public static func looksLikeS7(_ b: UnsafeRawBufferPointer, onISOPort: Bool = true) -> Bool {
        guard b.count >= 7, b[0] == 3, b[1] == 0, Int(ByteReader.u16(b, 2)) >= minTPKTLength else { return false }
        let li = Int(b[4])
        switch b[5] >> 4 {
        case 0xE, 0xD: return li >= 6 && (onISOPort || namesTSAP(b, headerEnd: min(5 + li, b.count)))
        case 0xF: return li == 2 && b.count > 7 && (b[7] == 0x32 || b[7] == 0x72)
        default: return false
        }
    }

    /// Walks a CR or CC's variable part (after its 7 fixed bytes: type, two references and
    /// the class) for a calling or called TSAP parameter.
    private static func namesTSAP(_ b: UnsafeRawBufferPointer, headerEnd: Int) -> Bool {
        var at = 11
        while at + 2 <= headerEnd {
            if b[at] == 0xC1 || b[at] == 0xC2 { return true }
            at += 2 + Int(b[at + 1])
        }
        return false
    }
}
