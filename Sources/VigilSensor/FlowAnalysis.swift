import VigilCore
import VigilDecode
import VigilLogs
import VigilProtocols

/// The application-layer side of one connection: which analyzer (if any) parses it.
final class FlowAnalysis: ConnectionAttachment {
    enum State {
        /// Still looking at first bytes; counts the chunks that matched nothing.
        case detecting(misses: Int)
        case active(ProtocolAnalyzer)
        /// Nothing matched: the flow is counted in conn.log only.
        case unidentified
    }

    var state = State.detecting(misses: 0)
    /// While detecting a TCP flow: its first bytes, when they were too few to decide on.
    var prefix: DetectionPrefix?
    /// What the analyzer is handed with each delivery, kept for the connection's life and
    /// only re-stamped (`ts`) per packet: building it per packet retained and released its
    /// four references each time (~270 instructions a packet in bench/run.sh's profile).
    var context: FlowContext

    init(_ c: Connection, at ts: Timestamp, sink: EventSink, limits: Limits, shared: SharedProtocolState, partial: PartialAnalysis) {
        context = FlowContext(uid: c.uid, id: c.id, ts: ts, sink: sink, limits: limits, shared: shared, partial: partial)
    }

    /// Chunks of payload tried before giving up: the first in each direction plus one more,
    /// enough for a midstream pickup that starts with a partial message. A chunk that leaves
    /// its direction's first bytes too few to decide on (`DetectionPrefix`) is not counted.
    static let maxDetectionMisses = 3

    var wantsPayload: Bool {
        if case .unidentified = state { return false }
        return true
    }
}
