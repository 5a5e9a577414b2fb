import VigilCore
import VigilEvents

/// A passive OSDP monitor: it reads the bytes of a line (a tapped RS-485 bus, a TCP stream,
/// a packet trace), decodes every packet it can and raises an alert, with evidence, for each
/// known attack on the reader link (OSDPAlertKind). It never transmits.
///
/// Feed it with `ingest(_:at:)` in arrival order; one instance follows one line, with any
/// number of PDs on it (state is kept per address).
public final class OSDPMonitor {
    public let configuration: OSDPMonitorConfiguration
    public internal(set) var counters = OSDPMonitorCounters()
    private var assembler = OSDPFrameAssembler()
    private var devices: [UInt8: OSDPMonitoredDevice] = [:]
    private var errors = OSDPErrorBurst()
    private var output: [OSDPEvent] = []
    /// Alerts raised while handling one packet; they follow its `packet` record in the output.
    private var raised: [OSDPEvent] = []

    public init(configuration: OSDPMonitorConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Framing counters: garbage bytes, check-character errors, bad lengths, malformed frames.
    public var framing: OSDPFrameAssembler.Counters { assembler.counters }

    /// Bytes seen on the line at `time`; returns the events they complete.
    public func ingest(_ bytes: [UInt8], at time: Timestamp) -> [OSDPEvent] {
        assembler.append(bytes)
        var events: [OSDPEvent] = []
        while let next = assembler.next() {
            switch next {
            case .packet(let packet, let raw, _): events += ingest(packet: packet, raw: raw, at: time)
            case .refused(let error, let offset): events += refused(error, offset: offset, at: time)
            }
        }
        return events
    }

    /// A packet cut and checked by the caller's own assembler (`vigil analyze` keeps one per
    /// direction of a TCP flow); returns its record and the alerts it raised.
    public func ingest(packet: OSDPPacket, raw: [UInt8], at time: Timestamp) -> [OSDPEvent] {
        output = []
        handle(packet, raw: raw, at: time)
        return finishEvent()
    }

    /// A frame an assembler refused: a `frame_error` record, and one error toward a burst.
    public func refused(_ error: OSDPFrameError, offset: Int, at time: Timestamp) -> [OSDPEvent] {
        output = []
        if configuration.reportPackets {
            output.append(
                OSDPEvent(
                    "frame_error", address: nil,
                    [("ts", .time(time)), ("offset", .int(offset)), ("reason", .string(error.description))]))
        }
        let kind =
            switch error {
            case .checkMismatch: "check_error"
            case .badLength: "bad_length"
            default: "malformed"
            }
        countError(kind, address: nil, at: time)
        return finishEvent()
    }

    private func finishEvent() -> [OSDPEvent] {
        output += raised
        raised = []
        return output
    }

    /// The totals, as a `summary` event.
    public func summary() -> OSDPEvent {
        let f = assembler.counters
        var e = OSDPEvent(
            "summary", address: nil,
            [
                ("packets", .int(counters.packets)), ("commands", .int(counters.commands)), ("replies", .int(counters.replies)),
                ("secured", .int(counters.secured)), ("verified", .int(counters.verified)), ("mac_errors", .int(counters.macErrors)),
                ("sequence_errors", .int(counters.sequenceErrors)), ("retransmissions", .int(counters.retransmissions)),
                ("undecodable", .int(counters.undecodable)), ("garbage_bytes", .int(f.garbageBytes)),
                ("check_errors", .int(f.checkErrors)), ("bad_lengths", .int(f.badLengths)), ("malformed", .int(f.malformed)),
                ("devices", .ints(devices.keys.sorted().map(Int.init))),
            ])
        for kind in OSDPAlertKind.allCases {
            if let n = counters.alerts[kind.rawValue] { e.add(kind.rawValue, .int(n)) }
        }
        return e
    }

    // MARK: - One packet

    private func handle(_ packet: OSDPPacket, raw: [UInt8], at time: Timestamp) {
        counters.packets += 1
        let number = counters.packets
        var device = devices[packet.address] ?? OSDPMonitoredDevice()
        defer { devices[packet.address] = device }
        let name = packet.isReply ? OSDPReplyCode.name(packet.code) : OSDPCommandCode.name(packet.code)
        var record = OSDPEvent(
            "packet", address: packet.address,
            [
                ("ts", .time(time)), ("packet", .int(number)), ("direction", .string(packet.isReply ? "reply" : "command")),
                ("sequence", .int(Int(packet.sequence))), ("code", .string(name.lowercased())), ("bytes", .int(raw.count)),
            ])
        if let block = packet.securityBlock { record.add("security", .string(block.type.name)) }
        let context = PacketContext(packet: packet, raw: raw, number: number, time: time)

        let retransmission = checkSequence(context, device: &device, record: &record)
        var clear: [UInt8]? = packet.data
        if packet.isSecured {
            clear = secured(context, retransmission: retransmission, device: &device, record: &record)
        } else {
            // SCS_15–18 with no room for a MAC proves nothing, so it counts as clear text.
            if packet.securityBlock?.type.carriesMAC == true { record.add("mac", .string("missing")) }
            if device.secureActive, !Self.handshakeCodes(isReply: packet.isReply).contains(packet.code) {
                device.secureActive = false
            }
        }
        if packet.isReply { device.lastReplyRaw = raw }
        if let clear, !retransmission {
            if packet.isReply {
                reply(context, data: clear, device: &device, record: &record)
            } else {
                command(context, data: clear, device: &device, record: &record)
            }
        } else if packet.code == OSDPCommandCode.keyset, !packet.isReply, !retransmission {
            keysetObserved(context, key: nil, device: &device)
        }
        checkClearText(context, device: &device)
        if configuration.reportPackets { output.append(record) }
    }

    struct PacketContext {
        let packet: OSDPPacket
        let raw: [UInt8]
        let number: Int
        let time: Timestamp
    }

    /// Counts and flags sequence errors; returns whether the packet is a byte-identical
    /// resend of the previous one in its direction (v2.2 §5.7: a CP resends a command with the
    /// same sequence number when a reply is lost; the PD answers with its last reply again).
    private func checkSequence(_ c: PacketContext, device: inout OSDPMonitoredDevice, record: inout OSDPEvent) -> Bool {
        var repeated = false
        var error = false
        if c.packet.isReply {
            counters.replies += 1
            repeated = device.lastReplyRaw == c.raw
            if let command = device.lastCommand, command.sequence != c.packet.sequence { error = true }
        } else {
            counters.commands += 1
            if let last = device.lastCommand {
                repeated = last.raw == c.raw
                let next: UInt8 = last.sequence == 3 ? 1 : last.sequence + 1
                if !repeated && c.packet.sequence != 0 && c.packet.sequence != next { error = true }
            }
            device.lastCommand = (c.packet.sequence, c.raw, c.packet.code, c.number)
        }
        if repeated {
            counters.retransmissions += 1
            record.add("retransmission", .bool(true))
        }
        if error {
            counters.sequenceErrors += 1
            record.add("sequence_error", .bool(true))
            countError("sequence_error", address: c.packet.address, at: c.time)
        }
        return repeated
    }

    static func handshakeCodes(isReply: Bool) -> Set<UInt8> {
        isReply
            ? [OSDPReplyCode.clientCryptogram, OSDPReplyCode.initialRMAC]
            : [OSDPCommandCode.challenge, OSDPCommandCode.serverCryptogram]
    }

    // MARK: - Alerts and errors

    func raise(
        _ kind: OSDPAlertKind, _ c: PacketContext, severity: String? = nil, _ message: String, _ evidence: [(String, OSDPEvent.Value)]
    ) {
        raise(kind, address: c.packet.address, time: c.time, packet: c.number, severity: severity, message, evidence)
    }

    func raise(
        _ kind: OSDPAlertKind, address: UInt8?, time: Timestamp, packet: Int?, severity: String? = nil, _ message: String,
        _ evidence: [(String, OSDPEvent.Value)]
    ) {
        var fields: [(String, OSDPEvent.Value)] = [
            ("type", .string(kind.rawValue)), ("severity", .string(severity ?? kind.severity)), ("ts", .time(time)),
        ]
        if let packet { fields.append(("packet", .int(packet))) }
        fields.append(("message", .string(message)))
        raised.append(OSDPEvent("alert", address: address, fields + evidence))
        counters.alerts[kind.rawValue, default: 0] += 1
    }

    func countError(_ kind: String, address: UInt8?, at time: Timestamp) {
        guard let burst = errors.record(kind, at: time) else { return }
        let total = burst.reduce(0) { $0 + $1.1 }
        raise(
            .errorBurst, address: address, time: time, packet: counters.packets,
            "\(total) link errors within \(OSDPLimits.errorBurstWindowSeconds) s: noise, a failing device, or injected frames",
            [("window_s", .int(Int(OSDPLimits.errorBurstWindowSeconds)))] + burst.map { ($0.0, .int($0.1)) })
    }
}
