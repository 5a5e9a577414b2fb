import VigilEvents
import VigilLogs

/// The last flow's uid and id as log text, for a log writer: a flow's messages come one after
/// another, and encoding the connection fields again for every row would cost more than the
/// row's own fields.
struct FlowTextCache {
    private var text: ConnectionFieldText?

    mutating func fieldText(_ flow: FlowRef) -> ConnectionFieldText {
        // A uid names one connection of the run, so it alone says whether this is the same
        // flow; its String is the flow context's own, so the comparison is a pointer check.
        if let text, text.uid == flow.uid { return text }
        let made = ConnectionFieldText(uid: flow.uid, id: flow.id)
        text = made
        return made
    }
}
