import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// SNMP's BER (ITU-T X.690) and message layouts (RFC 1157, RFC 3416, RFC 3412), built by hand
/// here; samples/snmp-agent.pcap (net-snmp's own messages) is checked against tshark in the
/// sensor's tests.
@Suite struct SNMPParserTests {
    static func tlv(_ tag: UInt8, _ value: [UInt8]) -> [UInt8] {
        value.count < 128 ? [tag, UInt8(value.count)] + value : [tag, 0x82, UInt8(value.count >> 8), UInt8(value.count & 0xFF)] + value
    }

    /// 1.3.6.1.2.1.1.1.0 (sysDescr.0) and 1.3.6.1.2.1.1.5.0 (sysName.0).
    static let sysDescrOID: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 1, 0]
    static let sysNameOID: [UInt8] = [0x2B, 6, 1, 2, 1, 1, 5, 0]

    static func message(version: UInt8, pdu: UInt8, bindings: [[UInt8]]) -> [UInt8] {
        let list = tlv(0x30, bindings.flatMap { $0 })
        let body = tlv(0x02, [1]) + tlv(0x02, [0]) + tlv(0x02, [0]) + list
        return tlv(0x30, tlv(0x02, [version]) + tlv(0x04, Array("public".utf8)) + tlv(pdu, body))
    }

    static func binding(_ oid: [UInt8], _ value: [UInt8]) -> [UInt8] { tlv(0x30, tlv(0x06, oid) + value) }

    @Test func berReadsOIDsIntegersAndLongLengths() {
        func oid(_ b: [UInt8]) -> String? { b.withUnsafeBytes { BERReader.oid($0) } }
        #expect(oid(Self.sysDescrOID) == "1.3.6.1.2.1.1.1.0")
        // 2.999.3: a first byte over 80 is arc 2; base-128 arcs with continuation bits.
        #expect(oid([0x88, 0x37, 0x03]) == "2.999.3")
        #expect(oid([0x2B, 0x86]) == nil, "an arc cut off")
        #expect(([0xFF, 0x38] as [UInt8]).withUnsafeBytes { BERReader.integer($0) } == -200)
        #expect(
            ([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] as [UInt8]).withUnsafeBytes { BERReader.unsigned($0) } == UInt64.max)
        let long = Self.tlv(0x04, [UInt8](repeating: 0x41, count: 300))
        long.withUnsafeBytes { b in
            var r = BERReader(b)
            #expect(r.element()?.value.count == 300 && r.atEnd)
        }
        // Indefinite length (0x80) is not allowed in SNMP; a length past the end is refused.
        ([0x30, 0x80, 0, 0] as [UInt8]).withUnsafeBytes { b in
            var r = BERReader(b)
            #expect(r.element() == nil)
        }
        ([0x04, 0x05, 1] as [UInt8]).withUnsafeBytes { b in
            var r = BERReader(b)
            #expect(r.element() == nil)
        }
    }

    @Test func messagesOfEachVersion() throws {
        let response = Self.message(
            version: 1, pdu: 0xA2,
            bindings: [
                Self.binding(Self.sysDescrOID, Self.tlv(0x04, Array("PSG-200, firmware 3.1.4".utf8))),
                Self.binding(Self.sysNameOID, Self.tlv(0x04, Array("psg-200-east".utf8))),
                Self.binding([0x2B, 6, 1, 2, 1, 1, 3, 0], Self.tlv(0x43, [0x01, 0x00])),
            ])
        let m = try #require(response.withUnsafeBytes { SNMPMessage.parse($0) })
        #expect(m.version == 1 && m.community == "public" && m.pduTag == SNMPMessage.response)
        #expect(m.bindings.map(\.oid) == ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.3.0"])
        #expect(m.bindings[0].value.octets == Array("PSG-200, firmware 3.1.4".utf8))
        guard case .unsigned(256) = m.bindings[2].value else {
            Issue.record("TimeTicks not read: \(m.bindings[2].value)")
            return
        }
        // SNMPv3: version 3 and msgGlobalData; the PDU is in the (here absent) scoped part.
        let v3 = Self.tlv(0x30, Self.tlv(0x02, [3]) + Self.tlv(0x30, Self.tlv(0x02, [1])))
        let header = try #require(v3.withUnsafeBytes { SNMPMessage.parse($0) })
        #expect(header.version == 3 && header.pduTag == nil && header.community == nil)
        // Version 2 does not exist; a PDU tag outside 0xA0-0xA8 is not SNMP.
        #expect(Self.message(version: 2, pdu: 0xA0, bindings: []).withUnsafeBytes { SNMPMessage.parse($0) } == nil)
        #expect(Self.message(version: 1, pdu: 0xB0, bindings: []).withUnsafeBytes { SNMPMessage.parse($0) } == nil)
    }

    /// A response names its sender: sysDescr as the product, sysName as the name; the
    /// ENTITY-MIB's columns as maker, model and serial; the session counts bindings by PDU.
    @Test func analyzerGivesIdentityAndTheSession() throws {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A54_0002), origPort: 40000, respHost: .v4(0x0A54_0001), respPort: 161, proto: .udp)
        let context = FlowContext(uid: "Csnmp", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState())
        let a = SNMPAnalyzer()
        let get = Self.message(
            version: 1, pdu: 0xA0, bindings: [Self.binding(Self.sysDescrOID, [5, 0]), Self.binding(Self.sysNameOID, [5, 0])])
        let entity: [UInt8] = [0x2B, 6, 1, 2, 1, 0x2F, 1, 1, 1, 1, 13, 1]  // entPhysicalModelName.1
        let answer = Self.message(
            version: 1, pdu: 0xA2,
            bindings: [
                Self.binding(Self.sysDescrOID, Self.tlv(0x04, Array("PSG-200".utf8))),
                Self.binding(Self.sysNameOID, Self.tlv(0x04, Array("psg-200-east".utf8))),
                Self.binding(entity, Self.tlv(0x04, Array("PSG-200-E".utf8))),
            ])
        get.withUnsafeBytes { a.deliver($0, isOrig: true, context: context) }
        answer.withUnsafeBytes { a.deliver($0, isOrig: false, context: context) }
        ([0x30, 0x03, 0x02, 0x01] as [UInt8]).withUnsafeBytes { a.deliver($0, isOrig: true, context: context) }
        a.finish(context: context)
        #expect(
            sink.identitiesAndRoles == [
                "10.84.0.2 snmp_manager", "10.84.0.1 product=PSG-200 (snmp sysDescr)", "10.84.0.1 name=psg-200-east (snmp sysName)",
                "10.84.0.1 model=PSG-200-E (snmp entPhysicalModelName)", "10.84.0.1 snmp_agent",
            ])
        #expect(sink.weirdNames == ["snmp_malformed"])
        let session = try #require(sink.events.lazy.compactMap { if case .snmp(let s) = $0 { s } else { nil } }.first)
        #expect(session.version == "2c" && session.getRequests == 2 && session.getResponses == 3 && session.displayString == "PSG-200")
    }
}
