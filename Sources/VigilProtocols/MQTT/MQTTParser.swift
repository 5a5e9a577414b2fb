import VigilCore

/// Pure MQTT framing and decoding for 3.1, 3.1.1 and 5.0.
public struct MQTTParser {
    public enum Step: Equatable {
        case needMore
        case packet(MQTTPacket, consumed: Int)
        /// A whole frame that failed to decode: skip it, report the named anomaly.
        case malformed(String, consumed: Int)
        /// The framing itself is broken: the stream cannot be followed.
        case invalid(String)
    }

    /// Protocol level from CONNECT; decides whether MQTT 5 properties are present.
    public var level: UInt8 = 4
    public var maxPacketBytes: Int

    public init(maxPacketBytes: Int = Limits.default.maxMessageBytes) { self.maxPacketBytes = maxPacketBytes }

    /// Reads the fixed header: (type, flags, remaining length, header size), nil if incomplete.
    static func fixedHeader(_ b: UnsafeRawBufferPointer) -> (UInt8, UInt8, Int, Int)?? {
        guard b.count >= 2 else { return .some(nil) }
        var length = 0
        var shift = 0
        var i = 1
        while true {
            guard i < b.count else { return .some(nil) }
            guard i <= 4 else { return .none }  // more than four length bytes: malformed (§1.5.5)
            let byte = Int(b[i])
            length |= (byte & 0x7F) << shift
            i += 1
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return .some((b[0] >> 4, b[0] & 0x0F, length, i))
    }

    public mutating func parse(_ b: UnsafeRawBufferPointer) -> Step {
        guard let header = MQTTParser.fixedHeader(b) else { return .invalid("mqtt_invalid_remaining_length") }
        guard let (type, flags, length, hsize) = header else { return .needMore }
        guard type != 0 else { return .invalid("mqtt_unassigned_msg_type") }
        guard length <= maxPacketBytes else { return .invalid("mqtt_packet_too_large") }
        guard b.count >= hsize + length else { return .needMore }
        let body = UnsafeRawBufferPointer(rebasing: b[hsize..<(hsize + length)])
        var r = ByteCursor(body)
        guard let p = decode(type: type, flags: flags, &r) else { return .malformed("mqtt_malformed_\(type)", consumed: hsize + length) }
        if case .connect(let c) = p { level = c.level }
        return .packet(p, consumed: hsize + length)
    }

    mutating func decode(type: UInt8, flags: UInt8, _ r: inout ByteCursor) -> MQTTPacket? {
        let v5 = level >= 5
        switch type {
        case 1:
            guard let name = r.mqttString(), let lvl = r.u8(), let cflags = r.u8(), r.u16() != nil else { return nil }
            if lvl >= 5 { guard r.skipProperties() else { return nil } }
            guard let client = r.mqttString() else { return nil }
            var c = MQTTPacket.Connect(protocolName: name, level: lvl, clientID: client)
            if cflags & 0x04 != 0 {
                if lvl >= 5 { guard r.skipProperties() else { return nil } }
                c.willTopic = r.mqttString()
                c.willPayload = r.vector16()
            }
            if cflags & 0x80 != 0 { c.username = r.mqttString() }
            return .connect(c)
        case 2:
            guard r.u8() != nil, let code = r.u8() else { return nil }
            return .connack(returnCode: code)
        case 3:
            let qos = (flags >> 1) & 3
            guard qos < 3, let topic = r.mqttString() else { return nil }
            var id: UInt16?
            if qos > 0 {
                guard let pid = r.u16() else { return nil }
                id = pid
            }
            if v5 { guard r.skipProperties() else { return nil } }
            return .publish(.init(topic: topic, qos: qos, retain: flags & 1 == 1, packetID: id, payload: r.rest()))
        case 4, 5, 6, 7:
            guard let id = r.u16() else { return nil }
            return .publishAck(type: type, packetID: id)
        case 8:
            guard let id = r.u16() else { return nil }
            if v5 { guard r.skipProperties() else { return nil } }
            var topics: [String] = []
            var qos: [UInt8] = []
            while !r.atEnd {
                guard let t = r.mqttString(), let o = r.u8() else { return nil }
                topics.append(t)
                qos.append(o & 3)
            }
            return .subscribe(packetID: id, topics: topics, qos: qos)
        case 9:
            guard let id = r.u16() else { return nil }
            if v5 { guard r.skipProperties() else { return nil } }
            return .suback(packetID: id, codes: r.rest())
        case 10:
            guard let id = r.u16() else { return nil }
            if v5 { guard r.skipProperties() else { return nil } }
            var topics: [String] = []
            while !r.atEnd {
                guard let t = r.mqttString() else { return nil }
                topics.append(t)
            }
            return .unsubscribe(packetID: id, topics: topics)
        case 11:
            guard let id = r.u16() else { return nil }
            return .unsuback(packetID: id)
        case 12: return .pingreq
        case 13: return .pingresp
        case 14: return .disconnect
        case 15: return .auth
        default: return nil
        }
    }

    /// Content signature: a CONNECT naming "MQTT" or "MQIsdp" (§3.1.2.1).
    public static func looksLikeConnect(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 10, b[0] == 0x10, let h = fixedHeader(b), let (_, _, _, hs) = h, b.count >= hs + 8 else { return false }
        let nameLength = Int(ByteReader.u16(b, hs))
        guard nameLength == 4 || nameLength == 6, b.count >= hs + 2 + nameLength else { return false }
        let name = Array(b[(hs + 2)..<(hs + 2 + nameLength)])
        return name == Array("MQTT".utf8) || name == Array("MQIsdp".utf8)
    }

    /// Midstream signature (flows picked up after CONNECT): the first bytes are one or more
    /// whole, well-formed MQTT packets (a trailing partial packet is allowed), at least one of
    /// which is a PUBLISH with a printable topic or a CONNACK/SUBACK/PING.
    public static func looksLikeMidstream(_ b: UnsafeRawBufferPointer) -> Bool {
        var p = MQTTParser()
        p.level = 4
        var o = 0
        var convincing = false
        while o < b.count {
            switch p.parse(UnsafeRawBufferPointer(rebasing: b[o...])) {
            case .packet(let pkt, let n):
                switch pkt {
                case .publish(let pub): if !pub.topic.isEmpty && pub.topic.utf8.allSatisfy({ $0 >= 0x20 }) { convincing = true }
                case .connack, .suback, .pingreq, .pingresp: convincing = true
                default: break
                }
                o += n
            case .needMore: return convincing && o > 0
            case .malformed, .invalid: return false
            }
        }
        return convincing
    }
}

/// MQTT's encodings on top of the shared cursor (MQTT 5.0 §1.5).
extension ByteCursor {
    /// UTF-8 string: u16 length then bytes (§1.5.4), made log-safe.
    mutating func mqttString() -> String? { vector16().map { BytesText.text($0) } }

    /// Variable byte integer, at most four bytes (§1.5.5).
    mutating func varint() -> Int? {
        var v = 0
        var shift = 0
        for _ in 0..<4 {
            guard let byte = u8() else { return nil }
            v |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return v }
            shift += 7
        }
        return nil
    }

    /// MQTT 5 property block (§2.2.2): a length then that many bytes.
    mutating func skipProperties() -> Bool {
        guard let n = varint() else { return false }
        return skip(n)
    }
}
