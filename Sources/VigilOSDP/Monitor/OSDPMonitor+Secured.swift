import VigilCore
import VigilEvents

extension OSDPMonitor {
    /// A packet with a MAC (SCS_15–18): notes that a Secure Channel is running, checks for a
    /// replayed frame and, when the session's key is known, verifies the MAC and decrypts.
    /// Returns the clear data, or nil when it is encrypted under a key the monitor lacks.
    func secured(
        _ c: PacketContext, retransmission: Bool, device: inout OSDPMonitoredDevice, record: inout OSDPEvent
    ) -> [UInt8]? {
        counters.secured += 1
        if !device.secureActive {
            device.secureActive = true
            device.reportedClearAfterSecure = false
        }
        device.secureSeen = true
        let packet = c.packet
        // The original of a resend was decoded already, and the chain has moved past it.
        if retransmission { return nil }
        let earlier =
            packet.isReply ? device.replies.recall(c.raw, packet: c.number) : device.commands.recall(c.raw, packet: c.number)
        if let earlier {
            record.add("replay_of", .int(earlier))
            let what = packet.isReply ? OSDPReplyCode.name(packet.code) : OSDPCommandCode.name(packet.code)
            raise(
                .replay, c,
                "secured \(what) identical to packet \(earlier): MACs chain through a session, so only a replay repeats one",
                [
                    ("direction", .string(packet.isReply ? "reply" : "command")), ("code", .string(what.lowercased())),
                    ("replay_of", .int(earlier)), ("frame", .string(Hex.string(c.raw))),
                ])
            // Leave the session alone: the genuine traffic that follows must still verify.
            return nil
        }
        guard var trial = device.session else {
            return packet.securityBlock?.type.isEncrypted == true ? nil : packet.data
        }
        do {
            let data = try trial.open(packet)
            device.session = trial
            counters.verified += 1
            record.add("mac", .string("ok"))
            return data
        } catch {
            counters.macErrors += 1
            record.add("mac", .string("bad"))
            record.add("error", .string(error.description))
            // Both ends discard the session on a MAC error (v2.2 Annex D.6), so the monitor
            // stops following it until the next handshake.
            device.session = nil
            countError("mac_error", address: packet.address, at: c.time)
            return nil
        }
    }

    /// Clear-text application traffic: `osdp.no_secure_channel` for a PD never seen secured,
    /// `osdp.cleartext_after_sc` for one that was (once per secure period, so a link that has
    /// fallen back to clear text gives one alert, not one per poll). Identification and the
    /// handshake itself travel in the clear by design and are not counted.
    func checkClearText(_ c: PacketContext, device: inout OSDPMonitoredDevice) {
        let packet = c.packet
        guard !packet.isSecured else { return }
        let exempt: Set<UInt8> =
            packet.isReply
            ? [
                OSDPReplyCode.deviceID, OSDPReplyCode.capabilities, OSDPReplyCode.clientCryptogram, OSDPReplyCode.initialRMAC,
                OSDPReplyCode.nak, OSDPReplyCode.busy,
            ]
            // A POLL carries nothing, and the ACK or data that answers a clear POLL is flagged
            // anyway. Exempting it spares a false alert on the `osdp` 1.6 CP, whose first POLL
            // (answered by NAK) goes out before its handshake.
            : [
                OSDPCommandCode.poll, OSDPCommandCode.id, OSDPCommandCode.capabilities, OSDPCommandCode.challenge,
                OSDPCommandCode.serverCryptogram,
            ]
        guard !exempt.contains(packet.code) else { return }
        let cardData = packet.isReply && [OSDPReplyCode.rawCard, 0x51, OSDPReplyCode.keypad].contains(packet.code)
        let what = packet.isReply ? OSDPReplyCode.name(packet.code) : OSDPCommandCode.name(packet.code)
        let evidence: [(String, OSDPEvent.Value)] = [
            ("direction", .string(packet.isReply ? "reply" : "command")), ("code", .string(what.lowercased())),
            ("card_data", .bool(cardData)),
        ]
        if device.secureSeen {
            guard !device.reportedClearAfterSecure else { return }
            device.reportedClearAfterSecure = true
            raise(
                .cleartextAfterSecureChannel, c, severity: cardData ? "critical" : nil,
                "\(what) in the clear after a Secure Channel was seen on this PD: the session was dropped or stripped", evidence)
        } else {
            guard !device.reportedNoSecureChannel else { return }
            device.reportedNoSecureChannel = true
            raise(
                .noSecureChannel, c, severity: cardData ? "critical" : nil,
                "\(what) in the clear and no Secure Channel seen on this PD: card data and commands can be read and forged",
                evidence)
        }
    }
}
