import Testing
import VigilAccess
import VigilCore
import VigilEvents
import VigilOSDP

/// One control panel polling two readers on one shared RS-485 line (v2.2 §5.2: every PD sees
/// every command and answers only its own address), with a monitor tapping the same line.
@Suite struct OSDPMultiDropTests {
    let key = OSDPKey(hex: "00112233445566778899aabbccddeeff")!

    @Test func twoReadersOnOneLineEachKeepTheirOwnSession() {
        var n: UInt8 = 0
        let cp = OSDPControlPanel(
            configuration: .init(addresses: [3, 9], scbk: key),
            random: {
                n &+= 1
                return [UInt8](repeating: n, count: 8)
            })
        let pds = [
            OSDPPeripheralDevice(configuration: .init(address: 3, scbk: key)),
            OSDPPeripheralDevice(configuration: .init(address: 9, scbk: key)),
        ]
        let tap = OSDPMonitorTap(siteKeys: [key])
        var cpEvents: [OSDPEvent] = []
        var pdEvents: [[OSDPEvent]] = [[], []]
        var forCP: [UInt8] = []
        func run(until end: Int64, from start: Int64) {
            var now = start
            while now < end {
                let (tx, events) = cp.step(received: forCP, now: now)
                forCP = []
                cpEvents += events
                if let tx {
                    tap.feed(tx, at: now)
                    // The line carries the command to both readers; at most one may answer.
                    var answers = 0
                    for (i, pd) in pds.enumerated() {
                        let (reply, e) = pd.receive(tx, now: now)
                        pdEvents[i] += e
                        if !reply.isEmpty {
                            answers += 1
                            tap.feed(reply, at: now)
                            forCP = reply
                        }
                    }
                    #expect(answers <= 1)
                }
                now += 10
            }
        }
        run(until: 600, from: 0)
        #expect(cp.isSecure(3) && cp.isSecure(9))
        #expect(Set(cpEvents.filter { $0.name == "sc_up" }.compactMap(\.address)) == [3, 9])

        var led = OSDPLEDControl()
        led.permanentControl = 1
        led.permanentOnColor = 2
        _ = cp.submit(.led([led]), to: 9)
        pds[0].present(.rawCard(OSDPCardRead(reader: 0, format: 1, bitCount: 26, data: [0x5A, 0xC3, 0x81, 0x40])))
        run(until: 1000, from: 600)
        // The LED reaches reader 9 only; the card read is reported from reader 3.
        #expect(pdEvents[1].contains { $0["command"] == .string("led") && $0["secure"] == .bool(true) })
        #expect(!pdEvents[0].contains { $0["command"] == .string("led") })
        #expect(cpEvents.filter { $0.name == "card_read" }.map(\.address) == [3])
        // The monitor follows both sessions on the shared line under the site key.
        let counters = tap.monitor.counters
        #expect(counters.verified == counters.secured - counters.retransmissions && counters.macErrors == 0)
        #expect(tap.monitor.summary()["devices"] == .ints([3, 9]))
        #expect(tap.alerts.isEmpty)
    }
}
