import VigilCore

/// One connection-oriented DCE/RPC PDU (C706 "DCE 1.1: Remote Procedure Call" §12.6; MS-RPCE
/// §2.2.2), cut to what dce_rpc.log needs.
///
/// ```
/// header, 16 bytes:  0 rpc_vers 5 | 1 rpc_vers_minor 0 or 1 | 2 PTYPE | 3 pfc_flags
///                    4 packed_drep (byte 4's high nibble: 1 little-endian integers, 0 big)
///                    8 frag_length u16 | 10 auth_length u16 | 12 call_id u32
/// request   (0):     16 alloc_hint u32 | 20 p_cont_id u16 | 22 opnum u16
/// response  (2):     16 alloc_hint u32 | 20 p_cont_id u16 | 22 cancel_count, reserved
/// bind (11), alter_context (14):
///                    16 max_xmit_frag u16 | 18 max_recv_frag u16 | 20 assoc_group_id u32
///                    24 n_context_elem u8, 3 reserved | then per context: p_cont_id u16,
///                    n_transfer_syn u8, reserved, abstract syntax (uuid 16 + version u32),
///                    n_transfer_syn transfer syntaxes of 20 bytes
/// bind_ack (12), alter_context_resp (15):
///                    16 max_xmit_frag u16 | 18 max_recv_frag u16 | 20 assoc_group_id u32
///                    24 sec_addr: length u16, then that many bytes (NUL included)
/// ```
public struct DCERPCPDU: Equatable, Sendable {
    /// C706 §12.6.4's packet types that dce_rpc.log follows.
    public enum Kind: Equatable, Sendable {
        case request(context: UInt16, opnum: UInt16)
        case response(context: UInt16)
        /// A bind or an alter_context: the presentation contexts it offers, each an abstract
        /// syntax (the interface's UUID, as text).
        case bind(contexts: [Context], alter: Bool)
        /// A bind_ack's secondary address (the server's port, or a pipe name over SMB).
        case bindAck(secondaryAddress: String)
        case alterContextResponse
        /// Every other type (fault, bind_nak, shutdown, cancel…).
        case other(UInt8)
    }

    public struct Context: Equatable, Sendable {
        public var id: UInt16
        public var interface: String
    }

    public var kind: Kind
    /// pfc_flags' PFC_LAST_FRAG (0x02): the call's stub ends in this PDU.
    public var lastFragment: Bool
}

public enum DCERPCParser {
    public static let headerLength = 16

    public enum Step: Equatable {
        case needMore
        case pdu(DCERPCPDU, consumed: Int)
        case invalid(String)
    }

    /// Zeek's signature for the protocol (base/protocols/dce-rpc/dpd.sig,
    /// `^\x05[\x00\x01][\x00-\x13]\x03`): version 5.0 or 5.1, a known packet type, and the
    /// first and last fragment flags both set, as a bind or a one-fragment call has.
    public static func looksLikeDCERPC(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count >= 4 && b[0] == 5 && b[1] <= 1 && b[2] <= 0x13 && b[3] == 3
    }

    /// Frames and decodes the PDU at the start of `b`.
    public static func parse(_ b: UnsafeRawBufferPointer) -> Step {
        guard b.count >= headerLength else { return .needMore }
        guard b[0] == 5, b[1] <= 1 else { return .invalid("dce_rpc_bad_version") }
        let little = b[4] >> 4 == 1
        let length = Int(u16(b, 8, little))
        guard length >= headerLength else { return .invalid("dce_rpc_bad_length") }
        guard b.count >= length else { return .needMore }
        let pdu = UnsafeRawBufferPointer(rebasing: b[0..<length])
        let kind = body(pdu, type: b[2], little: little)
        return .pdu(DCERPCPDU(kind: kind, lastFragment: b[3] & 0x02 != 0), consumed: length)
    }

    /// The body's fields, or `.other` when the PDU is too short to hold them.
    static func body(_ b: UnsafeRawBufferPointer, type: UInt8, little: Bool) -> DCERPCPDU.Kind {
        switch type {
        case 0 where b.count >= 24: return .request(context: u16(b, 20, little), opnum: u16(b, 22, little))
        case 2 where b.count >= 24: return .response(context: u16(b, 20, little))
        case 11, 14: return contexts(b, little: little).map { .bind(contexts: $0, alter: type == 14) } ?? .other(type)
        case 12 where b.count >= 26:
            let n = Int(u16(b, 24, little))
            guard 26 + n <= b.count else { return .other(type) }
            // The length counts the terminating NUL, which Zeek drops.
            var text = Array(b[26..<(26 + n)])
            if text.last == 0 { text.removeLast() }
            return .bindAck(secondaryAddress: String(decoding: text, as: UTF8.self))
        case 15: return .alterContextResponse
        default: return .other(type)
        }
    }

    /// A bind's presentation context list, or nil when it runs past the PDU.
    static func contexts(_ b: UnsafeRawBufferPointer, little: Bool) -> [DCERPCPDU.Context]? {
        guard b.count >= 28 else { return nil }
        var contexts: [DCERPCPDU.Context] = []
        var at = 28
        for _ in 0..<Int(b[24]) {
            guard at + 24 <= b.count else { return nil }
            let transfers = Int(b[at + 2])
            contexts.append(.init(id: u16(b, at, little), interface: uuidText(b, at + 4, little: little)))
            at += 24 + 20 * transfers
        }
        return contexts
    }

    /// A UUID as Zeek's uuid_to_string writes it: its first three fields are integers in the
    /// PDU's byte order, the last eight bytes as sent.
    static func uuidText(_ b: UnsafeRawBufferPointer, _ o: Int, little: Bool) -> String {
        Hex.guid(UnsafeRawBufferPointer(rebasing: b[o..<(o + 16)]), littleEndian: little)
    }

    static func u16(_ b: UnsafeRawBufferPointer, _ o: Int, _ little: Bool) -> UInt16 {
        little ? ByteReader.u16le(b, o) : ByteReader.u16(b, o)
    }
}
