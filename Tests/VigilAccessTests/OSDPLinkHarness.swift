import VigilAccess
import VigilEvents
import VigilOSDP

/// A control panel and a peripheral device joined by an in-memory wire with a simulated
/// clock, so link behaviour (retries, timeouts, sessions) is tested without sockets or sleeps.
final class OSDPLinkHarness {
    let cp: OSDPControlPanel
    let pd: OSDPPeripheralDevice
    var now: Int64 = 0
    var cpEvents: [OSDPEvent] = []
    var pdEvents: [OSDPEvent] = []
    /// Applied to each CP → PD transmission; return nil to lose it on the wire.
    var toPD: ([UInt8]) -> [UInt8]? = { $0 }
    var toCP: ([UInt8]) -> [UInt8]? = { $0 }
    /// A reply in flight to the CP, delivered on the next tick.
    var pendingForCP: [UInt8] = []

    init(cp: OSDPControlPanelConfiguration, pd: OSDPPeripheralConfiguration) {
        // Deterministic "random" bytes: tests must be repeatable.
        var n: UInt8 = 0
        self.cp = OSDPControlPanel(
            configuration: cp,
            random: {
                n &+= 1
                return [UInt8](repeating: n, count: 8)
            })
        var m: UInt8 = 100
        self.pd = OSDPPeripheralDevice(
            configuration: pd,
            random: {
                m &+= 1
                return [UInt8](repeating: m, count: 8)
            })
    }

    /// Runs the wire for `milliseconds` of simulated time in 10 ms ticks.
    func run(milliseconds: Int) {
        let end = now + Int64(milliseconds)
        while now < end {
            let (tx, events) = cp.step(received: pendingForCP, now: now)
            pendingForCP = []
            cpEvents += events
            if let tx, let delivered = toPD(tx) {
                let (reply, pdE) = pd.receive(delivered, now: now)
                pdEvents += pdE
                if !reply.isEmpty, let back = toCP(reply) { pendingForCP = back }
            }
            now += 10
        }
    }

    func cpSaw(_ name: String) -> [OSDPEvent] { cpEvents.filter { $0.name == name } }
    func pdSaw(_ name: String) -> [OSDPEvent] { pdEvents.filter { $0.name == name } }
}
