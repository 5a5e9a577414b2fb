import VigilCore
import VigilEvents

extension OSDPMonitor {
    /// A command whose clear data is known: decoded into the record, then the handshake and
    /// KEYSET rules.
    func command(_ c: PacketContext, data: [UInt8], device: inout OSDPMonitoredDevice, record: inout OSDPEvent) {
        let command: OSDPCommand
        do { command = try OSDPCommand.decode(code: c.packet.code, data: data) } catch {
            counters.undecodable += 1
            record.add("error", .string(error.description))
            return
        }
        for (key, value) in OSDPCommandJSON.event(command, address: c.packet.address, secure: false).fields
        where key != "command" && key != "secure" {
            record.add(key, value)
        }
        switch command {
        case .challenge(let rndA) where c.packet.securityBlock?.type == .challenge:
            challenge(c, rndA: rndA, device: &device, record: &record)
        case .keyset(let type, let key):
            keysetObserved(c, key: (type, key), device: &device)
        default:
            break
        }
    }

    /// A reply whose clear data is known: decoded into the record, then the handshake and
    /// PDCAP rules; NAKs for check-character or security errors count towards a burst.
    func reply(_ c: PacketContext, data: [UInt8], device: inout OSDPMonitoredDevice, record: inout OSDPEvent) {
        let reply: OSDPReply
        do { reply = try OSDPReply.decode(code: c.packet.code, data: data) } catch {
            counters.undecodable += 1
            record.add("error", .string(error.description))
            return
        }
        let address = c.packet.address
        switch reply {
        case .ack, .busy:
            break
        case .nak(let reason):
            record.add("reason", .int(Int(reason)))
            record.add("reason_name", .string(OSDPNakReason.name(reason)))
            if reason == OSDPNakReason.checkCharacter { countError("nak_check_character", address: address, at: c.time) }
            if reason == OSDPNakReason.encryptionRequired { countError("nak_security", address: address, at: c.time) }
        case .deviceID(let id):
            append(OSDPEventFactory.identity(id, address: address), to: &record)
        case .capabilities(let caps):
            append(OSDPEventFactory.capabilities(caps, address: address), to: &record)
            checkDowngrade(c, capabilities: caps, device: &device)
        case .clientCryptogram(let cuid, let rndB, let cryptogram):
            record.add("cuid", .string(Hex.string(cuid)))
            clientCryptogram(c, rndB: rndB, cryptogram: cryptogram, device: &device, record: &record)
        case .initialRMAC(let rmac):
            initialRMAC(c, rmac: rmac, device: &device)
        case .localStatus(let tamper, let power):
            record.add("tamper", .int(Int(tamper)))
            record.add("power", .int(Int(power)))
        default:
            append(OSDPEventFactory.reply(reply, address: address), to: &record)
        }
    }

    private func append(_ event: OSDPEvent, to record: inout OSDPEvent) {
        for (key, value) in event.fields where key != "reply" { record.add(key, value) }
    }

    /// `osdp.downgrade`: PDCAP with function 9 (communication security, v2.2 Table 47)
    /// at compliance 0, or without function 9 from a PD that has run a Secure Channel or
    /// advertised one before. Rewriting this entry is how a man in the middle makes a CP
    /// that does not enforce secure mode skip the handshake.
    func checkDowngrade(_ c: PacketContext, capabilities: [OSDPCapability], device: inout OSDPMonitoredDevice) {
        let security = capabilities.first { $0.function == OSDPCapability.communicationSecurity }
        let previous = device.advertisedSecurity
        device.advertisedSecurity = security?.compliance ?? 0
        let wasSecure = device.secureSeen || (previous ?? 0) > 0
        var evidence: [(String, OSDPEvent.Value)] = [
            ("compliance", .int(security.map { Int($0.compliance) } ?? -1)), ("secure_channel_seen", .bool(device.secureSeen)),
        ]
        if let previous { evidence.append(("previous_compliance", .int(Int(previous)))) }
        if let security, security.compliance == 0 {
            raise(
                .downgrade, c, severity: wasSecure ? "critical" : nil,
                "PDCAP reports no Secure Channel support (function 9, compliance 0)"
                    + (wasSecure ? " from a PD that had one: a rewritten PDCAP" : ""), evidence)
        } else if security == nil, wasSecure {
            raise(
                .downgrade, c, severity: "critical",
                "PDCAP omits communication security from a PD that ran a Secure Channel: a rewritten PDCAP", evidence)
        }
    }
}
