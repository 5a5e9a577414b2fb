import Foundation
import Testing
import VigilAccess
import VigilCore
import VigilOSDP

/// The monitor watching real exchanges between Vigil's CP and PD (in-process, simulated
/// clock), with attacks played on the wire; and on the corpus's libosdp-conformance trace.
@Suite struct OSDPMonitorTests {
    let siteKey = OSDPKey(hex: "00112233445566778899aabbccddeeff")!
    let newKey = OSDPKey(hex: "c0ffee00c0ffee00c0ffee00c0ffee01")!

    @Test func corpusPollCycleIsDecodedAndFlaggedAsClearText() throws {
        let path = "../shared/corpus/libosdp-conformance/test/osdpcap-tests/1-poll-cycle.osdpcap"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let tap = OSDPMonitorTap()
        for line in lines {
            let entry = try OSDPTraceLine.parse(String(line))
            tap.feed(entry.bytes, at: entry.time.nanoseconds / 1_000_000)
        }
        let c = tap.monitor.counters
        // Every line is one packet, commands ("in" at the tracer, a PD) and replies ("out") alternate.
        #expect(c.packets == lines.count && c.commands == lines.count / 2 && c.replies == lines.count / 2)
        #expect(tap.monitor.framing.checkErrors == 0 && c.sequenceErrors == 0)
        // The first reply is LSTATR with power 1 (the trace's own description: "LSTATR power-on").
        #expect(tap.packets[1]["code"] == .string("lstatr") && tap.packets[1]["power"] == .int(1))
        // POLLs cycle 0,1,2,3,1,2,3,1: identical clear frames recur by design and are no replay.
        #expect(
            tap.packets.filter { $0["direction"] == .string("command") }.map { $0["sequence"] }
                == [0, 1, 2, 3, 1, 2, 3, 1].map { .int($0) })
        #expect(tap.alerts.map { $0["type"] } == [.string("osdp.no_secure_channel")])
    }

    @Test func secureLinkUnderAnUnknownGoodKeyRaisesNothing() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        let tap = OSDPMonitorTap(h)
        h.cp.submit(.led([OSDPLEDControl()]), to: 7)
        h.run(milliseconds: 600)
        #expect(tap.monitor.counters.secured > 10)
        #expect(tap.alerts.isEmpty)
        #expect(tap.packets.contains { $0["code"] == .string("ccrypt") && $0["key"] == .string("unknown") })
    }

    @Test func siteKeyLetsTheMonitorVerifyAndDecrypt() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        let tap = OSDPMonitorTap(h, siteKeys: [siteKey])
        h.run(milliseconds: 300)
        var led = OSDPLEDControl()
        led.permanentControl = 1
        led.permanentOnColor = 1
        h.cp.submit(.led([led]), to: 7)
        h.pd.present(.rawCard(OSDPCardRead(reader: 0, format: 1, bitCount: 26, data: [0x5A, 0xC3, 0x81, 0x40])))
        h.run(milliseconds: 300)
        let c = tap.monitor.counters
        #expect(c.verified == c.secured - c.retransmissions && c.macErrors == 0)
        #expect(tap.packets.contains { $0["code"] == .string("led") && $0["color"] == .string("red") && $0["mac"] == .string("ok") })
        #expect(tap.packets.contains { $0["code"] == .string("raw") && $0["data"] == .string("5ac38140") })
        #expect(tap.alerts.isEmpty)
    }

    @Test func weakKeyIsNamed() {
        let weak = OSDPKey(bytes: Array(0x00...0x0F))!
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: weak), pd: .init(address: 7, scbk: weak))
        let tap = OSDPMonitorTap(h)
        h.run(milliseconds: 400)
        #expect(tap.alerts(.weakKey).map { $0["key_name"] } == [.string("counting_00_0f")])
        // Knowing the key, the monitor follows the session.
        #expect(tap.monitor.counters.verified > 0 && tap.monitor.counters.macErrors == 0)
    }

    /// A CP asking for SCBK-D is only asking: a PD that answers with its SCBK is not in install
    /// mode, and the session is keyed (and followed) under the SCBK.
    @Test func scbkDRequestAnsweredWithTheSCBKIsNotInstallMode() {
        let h = OSDPLinkHarness(
            cp: .init(addresses: [7], scbk: siteKey, installMode: true), pd: .init(address: 7, scbk: siteKey))
        let tap = OSDPMonitorTap(h, siteKeys: [siteKey])
        h.run(milliseconds: 600)
        #expect(tap.packets.contains { $0["code"] == .string("chlng") && $0["key_type"] == .string("scbk_d") })
        #expect(h.pdSaw("sc_up").map { $0["key"] } == [.string("scbk")])
        // The CP follows the PD's answer at once: no failed round under SCBK-D, no KEYSET.
        #expect(h.cpSaw("sc_failed").isEmpty && h.cpSaw("sc_up").map { $0["key"] } == [.string("scbk")])
        #expect(h.cpSaw("key_installed").isEmpty)
        #expect(tap.alerts(.installMode).isEmpty)
        #expect(tap.monitor.counters.verified > 0 && tap.monitor.counters.macErrors == 0)
    }

    @Test func installModeHandsTheNewKeyToAnyoneListening() {
        let h = OSDPLinkHarness(
            cp: .init(addresses: [7], scbk: newKey, installMode: true), pd: .init(address: 7, installMode: true))
        let tap = OSDPMonitorTap(h)
        h.run(milliseconds: 600)
        #expect(tap.alerts(.installMode).count == 1)
        let keyset = tap.alerts(.keysetObserved)
        #expect(keyset.count == 1)
        #expect(keyset.first?["severity"] == .string("critical") && keyset.first?["key_recovered"] == .bool(true))
        #expect(keyset.first?["session_key"] == .string("scbk_d") && keyset.first?["in_clear"] == .bool(false))
        #expect(keyset.first?["key_fingerprint"] == .string(OSDPWeakKeys.fingerprint(newKey)))
        // The key is never printed, in alerts or packet records.
        #expect(!tap.events.contains { $0.jsonLine.contains(newKey.hex) })
        // The second handshake, under the installed key, is followed with the recovered key.
        #expect(tap.packets.contains { $0["code"] == .string("ccrypt") && $0["key"] == .string("keyset") })
        #expect(tap.monitor.counters.macErrors == 0 && tap.monitor.counters.verified > 4)
    }

    @Test func replayedSecureCommandIsCaughtAndNotPerformed() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        var recorded: [UInt8]?
        var commandsSince = 0
        var replayed = false
        let tap = OSDPMonitorTap(
            h,
            toPD: { bytes in
                guard let frame = OSDPMonitorTap.code(of: bytes) else { return bytes }
                if frame.code == OSDPCommandCode.led && recorded == nil { recorded = bytes }
                if recorded != nil { commandsSince += 1 }
                // A few commands later, swap a POLL for the recorded LED command: a replay. (Sent
                // right after the original it would be indistinguishable from a retransmission,
                // and the PD answers those from its cache without acting again.)
                if let recorded, !replayed, commandsSince > 4, frame.code == OSDPCommandCode.poll {
                    replayed = true
                    return recorded
                }
                return bytes
            })
        h.run(milliseconds: 300)
        h.cp.submit(.led([OSDPLEDControl()]), to: 7)
        h.run(milliseconds: 800)
        #expect(replayed)
        #expect(h.pdSaw("command").filter { $0["command"] == .string("led") }.count == 1)
        let replay = tap.alerts(.replay)
        #expect(replay.count == 1 && replay.first?["code"] == .string("led") && replay.first?["direction"] == .string("command"))
        // The legitimate LED command is the packet the replay points back to.
        let original = tap.packets.first { $0["code"] == .string("led") }
        #expect(original?["packet"] == replay.first?["replay_of"])
        #expect(h.cp.isSecure(7))  // the CP recovered with a new session
    }

    @Test func lostReplyRetransmissionIsNotAReplay() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        var dropped = false
        let tap = OSDPMonitorTap(
            h,
            toCP: { bytes in
                if !dropped && h.pdSaw("command").contains(where: { $0["command"] == .string("led") }) {
                    dropped = true
                    return nil
                }
                return bytes
            })
        h.run(milliseconds: 300)
        h.cp.submit(.led([OSDPLEDControl()]), to: 7)
        h.run(milliseconds: 600)
        #expect(dropped && tap.monitor.counters.retransmissions >= 1)
        #expect(tap.alerts.isEmpty)
    }

    @Test func rewrittenPDCAPIsADowngrade() {
        // The attacker sets PDCAP function 9 to compliance 0 on its way to the CP.
        func downgrade(_ bytes: [UInt8]) -> [UInt8]? {
            guard let frame = OSDPMonitorTap.code(of: bytes), frame.code == OSDPReplyCode.capabilities else { return bytes }
            var b = bytes
            let dataStart = b.count - 2 - frame.packet.data.count
            for i in stride(from: dataStart, to: b.count - 2, by: 3) where b[i] == OSDPCapability.communicationSecurity {
                b[i + 1] = 0
            }
            OSDPMonitorTap.fixCRC(&b)
            return b
        }
        let open = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        let tap = OSDPMonitorTap(open, toCP: downgrade)
        open.run(milliseconds: 400)
        // The attack works on a CP that does not enforce the Secure Channel, and is seen.
        #expect(!open.cp.isSecure(7) && open.cpSaw("pd_online").first?["secure"] == .bool(false))
        #expect(tap.alerts(.downgrade).first?["compliance"] == .int(0))
        #expect(tap.alerts(.noSecureChannel).count == 1)

        let closed = OSDPLinkHarness(
            cp: .init(addresses: [7], scbk: siteKey, enforceSecure: true), pd: .init(address: 7, scbk: siteKey))
        let tapClosed = OSDPMonitorTap(closed, toCP: downgrade)
        closed.run(milliseconds: 400)
        #expect(closed.cpSaw("pd_online").isEmpty && closed.cpSaw("pd_offline").count == 1)
        #expect(tapClosed.alerts(.downgrade).count >= 1 && tapClosed.alerts(.noSecureChannel).isEmpty)
    }

    @Test func clearCardDataAfterTheSecureChannelIsCritical() {
        let h = OSDPLinkHarness(cp: .init(addresses: [7], scbk: siteKey), pd: .init(address: 7, scbk: siteKey))
        let tap = OSDPMonitorTap(h)
        h.run(milliseconds: 300)
        // A stripped session: the next command in the clear, answered with a clear card read.
        let poll = OSDPPacket(address: 7, isReply: false, sequence: 1, code: OSDPCommandCode.poll).encoded()
        let card = OSDPReply.rawCard(OSDPCardRead(reader: 0, format: 1, bitCount: 26, data: [1, 2, 3, 0x40]))
        let raw = OSDPPacket(address: 7, isReply: true, sequence: 1, code: card.code, data: card.data).encoded()
        tap.feed(raw, at: h.now)
        tap.feed(poll, at: h.now)
        let alert = tap.alerts(.cleartextAfterSecureChannel)
        #expect(alert.count == 1 && alert.first?["severity"] == .string("critical") && alert.first?["code"] == .string("raw"))
        #expect(tap.alerts(.noSecureChannel).isEmpty)
    }

    @Test func keysetInTheClearIsCriticalAndItsKeyIsFollowed() {
        let tap = OSDPMonitorTap()
        let keyset = OSDPCommand.keyset(keyType: 1, key: newKey.bytes)
        tap.feed(OSDPPacket(address: 2, isReply: false, sequence: 1, code: keyset.code, data: keyset.data).encoded(), at: 0)
        let alert = tap.alerts(.keysetObserved).first
        #expect(alert?["in_clear"] == .bool(true) && alert?["severity"] == .string("critical"))
        #expect(alert?["key_fingerprint"] == .string(OSDPWeakKeys.fingerprint(newKey)))
        #expect(!tap.events.contains { $0.jsonLine.contains(newKey.hex) })
    }

    @Test func checkErrorsInABurstRaiseOneAlert() {
        let tap = OSDPMonitorTap()
        var poll = OSDPPacket(address: 1, isReply: false, sequence: 1, code: OSDPCommandCode.poll).encoded()
        poll[poll.count - 1] ^= 0xFF
        for i in 0..<(OSDPLimits.errorBurstThreshold * 3) { tap.feed(poll, at: Int64(i) * 100) }
        #expect(tap.monitor.framing.checkErrors == OSDPLimits.errorBurstThreshold * 3)
        #expect(tap.events.filter { $0.name == "frame_error" }.count == OSDPLimits.errorBurstThreshold * 3)
        let burst = tap.alerts(.errorBurst)
        #expect(burst.count == 1 && burst.first?["check_error"] == .int(OSDPLimits.errorBurstThreshold))
        // After a quiet window, a new burst is reported again.
        for i in 0..<OSDPLimits.errorBurstThreshold { tap.feed(poll, at: 60_000 + Int64(i) * 100) }
        #expect(tap.alerts(.errorBurst).count == 2)
    }

    @Test func traceLineErrorsNameTheField() {
        #expect(throws: OSDPTraceError("\"timeSec\" missing or not an integer")) { try OSDPTraceLine.parse(#"{"data":"ff 53"}"#) }
        #expect(throws: OSDPTraceError("\"data\" is not hex byte pairs: zz")) {
            try OSDPTraceLine.parse(#"{"timeSec":"1","timeNano":"0","data":"zz"}"#)
        }
        #expect(throws: OSDPTraceError("not valid JSON")) { try OSDPTraceLine.parse("{") }
        let line = try? OSDPTraceLine.parse(
            #"{ "timeSec" : "1693167786", "timeNano" : "033907099", "io" : "in", "data" : " ff 53 00 08 00 04 60 eb aa" }"#)
        #expect(line?.bytes == [0xFF, 0x53, 0x00, 0x08, 0x00, 0x04, 0x60, 0xEB, 0xAA])
        #expect(line.map { try? OSDPTraceLine.parse($0.jsonLine) } == line)
    }
}
