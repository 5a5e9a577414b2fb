import VigilCore
import VigilEvents

/// The monitor's view of the Secure Channel handshake (v2.2 Annex D.3): CHLNG gives RND.A and
/// the key type, CCRYPT gives RND.B and the client cryptogram, which a candidate key either
/// reproduces or not. That one check is how the monitor tells SCBK-D and weak keys apart from
/// a good key without ever seeing the key, and how it follows sessions under keys it knows.
extension OSDPMonitor {
    func challenge(_ c: PacketContext, rndA: [UInt8], device: inout OSDPMonitoredDevice, record: inout OSDPEvent) {
        // SCS_11 data: 0x01 asks for the SCBK, 0x00 for SCBK-D. Only a request: a PD not in
        // install mode answers with its SCBK (libosdp's PD does, and the `osdp` 1.6 CP asks
        // for SCBK-D every time), so the alert waits for the PD's CCRYPT.
        let requestedDefaultKey = c.packet.securityBlock?.data.first == 0x00
        record.add("key_type", .string(requestedDefaultKey ? "scbk_d" : "scbk"))
        device.handshake = .init(rndA: rndA, requestedDefaultKey: requestedDefaultKey)
        device.session = nil
        device.secureActive = false
    }

    func clientCryptogram(
        _ c: PacketContext, rndB: [UInt8], cryptogram: [UInt8], device: inout OSDPMonitoredDevice, record: inout OSDPEvent
    ) {
        guard var handshake = device.handshake else {
            record.add("key", .string("unknown"))
            return
        }
        defer { device.handshake = handshake }
        handshake.rndB = rndB
        // SCS_12 data: the key the PD actually used, 0x00 = SCBK-D (Annex D.4).
        handshake.usesDefaultKey = c.packet.securityBlock?.data.first == 0x00
        if handshake.usesDefaultKey {
            raise(
                .installMode, c,
                "PD answered the handshake with SCBK-D, the published install-mode key: it will accept a new key from any CP, and the session and any KEYSET in it can be read",
                [("cp_requested_scbk_d", .bool(handshake.requestedDefaultKey))])
        }
        for candidate in candidateKeys(device, usesDefaultKey: handshake.usesDefaultKey) {
            let keys = OSDPSessionKeys(scbk: candidate.key, controlPanelRandom: handshake.rndA)
            guard OSDPSecureSession.constantTimeEqual(keys.clientCryptogram(rndA: handshake.rndA, rndB: rndB), cryptogram) else {
                continue
            }
            handshake.key = candidate
            handshake.keys = keys
            break
        }
        record.add("key", .string(handshake.key?.name ?? "unknown"))
        guard let found = handshake.key, !handshake.usesDefaultKey,
            let weak = OSDPWeakKeys.all.first(where: { $0.key == found.key })
        else { return }
        raise(
            .weakKey, c,
            "the Secure Channel key verifies as a well-known key (\(weak.name)): anyone can read and forge this link",
            [("key_name", .string(weak.name)), ("cuid", .string(Hex.string(c.packet.data.prefix(8))))])
    }

    /// RMAC_I with SCS_14 data 0x01: the PD accepted the server cryptogram and the session is up.
    func initialRMAC(_ c: PacketContext, rmac: [UInt8], device: inout OSDPMonitoredDevice) {
        guard c.packet.securityBlock?.data.first == 0x01 else {
            device.handshake = nil
            return
        }
        device.secureSeen = true
        device.secureActive = true
        device.reportedClearAfterSecure = false
        if let handshake = device.handshake, let keys = handshake.keys, let key = handshake.key {
            device.session = OSDPSecureSession(keys: keys, initialRMAC: rmac, usesDefaultKey: handshake.usesDefaultKey)
            device.sessionKeyName = key.name
        } else {
            device.session = nil
            device.sessionKeyName = nil
        }
        device.handshake = nil
    }

    /// Keys to try, best first: SCBK-D for an install-mode handshake; otherwise a key recovered
    /// from a KEYSET on this PD, the site keys, then the weak-key list.
    private func candidateKeys(_ device: OSDPMonitoredDevice, usesDefaultKey: Bool) -> [(name: String, key: OSDPKey)] {
        if usesDefaultKey { return [("scbk_d", OSDPKey.defaultInstallKey)] }
        var keys: [(name: String, key: OSDPKey)] = []
        if let recovered = device.recoveredKey { keys.append(("keyset", recovered)) }
        keys += configuration.siteKeys.map { ("site", $0) }
        keys += OSDPWeakKeys.all
        return keys
    }

    /// `osdp.keyset_observed`: every KEYSET. Critical when the new key can be read by anyone on
    /// the line (sent in the clear, or inside a session keyed with SCBK-D or a weak key); the
    /// monitor then follows the PD's next handshake under that key too.
    func keysetObserved(_ c: PacketContext, key: (type: UInt8, bytes: [UInt8])?, device: inout OSDPMonitoredDevice) {
        let inClear = c.packet.securityBlock?.type.isEncrypted != true
        let sessionKey = inClear ? "none" : (key == nil ? "unknown" : device.sessionKeyName ?? "unknown")
        var evidence: [(String, OSDPEvent.Value)] = [
            ("in_clear", .bool(inClear)), ("key_recovered", .bool(key != nil)), ("session_key", .string(sessionKey)),
        ]
        var readable = inClear
        if let key {
            evidence.append(("key_type", .int(Int(key.type))))
            evidence.append(("key_length", .int(key.bytes.count)))
            if let scbk = OSDPKey(bytes: key.bytes) {
                device.recoveredKey = scbk
                evidence.append(("key_fingerprint", .string(OSDPWeakKeys.fingerprint(scbk))))
            }
            readable = readable || sessionKey != "site"
        }
        let message =
            inClear
            ? "KEYSET with the new SCBK in the clear: anyone on the line now has the key"
            : readable
                ? "KEYSET inside a session keyed with \(sessionKey): the new SCBK can be read by anyone who saw the handshake"
                : key == nil
                    ? "KEYSET inside the Secure Channel: a new SCBK is being installed"
                    : "KEYSET inside the Secure Channel, read with the site key given to the monitor"
        raise(.keysetObserved, c, severity: readable ? "critical" : nil, message, evidence)
    }
}
