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
    private var text: ConnectionFieldText?

    /// The connection's log text (`FlowContext.fieldText`), built on its first row.
    func fieldText(_ c: Connection) -> ConnectionFieldText {
        if let t = text { return t }
        let t = ConnectionFieldText(uid: c.uid, id: c.id)
        text = t
        return t
    }

    /// Chunks of payload tried before giving up: the first in each direction plus one more,
    /// enough for a midstream pickup that starts with a partial message.
    static let maxDetectionMisses = 3

    var wantsPayload: Bool {
        if case .unidentified = state { return false }
        return true
    }
}
