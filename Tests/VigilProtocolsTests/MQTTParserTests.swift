import Testing

@testable import VigilProtocols

@Suite struct MQTTParserTests {
    /// CONNECT, MQTT 3.1.1: remaining length 20, "MQTT", level 4, flags 0x02 (clean), keepalive 60, client id "sensor-1".
    static let connect: [UInt8] =
        [0x10, 20, 0x00, 0x04] + Array("MQTT".utf8) + [0x04, 0x02, 0x00, 0x3C, 0x00, 0x08] + Array("sensor-1".utf8)

    @Test func connectDecodes() {
        var p = MQTTParser()
        let step = Self.connect.withUnsafeBytes { p.parse($0) }
        guard case .packet(.connect(let c), let n) = step else {
            Issue.record("got \(step)")
            return
        }
        #expect(n == 22)
        #expect(c.clientID == "sensor-1" && c.level == 4 && c.protocolName == "MQTT")
        #expect(Self.connect.withUnsafeBytes { MQTTParser.looksLikeConnect($0) })
    }

    @Test func partialDeliveryNeedsMore() {
        for cut in 0..<Self.connect.count {
            var p = MQTTParser()
            #expect(Array(Self.connect[0..<cut]).withUnsafeBytes { p.parse($0) } == .needMore, "cut at \(cut)")
        }
    }

    @Test func remainingLengthOfFourBytesIsTheLimit() {
        // §1.5.5: at most four length bytes. 0xFF 0xFF 0xFF 0x7F = 268,435,455 is legal (but over our packet limit).
        var p = MQTTParser(maxPacketBytes: 1 << 20)
        #expect(([0x30, 0xFF, 0xFF, 0xFF, 0x7F] as [UInt8]).withUnsafeBytes { p.parse($0) } == .invalid("mqtt_packet_too_large"))
        // A fifth continuation byte is malformed.
        #expect(
            ([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] as [UInt8]).withUnsafeBytes { p.parse($0) } == .invalid("mqtt_invalid_remaining_length"))
    }

    @Test func packetSizeLimitAtAndOverTheLimit() {
        var p = MQTTParser(maxPacketBytes: 4)
        // PUBLISH qos 0, topic "a", payload "b": remaining length 4 — exactly the limit.
        let atLimit: [UInt8] = [0x30, 4, 0, 1, 0x61, 0x62]
        #expect(
            atLimit.withUnsafeBytes { p.parse($0) }
                == .packet(.publish(.init(topic: "a", qos: 0, retain: false, packetID: nil, payload: [0x62])), consumed: 6))
        let over: [UInt8] = [0x30, 5, 0, 1, 0x61, 0x62, 0x63]
        #expect(over.withUnsafeBytes { p.parse($0) } == .invalid("mqtt_packet_too_large"))
    }

    @Test func qosThreeIsMalformedButFramed() {
        var p = MQTTParser()
        let bad: [UInt8] = [0x36, 4, 0, 1, 0x61, 0x62]  // flags 0110: qos 3
        #expect(bad.withUnsafeBytes { p.parse($0) } == .malformed("mqtt_malformed_3", consumed: 6))
    }
}
