import VigilEvents
import VigilOSDP

/// An OSDP peripheral device (a reader emulator for tests and labs): answers its control
/// panel's commands, runs the PD side of the Secure Channel, and presents card reads and
/// keypad entries given to it. Like the control panel it does no I/O: bytes in, bytes out.
public final class OSDPPeripheralDevice {
    public internal(set) var configuration: OSDPPeripheralConfiguration
    var assembler = OSDPFrameAssembler()
    var session: OSDPSecureSession?
    var handshake: (keys: OSDPSessionKeys, rndA: [UInt8], rndB: [UInt8], defaultKey: Bool)?
    var lastSequence: UInt8?
    var lastReply: [UInt8]?
    var lastSecureCommandAt: Int64 = 0
    /// Card reads and keypad entries waiting for the next POLL.
    var pending: [OSDPReply] = []
    public var tamper: UInt8 = 0
    public var power: UInt8 = 0
    var outputs: [UInt8] = [0, 0]
    var events: [OSDPEvent] = []
    let random: () -> [UInt8]

    public init(configuration: OSDPPeripheralConfiguration, random: @escaping () -> [UInt8] = OSDPRandom.eightBytes) {
        self.configuration = configuration
        self.random = random
    }

    public var isSecure: Bool { session != nil }
    public var frameCounters: OSDPFrameAssembler.Counters { assembler.counters }

    /// Queues a card read or keypad entry; it is sent in answer to the next POLL.
    public func present(_ reply: OSDPReply) {
        if pending.count < OSDPLimits.maxQueuedCommands { pending.append(reply) }
    }

    /// Takes received bytes; returns the replies to send and what happened.
    public func receive(_ bytes: [UInt8], now: Int64) -> (transmit: [UInt8], events: [OSDPEvent]) {
        events = []
        var transmit: [UInt8] = []
        if session != nil, now - lastSecureCommandAt > Int64(OSDPLimits.secureSessionTimeoutMilliseconds) {
            endSession("no secure command for \(OSDPLimits.secureSessionTimeoutMilliseconds) ms")
        }
        assembler.append(bytes)
        while let output = assembler.next() {
            switch output {
            case .packet(let packet, _, _):
                if let reply = answer(packet, now: now) { transmit += reply }
            case .refused(let error, let offset):
                events.append(OSDPEvent("frame_error", address: nil, [("offset", .int(offset)), ("message", .string(error.description))]))
            }
        }
        return (transmit, events)
    }

    func endSession(_ reason: String) {
        if session != nil { events.append(OSDPEvent("sc_down", address: configuration.address, [("reason", .string(reason))])) }
        session = nil
        handshake = nil
    }
}
