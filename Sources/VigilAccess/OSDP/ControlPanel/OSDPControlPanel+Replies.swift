import VigilCore
import VigilEvents
import VigilOSDP

extension OSDPControlPanel {
    /// One received packet: matched to the command in flight, checked against the secure
    /// channel, decoded, and handed to the state it answers.
    func accept(_ packet: OSDPPacket, now: Int64) {
        guard packet.isReply else { return }  // another CP's command, or our own echo on a shared bus
        guard let flight = inFlight, packet.address == flight.address, let i = index(flight.address) else {
            events.append(OSDPEvent("unexpected_reply", address: packet.address, [("reply", .string(OSDPReplyCode.name(packet.code)))]))
            return
        }
        if packet.code == OSDPReplyCode.busy && packet.securityBlock == nil {
            return  // v2.2 §7.16: the PD will answer a repeat of the same command; the timeout resends it
        }
        guard packet.sequence == flight.sequence else {
            events.append(
                OSDPEvent(
                    "unexpected_reply", address: packet.address,
                    [("sequence", .int(Int(packet.sequence))), ("expected", .int(Int(flight.sequence)))]))
            return
        }
        inFlight = nil
        guard let clear = unwrap(packet, link: i, flight: flight) else { return }
        let reply: OSDPReply
        do { reply = try OSDPReply.decode(code: packet.code, data: clear) } catch {
            events.append(OSDPEvent("malformed_reply", address: packet.address, [("message", .string(error.description))]))
            if links[i].state != .online { goOffline(i, now: now, reason: "malformed reply") }
            return
        }
        links[i].exchanges += 1
        if links[i].session != nil { links[i].secureExchanges += 1 }
        handle(reply, packet: packet, link: i, flight: flight, now: now)
    }

    /// The reply's clear data, or nil when the secure channel refuses it (fail closed: the
    /// session ends and the handshake starts again).
    private func unwrap(_ packet: OSDPPacket, link i: Int, flight: InFlight) -> [UInt8]? {
        if let block = packet.securityBlock, block.type.carriesMAC {
            guard var session = links[i].session else {
                restartSecureChannel(i, reason: "secured reply but no session")
                return nil
            }
            do {
                let clear = try session.open(packet)
                links[i].session = session
                return clear
            } catch {
                restartSecureChannel(i, reason: error.description)
                return nil
            }
        }
        guard links[i].session != nil else { return packet.data }
        if packet.code == OSDPReplyCode.nak {
            // A PD that drops its session answers NAK in the clear (libosdp does, with reason 6).
            restartSecureChannel(i, reason: "PD answered NAK \(packet.data.first.map(OSDPNakReason.name) ?? "") in the clear")
            return nil
        }
        if case .keyset = flight.command, packet.code == OSDPReplyCode.ack {
            return packet.data  // some PDs switch to the new key before acknowledging
        }
        restartSecureChannel(i, reason: "clear-text \(OSDPReplyCode.name(packet.code)) inside the secure channel")
        return nil
    }

    func restartSecureChannel(_ i: Int, reason: String) {
        if links[i].session != nil || links[i].handshake != nil {
            events.append(OSDPEvent("sc_down", address: links[i].address, [("reason", .string(reason))]))
        }
        links[i].session = nil
        links[i].handshake = nil
        if links[i].scbk != nil && links[i].supportsSecureChannel {
            links[i].state = .challenging(defaultKey: links[i].installMode)
        } else if configuration.enforceSecure {
            links[i].state = .offline
        }
    }

    private func handle(_ reply: OSDPReply, packet: OSDPPacket, link i: Int, flight: InFlight, now: Int64) {
        let address = links[i].address
        switch links[i].state {
        case .identifying:
            guard case .deviceID(let id) = reply else { return goOffline(i, now: now, reason: "ID answered with \(reply.name)") }
            links[i].identity = id
            events.append(OSDPEventFactory.identity(id, address: address))
            links[i].state = .readingCapabilities
        case .readingCapabilities:
            guard case .capabilities(let caps) = reply else { return goOffline(i, now: now, reason: "CAP answered with \(reply.name)") }
            links[i].capabilities = caps
            events.append(OSDPEventFactory.capabilities(caps, address: address))
            afterCapabilities(i, now: now)
        case .challenging(let defaultKey):
            guard case .clientCryptogram(_, let rndB, let cryptogram) = reply, var h = links[i].handshake else {
                return secureChannelFailed(
                    i, defaultKey: defaultKey, now: now, reason: "CHLNG answered with \(reply.name)\(Self.nakSuffix(reply))")
            }
            // Asked for SCBK-D, the PD says (SCS_12 data 0x01) it used its SCBK: it is not in
            // install mode and already has a key. If that key is ours the cryptogram below
            // verifies under it and no KEYSET is needed (libosdp's PD and Vigil's answer so).
            if defaultKey, packet.securityBlock?.data.first == 0x01, let scbk = links[i].scbk {
                h.keys = OSDPSessionKeys(scbk: scbk, controlPanelRandom: h.rndA)
                h.defaultKey = false
                links[i].installMode = false
                links[i].state = .challenging(defaultKey: false)
            }
            guard h.keys.clientCryptogram(rndA: h.rndA, rndB: rndB) == cryptogram else {
                return secureChannelFailed(
                    i, defaultKey: h.defaultKey, now: now,
                    reason: "client cryptogram does not verify under \(h.defaultKey ? "SCBK-D" : "the SCBK")")
            }
            h.rndB = rndB
            links[i].handshake = h
            links[i].state = .sendingCryptogram
        case .sendingCryptogram:
            guard let h = links[i].handshake else { return }
            let expected = h.keys.initialRMAC(serverCryptogram: h.keys.serverCryptogram(rndA: h.rndA, rndB: h.rndB))
            guard case .initialRMAC(let rmac) = reply, packet.securityBlock?.data.first == 0x01, rmac == expected else {
                return secureChannelFailed(
                    i, defaultKey: h.defaultKey, now: now,
                    reason: "SCRYPT answered with \(reply.name)\(Self.nakSuffix(reply)) or a wrong R-MAC-I")
            }
            links[i].session = OSDPSecureSession(keys: h.keys, initialRMAC: rmac, usesDefaultKey: h.defaultKey)
            links[i].handshake = nil
            events.append(
                OSDPEvent(
                    "sc_up", address: address,
                    [
                        ("key", .string(h.defaultKey ? "scbk-d" : "scbk")),
                        ("handshake_us", .int(Int(MonotonicClock.microseconds() - h.startedAt))),
                    ]))
            if h.defaultKey { links[i].state = .installingKey } else { goOnline(i, now: now) }
        case .installingKey:
            guard case .ack = reply else {
                return goOffline(i, now: now, reason: "KEYSET answered with \(reply.name)\(Self.nakSuffix(reply))")
            }
            links[i].installMode = false
            links[i].pendingKey = nil
            events.append(OSDPEvent("key_installed", address: address))
            restartSecureChannel(i, reason: "new SCBK installed")
        case .online:
            handleOnline(reply, link: i, flight: flight)
        case .offline:
            return
        }
    }

    private func afterCapabilities(_ i: Int, now: Int64) {
        let secureCapable = links[i].supportsSecureChannel
        if secureCapable && links[i].scbk != nil {
            links[i].state = .challenging(defaultKey: links[i].installMode)
        } else if configuration.enforceSecure {
            goOffline(
                i, now: now,
                reason: secureCapable
                    ? "secure channel required but no SCBK configured"
                    : "secure channel required but PD reports no communication security (PDCAP function 9)")
        } else {
            if links[i].scbk != nil {
                events.append(
                    OSDPEvent(
                        "warning", address: links[i].address,
                        [("message", .string("PD reports no secure channel support; polling in the clear"))]))
            }
            goOnline(i, now: now)
        }
    }

    private func secureChannelFailed(_ i: Int, defaultKey: Bool, now: Int64, reason: String) {
        links[i].handshake = nil
        events.append(OSDPEvent("sc_failed", address: links[i].address, [("reason", .string(reason))]))
        if configuration.enforceSecure {
            goOffline(i, now: now, reason: "secure channel required: " + reason)
        } else if defaultKey && links[i].scbk != nil {
            // Install mode was asked for but the PD already has a key: try the SCBK itself.
            links[i].installMode = false
            links[i].state = .challenging(defaultKey: false)
        } else {
            goOnline(i, now: now)
        }
    }

    private func handleOnline(_ reply: OSDPReply, link i: Int, flight: InFlight) {
        let address = links[i].address
        if case .nak(let reason) = reply {
            events.append(OSDPEventFactory.nak(reason, command: flight.command, address: address))
            return
        }
        switch reply {
        case .ack:
            if case .keyset = flight.command, let key = links[i].pendingKey {
                links[i].scbk = key
                links[i].pendingKey = nil
                events.append(OSDPEvent("key_installed", address: address))
                restartSecureChannel(i, reason: "new SCBK installed")
            }
        case .localStatus(let tamper, let power):
            if links[i].tamper != tamper { events.append(OSDPEvent("tamper", address: address, [("tamper", .bool(tamper != 0))])) }
            if links[i].power != power { events.append(OSDPEvent("power", address: address, [("power_failure", .bool(power != 0))])) }
            links[i].tamper = tamper
            links[i].power = power
        case .communication(let newAddress, let baud):
            events.append(OSDPEvent("com", address: address, [("new_address", .int(Int(newAddress))), ("baud_rate", .int(Int(baud)))]))
            links[i].address = newAddress
        case .deviceID(let id): events.append(OSDPEventFactory.identity(id, address: address))
        case .capabilities(let caps):
            links[i].capabilities = caps
            events.append(OSDPEventFactory.capabilities(caps, address: address))
        default:
            events.append(OSDPEventFactory.reply(reply, address: address))
        }
        if flight.userCommand {
            events.append(
                OSDPEvent("command_done", address: address, [("command", .string(flight.command.name)), ("reply", .string(reply.name))]))
        }
    }

    static func nakSuffix(_ reply: OSDPReply) -> String {
        if case .nak(let reason) = reply { return " (\(OSDPNakReason.name(reason)))" }
        return ""
    }
}
