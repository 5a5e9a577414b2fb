import VigilCore
import VigilDecode

/// Reads arbitrary bytes as an LLDP frame, a CDP packet and a PROFINET DCP frame, as a sensor would: the fuzz
/// target and the FailCase replay test both call it, so a crash found by one replays in the
/// other.
public enum LinkDiscoveryExercise {
    public static func run(_ b: UnsafeRawBufferPointer) {
        let sink = AnalyzerExercise.DiscardingSink()
        for kind in [LinkDiscoveryFrame.Kind.lldp, .cdp, .profinetDCP] {
            LinkDiscoveryReporter.report(LinkDiscoveryFrame(kind: kind, payload: b, srcMAC: nil), at: .zero, sink: sink)
        }
    }
}
