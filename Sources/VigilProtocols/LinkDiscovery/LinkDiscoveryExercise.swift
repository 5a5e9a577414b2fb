import VigilCore
import VigilDecode

/// Reads arbitrary bytes as an LLDP frame and as a CDP packet, as a sensor would: the fuzz
/// target and the FailCase replay test both call it, so a crash found by one replays in the
/// other.
public enum LinkDiscoveryExercise {
    public static func run(_ b: UnsafeRawBufferPointer) {
        let sink = AnalyzerExercise.DiscardingSink()
        for kind in [LinkDiscoveryFrame.Kind.lldp, .cdp] {
            LinkDiscoveryReporter.report(LinkDiscoveryFrame(kind: kind, payload: b, srcMAC: nil), at: .zero, sink: sink)
        }
    }
}
