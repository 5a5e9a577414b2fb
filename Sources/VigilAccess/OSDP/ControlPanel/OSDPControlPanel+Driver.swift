import VigilEvents
import VigilOSDP

extension OSDPControlPanel: LinkDriver {
    public func handle(received: [UInt8], now: Int64) -> (transmit: [UInt8]?, events: [OSDPEvent]) {
        step(received: received, now: now)
    }

    /// A JSON command line; it goes to the only PD, or to the one its "address" names.
    public func handle(line: String, now: Int64) -> [OSDPEvent] {
        do {
            let (address, command) = try OSDPCommandJSON.parse(line)
            let target = address ?? configuration.addresses[0]
            return submit(command, to: target).map { [$0] } ?? []
        } catch {
            return [OSDPEvent("error", address: nil, [("message", .string(error.description))])]
        }
    }

    public func deadline(now: Int64) -> Int64? { nextDeadline(now: now) }

    public func finish(now: Int64) -> [OSDPEvent] { statistics(now: now) }
}
