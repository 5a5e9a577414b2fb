import Testing
import VigilCore
import VigilOSDP

@testable import VigilProtocols

/// OSDP inside a TCP flow, as `vigil analyze` sees it: the analyzer's own assemblers cut the
/// stream, and the monitor behind them gets every packet and every refused frame.
@Suite struct OSDPAnalyzerTests {
    @Test func packetsAreRowsAndABurstOfBadFramesIsAnAlert() {
        let (sink, send) = AnalyzerLimitTests.feed(OSDPAnalyzer())
        let poll = OSDPPacket(address: 1, isReply: false, sequence: 0, code: OSDPCommandCode.poll).encoded()
        var corrupt = OSDPPacket(address: 1, isReply: false, sequence: 1, code: OSDPCommandCode.poll).encoded()
        corrupt[corrupt.count - 1] ^= 0xFF
        // One good frame split across two deliveries, then a run of frames failing their CRC.
        send(Array(poll[..<4]), true)
        send(Array(poll[4...]), true)
        for _ in 0..<OSDPLimits.errorBurstThreshold { send(corrupt, true) }
        #expect(sink.rows("osdp").count == 1)
        #expect(sink.weirdNames == Array(repeating: "osdp_bad_frame", count: OSDPLimits.errorBurstThreshold))
        let alerts = sink.rows("osdp_alert")
        #expect(alerts.count == 1 && alerts.first.map { BACnetParserTests.text($0, "alert") } == "osdp.error_burst")
    }
}
