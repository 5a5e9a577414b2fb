import VigilEvents
import VigilOSDP

/// An OSDP control panel (v2.2 §5): polls the PDs on one bus, one transaction at a time, with
/// retries, timeouts, online/offline tracking, sequence numbers and the Secure Channel.
///
/// It does no I/O itself. The caller feeds it received bytes and the time, and sends what it
/// returns; the same code therefore runs over TCP, a serial line or a test's byte pipe.
public final class OSDPControlPanel {
    struct InFlight {
        var address: UInt8
        var command: OSDPCommand
        var sequence: UInt8
        var bytes: [UInt8]
        var sentAt: Int64
        var attempts: Int
        var userCommand: Bool
    }

    public let configuration: OSDPControlPanelConfiguration
    var links: [OSDPDeviceLink]
    var inFlight: InFlight?
    var cursor = 0
    var assembler = OSDPFrameAssembler()
    let random: () -> [UInt8]
    var events: [OSDPEvent] = []

    /// `random` returns 8 fresh random bytes (RND.A); tests pass a fixed source.
    public init(configuration: OSDPControlPanelConfiguration, random: @escaping () -> [UInt8] = OSDPRandom.eightBytes) {
        self.configuration = configuration
        self.random = random
        links = configuration.addresses.map {
            OSDPDeviceLink(address: $0, scbk: configuration.scbk, installMode: configuration.installMode)
        }
    }

    /// Frame-level counters (garbage, CRC errors, bad lengths) of everything received.
    public var frameCounters: OSDPFrameAssembler.Counters { assembler.counters }

    public func isOnline(_ address: UInt8) -> Bool { links.first { $0.address == address }?.isOnline ?? false }
    public func isSecure(_ address: UInt8) -> Bool { links.first { $0.address == address }?.session != nil }

    /// Queues a command for a PD. Returns an error event instead when the command may not be
    /// sent (unknown address, full queue, KEYSET without a secure channel).
    @discardableResult
    public func submit(_ command: OSDPCommand, to address: UInt8) -> OSDPEvent? {
        guard let i = links.firstIndex(where: { $0.address == address }) else {
            return OSDPEvent("error", address: address, [("message", .string("no PD with this address on the bus"))])
        }
        guard links[i].queue.count < OSDPLimits.maxQueuedCommands else {
            return OSDPEvent("error", address: address, [("message", .string("command queue full (\(OSDPLimits.maxQueuedCommands))"))])
        }
        if case .keyset = command, links[i].session == nil {
            // Never send a key in the clear (Annex D.8: KEYSET only inside a secure channel).
            return OSDPEvent("error", address: address, [("message", .string("keyset refused: no secure channel to this PD"))])
        }
        links[i].queue.append(command)
        return nil
    }

    /// Advances the bus: takes the bytes received since the last call, handles replies and
    /// timeouts, and returns what to transmit now plus the events that occurred.
    public func step(received: [UInt8], now: Int64) -> (transmit: [UInt8]?, events: [OSDPEvent]) {
        events = []
        if !received.isEmpty {
            assembler.append(received)
            while let output = assembler.next() {
                switch output {
                case .packet(let packet, _, _): accept(packet, now: now)
                case .refused(let error, let offset):
                    events.append(
                        OSDPEvent("frame_error", address: nil, [("offset", .int(offset)), ("message", .string(error.description))]))
                }
            }
        }
        var transmit: [UInt8]?
        if var flight = inFlight, now - flight.sentAt >= Int64(configuration.replyTimeoutMilliseconds) {
            if flight.attempts < OSDPLimits.maxSendAttempts {
                // Same bytes, same sequence number: the PD answers a repeat with its last reply.
                flight.attempts += 1
                flight.sentAt = now
                inFlight = flight
                transmit = flight.bytes
            } else {
                inFlight = nil
                if let i = index(flight.address) {
                    goOffline(
                        i, now: now, reason: "no reply to \(OSDPCommandCode.name(flight.command.code)) after \(flight.attempts) attempts")
                }
            }
        }
        if inFlight == nil, let next = nextTransmission(now: now) { transmit = next }
        return (transmit, events)
    }

    /// The earliest time `step` has something to do without new input.
    public func nextDeadline(now: Int64) -> Int64 {
        if let flight = inFlight { return flight.sentAt + Int64(configuration.replyTimeoutMilliseconds) }
        var earliest = Int64.max
        for link in links {
            switch link.state {
            case .offline: earliest = min(earliest, link.retryAt)
            case .online:
                earliest = min(earliest, link.queue.isEmpty ? link.lastPollAt &+ Int64(configuration.pollIntervalMilliseconds) : now)
            default: earliest = now
            }
        }
        return max(earliest, now)
    }

    func index(_ address: UInt8) -> Int? { links.firstIndex { $0.address == address } }

    /// One `stats` event per PD: replies accepted (all, and inside the Secure Channel) and how
    /// long it has been online. `vigil osdp cp` prints them on exit; bench/osdp.sh divides.
    public func statistics(now: Int64) -> [OSDPEvent] {
        links.map { link in
            var e = OSDPEvent(
                "stats", address: link.address,
                [
                    ("exchanges", .int(link.exchanges)), ("secure_exchanges", .int(link.secureExchanges)),
                    ("online", .bool(link.isOnline)), ("secure", .bool(link.session != nil)),
                ])
            if let since = link.onlineSince { e.add("online_ms", .int(Int(now - since))) }
            return e
        }
    }

    func goOffline(_ i: Int, now: Int64, reason: String) {
        let announce = links[i].isOnline || !links[i].reportedOffline
        if links[i].session != nil { events.append(OSDPEvent("sc_down", address: links[i].address, [("reason", .string("pd offline"))])) }
        links[i].session = nil
        links[i].handshake = nil
        links[i].isOnline = false
        links[i].onlineSince = nil
        links[i].state = .offline
        links[i].retryAt = now + Int64(links[i].backoff)
        links[i].backoff = min(links[i].backoff * 2, OSDPLimits.maxOfflineBackoffMilliseconds)
        if announce {
            events.append(OSDPEvent("pd_offline", address: links[i].address, [("reason", .string(reason))]))
            links[i].reportedOffline = true
        }
    }

    func goOnline(_ i: Int, now: Int64) {
        links[i].state = .online
        links[i].backoff = OSDPLimits.offlineBackoffMilliseconds
        if !links[i].isOnline {
            links[i].isOnline = true
            links[i].reportedOffline = false
            links[i].onlineSince = now
            events.append(OSDPEvent("pd_online", address: links[i].address, [("secure", .bool(links[i].session != nil))]))
        }
    }
}

/// The system's cryptographic random source, 8 bytes at a time (RND.A, RND.B).
public enum OSDPRandom {
    public static func eightBytes() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}
