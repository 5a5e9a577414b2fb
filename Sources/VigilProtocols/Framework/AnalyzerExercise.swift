import VigilCore
import VigilEvents

/// Drives an analyzer with arbitrary bytes as if they were a conversation. The fuzz targets
/// and the FailCase replay test both call it, so a crash found by one replays in the other.
///
/// Input format, repeated: a control byte, then that many bytes of payload.
/// control 0xFF is a 100-byte gap in the originator's stream; otherwise bit 0 is the
/// direction (0 originator) and bits 7-1 the payload length. The flow is finished at the end.
public enum AnalyzerExercise {
    final class DiscardingSink: EventSink {
        var events = 0
        func emit(_ event: consuming SensorEvent) { events += 1 }
    }

    public static func run(_ descriptor: AnalyzerDescriptor, _ b: UnsafeRawBufferPointer) {
        let proto: TransportProtocol = descriptor.transports.contains(.tcp) ? .tcp : .udp
        let port = descriptor.serverPorts.first ?? 1
        let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 40000, respHost: .v4(0x0A00_0001), respPort: port, proto: proto)
        let sink = DiscardingSink()
        // No trust store: reading the system's bundle is not what is fuzzed, and the
        // authorities it keeps for the whole process would count as leaks to the fuzzer.
        let context = FlowContext(
            uid: "Cfuzz", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState(trustStore: nil))
        let analyzer = descriptor.make()
        var o = 0
        while o < b.count {
            let control = b[o]
            o += 1
            if control == 0xFF {
                analyzer.gap(length: 100, isOrig: true, context: context)
                continue
            }
            let n = min(Int(control >> 1), b.count - o)
            analyzer.deliver(UnsafeRawBufferPointer(rebasing: b[o..<(o + n)]), isOrig: control & 1 == 0, context: context)
            o += n
        }
        analyzer.finish(context: context)
    }
}
