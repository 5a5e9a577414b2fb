import VigilOSDP

extension OSDPControlPanel {
    /// Picks the next PD with something due (round robin, so one busy PD cannot starve the
    /// others) and builds its command.
    func nextTransmission(now: Int64) -> [UInt8]? {
        for k in 0..<links.count {
            let i = (cursor + 1 + k) % links.count
            guard let (command, user) = dueCommand(i, now: now) else { continue }
            cursor = i
            return send(command, to: i, now: now, userCommand: user)
        }
        return nil
    }

    private func dueCommand(_ i: Int, now: Int64) -> (OSDPCommand, Bool)? {
        switch links[i].state {
        case .offline:
            guard now >= links[i].retryAt else { return nil }
            // Start over: sequence 0 tells the PD to reset its side too (v2.2 §5.6).
            links[i].state = .identifying
            links[i].nextSequence = 0
            links[i].session = nil
            return (.id, false)
        case .identifying: return (.id, false)
        case .readingCapabilities: return (.capabilities, false)
        case .challenging(let defaultKey):
            guard let key = defaultKey ? OSDPKey.defaultInstallKey : links[i].scbk else { return nil }
            let rndA = random()
            links[i].handshake = .init(
                rndA: rndA, keys: OSDPSessionKeys(scbk: key, controlPanelRandom: rndA), defaultKey: defaultKey)
            links[i].session = nil
            return (.challenge(rndA: rndA), false)
        case .sendingCryptogram:
            guard let h = links[i].handshake else { return nil }
            return (.serverCryptogram(h.keys.serverCryptogram(rndA: h.rndA, rndB: h.rndB)), false)
        case .installingKey:
            guard let key = links[i].scbk else { return nil }
            links[i].pendingKey = key
            return (.keyset(keyType: 1, key: key.bytes), false)
        case .online:
            if !links[i].queue.isEmpty { return (links[i].queue.removeFirst(), true) }
            guard now - links[i].lastPollAt >= Int64(configuration.pollIntervalMilliseconds) else { return nil }
            links[i].lastPollAt = now
            return (.poll, false)
        }
    }

    private func send(_ command: OSDPCommand, to i: Int, now: Int64, userCommand: Bool) -> [UInt8] {
        if case .keyset(_, let key) = command { links[i].pendingKey = OSDPKey(bytes: key) }
        let sequence = links[i].takeSequence()
        var packet = OSDPPacket(address: links[i].address, isReply: false, sequence: sequence, code: command.code, data: command.data)
        let keyFlag: [UInt8] = [links[i].handshake?.defaultKey == true ? 0x00 : 0x01]
        switch command {
        case .challenge: packet.securityBlock = OSDPSecurityBlock(type: .challenge, data: keyFlag)
        case .serverCryptogram: packet.securityBlock = OSDPSecurityBlock(type: .serverCryptogram, data: keyFlag)
        default:
            if var session = links[i].session {
                packet = session.seal(packet)
                links[i].session = session
            }
        }
        let bytes = packet.encoded()
        inFlight = InFlight(
            address: links[i].address, command: command, sequence: sequence, bytes: bytes, sentAt: now, attempts: 1,
            userCommand: userCommand)
        return bytes
    }
}
