import VigilEvents
import VigilOSDP

extension OSDPPeripheralDevice {
    /// The reply to one command packet, or nil when it is not ours to answer.
    func answer(_ packet: OSDPPacket, now: Int64) -> [UInt8]? {
        guard !packet.isReply else { return nil }
        guard packet.address == configuration.address || packet.address == OSDPPacket.broadcastAddress else { return nil }
        // v2.2 §5.6: 0 restarts; a repeated number asks for the last reply again; anything but
        // the next number is an error.
        if packet.sequence == 0 {
            if session != nil { endSession("control panel restarted the sequence") }
            lastReply = nil
        } else if let last = lastSequence, packet.sequence == last, let previous = lastReply {
            return previous
        } else if let last = lastSequence, packet.sequence != (last == 3 ? 1 : last + 1) {
            return reply(.nak(reason: OSDPNakReason.sequenceNumber), to: packet)
        }
        lastSequence = packet.sequence

        var clear = packet.data
        var secured = false
        if let block = packet.securityBlock {
            switch block.type {
            case .challenge: return challenge(packet, block: block)
            case .serverCryptogram: return serverCryptogram(packet, now: now)
            case .commandMAC, .commandEncrypted:
                guard var s = session else { return reply(.nak(reason: OSDPNakReason.encryptionRequired), to: packet) }
                do {
                    clear = try s.open(packet)
                    session = s
                    secured = true
                    lastSecureCommandAt = now
                } catch {
                    endSession(error.description)
                    return reply(.nak(reason: OSDPNakReason.encryptionRequired), to: packet)
                }
            default:
                return reply(.nak(reason: OSDPNakReason.securityBlockUnsupported), to: packet)
            }
        } else if session != nil {
            // Fail closed: a clear command inside a session is refused and ends the session.
            endSession("clear-text \(OSDPCommandCode.name(packet.code)) inside the secure channel")
            return reply(.nak(reason: OSDPNakReason.encryptionRequired), to: packet)
        } else if configuration.enforceSecure,
            ![OSDPCommandCode.poll, OSDPCommandCode.id, OSDPCommandCode.capabilities].contains(packet.code)
        {
            return reply(.nak(reason: OSDPNakReason.encryptionRequired), to: packet)
        }

        let command: OSDPCommand
        do { command = try OSDPCommand.decode(code: packet.code, data: clear) } catch {
            events.append(OSDPEvent("malformed_command", address: configuration.address, [("message", .string(error.description))]))
            return reply(.nak(reason: OSDPNakReason.commandLength), to: packet)
        }
        if command != .poll { events.append(OSDPCommandJSON.event(command, address: configuration.address, secure: secured)) }
        return reply(perform(command, secured: secured), to: packet)
    }

    private func perform(_ command: OSDPCommand, secured: Bool) -> OSDPReply {
        switch command {
        case .poll: return pending.isEmpty ? .ack : pending.removeFirst()
        case .id: return .deviceID(configuration.identity)
        case .capabilities: return .capabilities(configuration.capabilities)
        case .localStatus: return .localStatus(tamper: tamper, power: power)
        case .inputStatus: return .inputStatus([0, 0, 0, 0])
        case .outputStatus: return .outputStatus(outputs)
        case .readerStatus: return .readerStatus([0])
        case .output(let records):
            for r in records where Int(r.output) < outputs.count {
                outputs[Int(r.output)] = [2, 4, 5].contains(r.control) ? 1 : 0
            }
            return .ack
        case .led, .buzzer, .text, .manufacturer: return .ack
        case .comset(let address, let baud):
            guard address < OSDPPacket.broadcastAddress else { return .nak(reason: OSDPNakReason.unableToProcess) }
            return .communication(address: address, baudRate: baud)
        case .keyset(let type, let key):
            // Annex D.8: a key only ever arrives inside a secure channel.
            guard secured else { return .nak(reason: OSDPNakReason.encryptionRequired) }
            guard type == 1, let newKey = OSDPKey(bytes: key) else { return .nak(reason: OSDPNakReason.unableToProcess) }
            configuration.scbk = newKey
            configuration.installMode = false
            events.append(OSDPEvent("key_installed", address: configuration.address))
            return .ack
        case .challenge, .serverCryptogram: return .nak(reason: OSDPNakReason.securityBlockUnsupported)
        case .other: return .nak(reason: OSDPNakReason.unknownCommand)
        }
    }

    /// osdp_CHLNG (SCS_11): the PD's half of the key agreement.
    private func challenge(_ packet: OSDPPacket, block: OSDPSecurityBlock) -> [UInt8] {
        // SCS_11 data 0x00 asks for SCBK-D, 0x01 for the SCBK. SCBK-D is used only in install
        // mode. Otherwise the PD answers with its own SCBK and says so in SCS_12 (data 0x01):
        // the CCRYPT's key byte exists so the CP can follow the key the PD chose (Annex D.4).
        // libosdp's PD does the same, and the `osdp` 1.6 CP always asks for SCBK-D and relies on it.
        let wantsDefault = block.data.first == 0x00
        let useDefault = wantsDefault && configuration.installMode
        let key = useDefault ? OSDPKey.defaultInstallKey : configuration.scbk
        guard let key, packet.data.count == 8 else {
            events.append(
                OSDPEvent(
                    "sc_failed", address: configuration.address,
                    [
                        (
                            "reason",
                            .string(packet.data.count != 8 ? "CHLNG without an 8-byte RND.A" : "no SCBK configured and not in install mode")
                        )
                    ]))
            return reply(.nak(reason: OSDPNakReason.securityBlockUnsupported), to: packet)
        }
        endSession("new handshake")
        let rndB = random()
        let keys = OSDPSessionKeys(scbk: key, controlPanelRandom: packet.data)
        handshake = (keys, packet.data, rndB, useDefault)
        let id = configuration.identity
        let cuid = OSDPBytes.le24(id.vendor) + [id.model] + OSDPBytes.le32(id.serial)
        let ccrypt = OSDPReply.clientCryptogram(cuid: cuid, rndB: rndB, cryptogram: keys.clientCryptogram(rndA: packet.data, rndB: rndB))
        return reply(ccrypt, to: packet, block: OSDPSecurityBlock(type: .clientCryptogram, data: [useDefault ? 0 : 1]))
    }

    /// osdp_SCRYPT (SCS_13): verify the CP, then answer with R-MAC-I and open the session.
    private func serverCryptogram(_ packet: OSDPPacket, now: Int64) -> [UInt8] {
        guard let h = handshake, packet.data.count == 16,
            OSDPSecureSession.constantTimeEqual(h.keys.serverCryptogram(rndA: h.rndA, rndB: h.rndB), packet.data)
        else {
            handshake = nil
            events.append(
                OSDPEvent("sc_failed", address: configuration.address, [("reason", .string("server cryptogram does not verify"))]))
            return reply(.nak(reason: OSDPNakReason.securityBlockUnsupported), to: packet)
        }
        let rmac = h.keys.initialRMAC(serverCryptogram: packet.data)
        handshake = nil
        session = OSDPSecureSession(keys: h.keys, initialRMAC: rmac, usesDefaultKey: h.defaultKey)
        lastSecureCommandAt = now
        events.append(OSDPEvent("sc_up", address: configuration.address, [("key", .string(h.defaultKey ? "scbk-d" : "scbk"))]))
        return reply(.initialRMAC(rmac), to: packet, block: OSDPSecurityBlock(type: .initialRMAC, data: [0x01]))
    }

    /// Builds, secures when a session is open, and remembers the reply (for a repeated command).
    private func reply(_ reply: OSDPReply, to command: OSDPPacket, block: OSDPSecurityBlock? = nil) -> [UInt8] {
        var packet = OSDPPacket(
            address: command.address, isReply: true, sequence: command.sequence, code: reply.code, data: reply.data,
            securityBlock: block, usesCRC: command.usesCRC, hasMark: command.hasMark)
        if block == nil, var s = session {
            packet = s.seal(packet)
            session = s
        }
        if case .nak(let reason) = reply {
            events.append(
                OSDPEvent(
                    "nak_sent", address: configuration.address,
                    [
                        ("command", .string(OSDPCommandCode.name(command.code).lowercased())), ("reason", .int(Int(reason))),
                        ("reason_name", .string(OSDPNakReason.name(reason))),
                    ]))
        }
        let bytes = packet.encoded()
        lastReply = bytes
        if case .communication(let address, _) = reply { configuration.address = address }
        return bytes
    }
}
