import Testing
import VigilCore

@testable import VigilProtocols

/// Collects what an analyzer emits.
final class CollectingSink: EventSink {
    var events: [SensorEvent] = []
    func emit(_ event: SensorEvent) { events.append(event) }
    var weirdNames: [String] {
        events.compactMap {
            if case .weird(let w) = $0 { return w.name }
            return nil
        }
    }
    func rows(_ path: String) -> [LogRecord] {
        events.compactMap {
            if case .log(let r) = $0, r.schema.path == path { return r }
            return nil
        }
    }
}

@Suite struct AnalyzerLimitTests {
    static func context(_ sink: CollectingSink, limits: Limits = .default) -> FlowContext {
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 502, proto: .tcp)
        return FlowContext(uid: "Ctest", id: id, ts: .zero, sink: sink, limits: limits, shared: SharedProtocolState())
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
        #expect(sink.rows("modbus").count == 5)  // every PDU is still logged
    }

    @Test func modbusSplitDeliveryAcrossSegments() {
        let sink = CollectingSink()
        let ctx = Self.context(sink)
        let a = ModbusAnalyzer()
        let two = Self.request(tid: 1) + Self.request(tid: 2)
        // Deliver in three pieces that cut both frames.
        for range in [0..<5, 5..<15, 15..<24] { Array(two[range]).withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) } }
        #expect(sink.rows("modbus").count == 2)
        #expect(sink.weirdNames.isEmpty)
    }

    @Test func logStringLimitAtTheLimitIsKeptAndBeyondIsCutAndMarked() {
        let atLimit = [UInt8](repeating: 0x61, count: 8)
        #expect(BytesText.escaped(atLimit, limit: 8) == "aaaaaaaa")
        let over = [UInt8](repeating: 0x61, count: 9)
        #expect(BytesText.escaped(over, limit: 8) == "aaaaaaaa...[truncated 1 bytes]")
    }
}
