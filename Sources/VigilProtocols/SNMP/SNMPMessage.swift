import VigilCore

/// An SNMP message (RFC 1157 v1, RFC 3416 v2c; RFC 3412 v3 header only): its version, the
/// community of v1 and v2c, and the PDU with its variable bindings.
struct SNMPMessage {
    /// 0 (SNMPv1), 1 (SNMPv2c) or 3 (SNMPv3), as the message's version field says.
    var version: Int64
    var community: String?
    /// The PDU's context-specific tag (0xA0 GetRequest … 0xA8 Report); nil for an SNMPv3
    /// message, whose PDU is in its scoped (often encrypted) part.
    var pduTag: UInt8?
    var bindings: [(oid: String, value: SNMPValue)] = []

    static let getRequest: UInt8 = 0xA0
    static let getNextRequest: UInt8 = 0xA1
    static let response: UInt8 = 0xA2
    static let setRequest: UInt8 = 0xA3
    static let trapV1: UInt8 = 0xA4
    static let getBulkRequest: UInt8 = 0xA5

    /// Reads the message; nil when it is not a well-formed SNMP message.
    static func parse(_ b: UnsafeRawBufferPointer, maxBindings: Int = 256) -> SNMPMessage? {
        var outer = BERReader(b)
        guard let body = outer.element(0x30) else { return nil }
        var r = BERReader(body)
        guard let v = r.element(0x02), let version = BERReader.integer(v), [0, 1, 3].contains(version) else { return nil }
        var m = SNMPMessage(version: version)
        if version == 3 { return r.element(0x30) != nil ? m : nil }  // msgGlobalData follows
        guard let community = r.element(0x04), let pdu = r.element() else { return nil }
        m.community = BytesText.escaped(community)
        guard pdu.tag >= 0xA0, pdu.tag <= 0xA8 else { return nil }
        m.pduTag = pdu.tag
        // A v1 Trap has its own shape (enterprise, agent address, types, timestamp); the
        // others carry request-id, error-status and error-index (or non-repeaters and
        // max-repetitions) before the bindings.
        var p = BERReader(pdu.value)
        if pdu.tag == trapV1 {
            guard p.element(0x06) != nil, p.element(0x40) != nil, p.element(0x02) != nil, p.element(0x02) != nil,
                p.element(0x43) != nil
            else { return nil }
        } else {
            guard p.element(0x02) != nil, p.element(0x02) != nil, p.element(0x02) != nil else { return nil }
        }
        guard let list = p.element(0x30) else { return nil }
        var l = BERReader(list)
        while !l.atEnd, m.bindings.count < maxBindings {
            guard let binding = l.element(0x30) else { return nil }
            var e = BERReader(binding)
            guard let name = e.element(0x06), let oid = BERReader.oid(name), let value = e.element() else { return nil }
            m.bindings.append((oid, SNMPValue(tag: value.tag, value.value)))
        }
        return m
    }
}

/// A variable binding's value (RFC 2578 §7.1, RFC 3416 §3): what identity and snmp.log read.
enum SNMPValue {
    case octets([UInt8])
    case integer(Int64)
    /// Counter32, Gauge32, TimeTicks (hundredths of a second) or Counter64.
    case unsigned(UInt64)
    case oid(String)
    case address(IPAddress)
    /// NULL, noSuchObject, noSuchInstance, endOfMibView, or a type Vigil does not read.
    case none

    init(tag: UInt8, _ v: UnsafeRawBufferPointer) {
        switch tag {
        case 0x04, 0x44: self = .octets(Array(v))  // OCTET STRING, Opaque
        case 0x02: self = BERReader.integer(v).map { .integer($0) } ?? .none
        case 0x41, 0x42, 0x43, 0x46: self = BERReader.unsigned(v).map { .unsigned($0) } ?? .none
        case 0x06: self = BERReader.oid(v).map { .oid($0) } ?? .none
        case 0x40 where v.count == 4: self = .address(.v4(v, at: 0))
        default: self = .none
        }
    }

    var octets: [UInt8]? { if case .octets(let o) = self { o } else { nil } }
}
