import Testing
import VigilCore
import VigilEvents
import VigilInventory

@testable import VigilProtocols
@testable import VigilSensor

/// Collects what an analyzer emits.
final class CollectingSink: EventSink {
    var events: [SensorEvent] = []
    func emit(_ event: consuming SensorEvent) { events.append(event) }
    var weirdNames: [String] {
        events.compactMap {
            if case .weird(let w) = $0 { return w.name }
            return nil
        }
    }
    var modbusPDUs: [ModbusPDUEvent] {
        events.compactMap {
            if case .modbus(let m) = $0 { return m }
            return nil
        }
    }
    var iec104APDUs: [IEC104APDUEvent] {
        events.compactMap {
            if case .iec104(let e) = $0 { return e }
            return nil
        }
    }
    /// The identities and roles emitted, as `host field=value (evidence)` and `host role`.
    var identitiesAndRoles: [String] {
        events.compactMap { e in
            switch e {
            case .identity(let host, let field, let value, let evidence): "\(host) \(field.rawValue)=\(value) (\(evidence))"
            case .role(let host, let role): "\(host) \(role)"
            case .macIdentity(let mac, let field, let value, let evidence): "\(mac) \(field.rawValue)=\(value) (\(evidence))"
            case .macRole(let mac, let role): "\(mac) \(role)"
            default: nil
            }
        }
    }
    /// The rows of one log, as the sensor's log writers make them from the events.
    func rows(_ path: String) -> [LogRecord] {
        let logs = MemoryLogSink()
        let router = EventRouter(logs: logs, inventory: AssetInventory())
        for e in events { router.emit(e) }
        return logs.rows(path)
    }
}

@Suite struct AnalyzerLimitTests {
    static func context(_ sink: CollectingSink, limits: Limits = .default) -> FlowContext {
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 502, proto: .tcp)
        return FlowContext(uid: "Ctest", id: id, ts: .zero, sink: sink, limits: limits, shared: SharedProtocolState())
    }

    /// An analyzer fed whole deliveries, and the sink that collects what it emits.
    static func feed(_ a: ProtocolAnalyzer, limits: Limits = .default) -> (CollectingSink, (_ bytes: [UInt8], _ isOrig: Bool) -> Void) {
        let sink = CollectingSink()
        let ctx = context(sink, limits: limits)
        return (sink, { bytes, isOrig in bytes.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: ctx) } })
    }

    static func request(tid: UInt16) -> [UInt8] {
        [UInt8(tid >> 8), UInt8(tid & 0xFF), 0, 0, 0, 6, 1, 3, 0, 0, 0, 1]
    }

    @Test func modbusRequestFloodAtLimitIsQuietAndBeyondIsReported() {
        var limits = Limits()
        limits.maxPendingTransactions = 4
        let sink = CollectingSink()
        let ctx = Self.context(sink, limits: limits)
        let a = ModbusAnalyzer(limits: limits)
        for tid in 0..<4 { Self.request(tid: UInt16(tid)).withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) } }
        #expect(sink.weirdNames.isEmpty, "4 unanswered requests are within the limit")
        Self.request(tid: 4).withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) }
        #expect(sink.weirdNames == ["modbus_request_flood"])
        #expect(sink.modbusPDUs.count == 5)  // every PDU is still reported
        // The four set aside are written as unanswered, not dropped.
        #expect(sink.rows("modbus_detailed").map { ModbusTransactionTests.text($0, "matched") } == ["F", "F", "F", "F"])
    }

    /// BACnet confirmed ReadProperty requests (invoke id `n`) and a SimpleACK answer.
    static func bacnetRequest(_ n: UInt8) -> [UInt8] {
        BACnetParserTests.unicast([0x00, 0x05, n, 0x0C, 0x0C, 0x02, 0x00, 0x00, 0x08, 0x19, 0x4D])
    }

    @Test func bacnetRequestFloodAtLimitOnceAndAnAnswerResetsIt() {
        var limits = Limits()
        limits.maxPendingTransactions = 4
        let (sink, send) = Self.feed(BACnetAnalyzer(limits: limits), limits: limits)
        for n in 0..<3 { send(Self.bacnetRequest(UInt8(n)), true) }
        send(BACnetParserTests.unicast([0x20, 0x02, 0x0C]), false)  // SimpleACK: the run starts again
        for n in 3..<6 { send(Self.bacnetRequest(UInt8(n)), true) }
        #expect(sink.weirdNames.isEmpty, "3 unanswered after an answer are within the limit")
        send(BACnetParserTests.unicast([0x10, 0x08]), true)  // unconfirmed Who-Is expects nothing
        send(Self.bacnetRequest(6), true)
        for n in 7..<12 { send(Self.bacnetRequest(UInt8(n)), true) }
        #expect(sink.weirdNames == ["bacnet_request_flood"])
        #expect(sink.rows("bacnet").count == 14)  // every APDU is still logged
    }

    @Test func coapRequestFloodAtLimitOnceAndAnAckResetsIt() {
        var limits = Limits()
        limits.maxPendingTransactions = 3
        let (sink, send) = Self.feed(CoAPAnalyzer(limits: limits), limits: limits)
        let get: [UInt8] = [0x40, 0x01, 0x00, 0x01, 0xB4, 0x74, 0x65, 0x6D, 0x70]  // CON GET /temp
        send(get, true)
        send(get, true)
        send([0x60, 0x00, 0x00, 0x01], false)  // Empty ACK
        send(get, true)
        send(get, true)
        #expect(sink.weirdNames.isEmpty)
        for _ in 0..<4 { send(get, true) }
        #expect(sink.weirdNames == ["coap_request_flood"])
    }

    /// IEC 104 I-frames (C_SC_NA_1 single command) with N(S) = `ns`, N(R) = 0.
    static func iec104Command(ns: UInt16) -> [UInt8] {
        [0x68, 0x0E, UInt8((ns << 1) & 0xFF), UInt8(ns >> 7), 0x00, 0x00, 0x2D, 0x01, 0x06, 0x00, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x01]
    }

    @Test func iec104MoreThanKUnacknowledgedIFramesIsReportedOnce() {
        let (sink, send) = Self.feed(IEC104Analyzer())
        for ns in 0..<12 { send(Self.iec104Command(ns: UInt16(ns)), true) }
        #expect(sink.weirdNames.isEmpty, "k = 12 outstanding is allowed")
        send([0x68, 0x04, 0x01, 0x00, UInt8((10 << 1) & 0xFF), 0x00], false)  // S-frame: N(R) = 10
        for ns in 12..<22 { send(Self.iec104Command(ns: UInt16(ns)), true) }
        #expect(sink.weirdNames.isEmpty, "12 outstanding after the acknowledgement of 10")
        send(Self.iec104Command(ns: 22), true)
        send(Self.iec104Command(ns: 23), true)
        #expect(sink.weirdNames == ["iec104_window_exceeded"])
    }

    @Test func modbusSplitDeliveryAcrossSegments() {
        let sink = CollectingSink()
        let ctx = Self.context(sink)
        let a = ModbusAnalyzer()
        let two = Self.request(tid: 1) + Self.request(tid: 2)
        // Deliver in three pieces that cut both frames.
        for range in [0..<5, 5..<15, 15..<24] { Array(two[range]).withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) } }
        #expect(sink.modbusPDUs.count == 2)
        #expect(sink.weirdNames.isEmpty)
    }

    @Test func logStringLimitAtTheLimitIsKeptAndBeyondIsCutAndMarked() {
        let atLimit = [UInt8](repeating: 0x61, count: 8)
        #expect(BytesText.escaped(atLimit, limit: 8) == "aaaaaaaa")
        let over = [UInt8](repeating: 0x61, count: 9)
        #expect(BytesText.escaped(over, limit: 8) == "aaaaaaaa...[truncated 1 bytes]")
    }
}
