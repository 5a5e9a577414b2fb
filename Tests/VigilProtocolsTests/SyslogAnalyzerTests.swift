import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// The syslog priority (RFC 5424 §6.2.1): one to three digits in angle brackets, at most 191
/// (facility 23, severity 7); anything else is not a syslog message.
@Suite struct SyslogAnalyzerTests {
    static func priority(_ s: String) -> Int? {
        Array(s.utf8).withUnsafeBytes { SyslogAnalyzer.priority($0)?.value }
    }

    @Test func prioritiesAreReadAndOutOfRangeOnesRefused() {
        #expect(Self.priority("<0>kernel panic") == 0)
        #expect(Self.priority("<34>Oct 11 22:14:15 mymachine su: 'su root' failed") == 34)  // RFC 3164 §5.4's example
        #expect(Self.priority("<191>x") == 191)
        #expect(Self.priority("<192>x") == nil)
        #expect(Self.priority("<1234>x") == nil)
        #expect(Self.priority("<>x") == nil)
        #expect(Self.priority("34>x") == nil)
        #expect(Self.priority("<34") == nil)
    }

    @Test func aMessageSplitsItsPriorityAndADatagramWithoutOneIsAWeird() {
        let sink = CollectingSink()
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: 514, proto: .udp)
        let context = FlowContext(
            uid: "Csys", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState(trustStore: nil))
        let a = SyslogAnalyzer()
        for m in ["<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "no priority"] {
            Array(m.utf8).withUnsafeBytes { a.deliver($0, isOrig: true, context: context) }
        }
        let messages = sink.events.compactMap { e -> SyslogMessageEvent? in
            if case .syslog(let m) = e { return m }
            return nil
        }
        // RFC 5424 §6.5's example 4: priority 165 is local4 (20), notice (5).
        #expect(messages.map { "\($0.facility) \($0.severity)" } == ["20 5"])
        #expect(messages.first.map { String(decoding: $0.message, as: UTF8.self).hasPrefix("1 2003-08-24T05:14:15") } == true)
        #expect(sink.weirdNames == ["syslog_malformed"])
    }
}
