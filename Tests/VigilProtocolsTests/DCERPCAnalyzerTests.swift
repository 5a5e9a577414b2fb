import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// Connection-oriented DCE/RPC PDUs built as C706 §12.6 lays them out, and the dce_rpc.log
/// rows base/protocols/dce-rpc/main.zeek's rules make of them.
@Suite struct DCERPCAnalyzerTests {
    static let svcctl = "367abb81-9844-35f1-ad32-98f038001003"
    static let ndr = "8a885d04-1ceb-11c9-9fe8-08002b104860"

    /// A UUID's 16 bytes in little-endian NDR order (its first three fields reversed).
    static func uuidBytes(_ text: String, little: Bool = true) -> [UInt8] {
        let hex = text.replacingOccurrences(of: "-", with: "")
        var bytes = stride(from: 0, to: 32, by: 2).map { i -> UInt8 in
            let a = hex.index(hex.startIndex, offsetBy: i)
            return UInt8(hex[a..<hex.index(a, offsetBy: 2)], radix: 16)!
        }
        if little {
            bytes[0..<4].reverse()
            bytes[4..<6].reverse()
            bytes[6..<8].reverse()
        }
        return bytes
    }

    static func u16(_ v: Int, _ little: Bool = true) -> [UInt8] {
        little ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)]
    }

    static func u32(_ v: Int, _ little: Bool = true) -> [UInt8] {
        let le = [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
        return little ? le : le.reversed()
    }

    /// The 16-byte common header, then the body; frag_length counts both.
    static func pdu(type: UInt8, flags: UInt8 = 3, call: Int = 1, little: Bool = true, _ body: [UInt8]) -> [UInt8] {
        [5, 0, type, flags, little ? 0x10 : 0x00, 0, 0, 0] + u16(16 + body.count, little) + [0, 0] + u32(call, little) + body
    }

    static func bind(_ interface: String, context: Int = 0, little: Bool = true, type: UInt8 = 11) -> [UInt8] {
        pdu(
            type: type, little: little,
            u16(4280, little) + u16(4280, little) + u32(0, little) + [1, 0, 0, 0] + u16(context, little) + [1, 0]
                + uuidBytes(interface, little: little) + u32(2, little) + uuidBytes(ndr, little: little) + u32(2, little))
    }

    static func bindAck(_ address: String) -> [UInt8] {
        let text = Array(address.utf8) + [0]
        var body = u16(4280) + u16(4280) + u32(0x1234) + u16(text.count) + text
        while (16 + body.count) % 4 != 0 { body.append(0) }
        body += [1, 0, 0, 0] + u16(0) + u16(0) + uuidBytes(ndr) + u32(2)
        return pdu(type: 12, body)
    }

    static func request(opnum: Int, context: Int = 0, call: Int = 2, flags: UInt8 = 3) -> [UInt8] {
        pdu(type: 0, flags: flags, call: call, u32(8) + u16(context) + u16(opnum) + [1, 2, 3, 4, 5, 6, 7, 8])
    }

    static func response(context: Int = 0, call: Int = 2) -> [UInt8] {
        pdu(type: 2, call: call, u32(4) + u16(context) + [0, 0] + [0, 0, 0, 0])
    }

    final class Run {
        let sink = CollectingSink()
        let analyzer = DCERPCAnalyzer()
        var context: FlowContext

        init(port: UInt16 = 49667) {
            let id = ConnectionID(origHost: .v4(0x0A00_0002), origPort: 50000, respHost: .v4(0x0A00_0001), respPort: port, proto: .tcp)
            context = FlowContext(
                uid: "Crpc", id: id, ts: .zero, sink: sink, limits: .default, shared: SharedProtocolState(trustStore: nil))
        }

        func send(_ bytes: [UInt8], isOrig: Bool, at ms: Int64) {
            context.ts = Timestamp(nanoseconds: ms * 1_000_000)
            bytes.withUnsafeBytes { analyzer.deliver($0, isOrig: isOrig, context: context) }
        }

        var calls: [DCERPCCallEvent] {
            sink.events.compactMap { e -> DCERPCCallEvent? in
                if case .dceRPC(let c) = e { return c }
                return nil
            }
        }
    }

    @Test func theSignatureIsZeeks() {
        #expect(Self.bind(Self.svcctl).withUnsafeBytes { DCERPCParser.looksLikeDCERPC($0) })
        // A second fragment (flags 0x02) or version 4 (connectionless) does not open a flow.
        #expect(!Self.request(opnum: 1, flags: 2).withUnsafeBytes { DCERPCParser.looksLikeDCERPC($0) })
        #expect(!([4, 0, 0, 3] as [UInt8]).withUnsafeBytes { DCERPCParser.looksLikeDCERPC($0) })
    }

    @Test func bindsAreReadInEitherByteOrder() {
        for little in [true, false] {
            let step = Self.bind(Self.svcctl, context: 7, little: little).withUnsafeBytes { DCERPCParser.parse($0) }
            guard case .pdu(let pdu, _) = step, case .bind(let contexts, let alter) = pdu.kind else {
                Issue.record("no bind: \(step)")
                continue
            }
            #expect(contexts == [.init(id: 7, interface: Self.svcctl)] && !alter, "little-endian: \(little)")
        }
    }

    @Test func framingWaitsForTheWholePDUAndRefusesABadOne() {
        let bytes = Self.bindAck("135")
        for cut in 0..<bytes.count {
            #expect(Array(bytes[0..<cut]).withUnsafeBytes { DCERPCParser.parse($0) } == .needMore, "cut at \(cut)")
        }
        guard case .pdu(let pdu, let n) = bytes.withUnsafeBytes({ DCERPCParser.parse($0) }) else {
            Issue.record("no PDU")
            return
        }
        // The secondary address's terminating NUL is dropped, as Zeek drops it.
        #expect(n == bytes.count && pdu.kind == .bindAck(secondaryAddress: "135"))
        var badLength = bytes
        badLength[8] = 15
        badLength[9] = 0
        #expect(badLength.withUnsafeBytes { DCERPCParser.parse($0) } == .invalid("dce_rpc_bad_length"))
        // A bind whose context list runs past its PDU is not read as a bind.
        var cut = Self.bind(Self.svcctl)
        cut.removeLast(30)
        cut[8] = UInt8(cut.count)
        guard case .pdu(let short, _) = cut.withUnsafeBytes({ DCERPCParser.parse($0) }) else {
            Issue.record("no PDU")
            return
        }
        #expect(short.kind == .other(11))
    }

    /// An svcctl session as PsExec-like tools run it: bind, OpenSCManagerW, CreateServiceW.
    @Test func eachAnsweredCallIsARowWithItsOperationAndRoundTrip() {
        let run = Run()
        run.send(Self.bind(Self.svcctl), isOrig: true, at: 1000)
        run.send(Self.bindAck("49667"), isOrig: false, at: 1001)
        run.send(Self.request(opnum: 15, call: 2), isOrig: true, at: 1010)
        run.send(Self.response(call: 2), isOrig: false, at: 1013)
        run.send(Self.request(opnum: 12, call: 3), isOrig: true, at: 1020)
        run.send(Self.response(call: 3), isOrig: false, at: 1020)
        run.analyzer.finish(context: run.context)
        let rows = run.calls.map {
            "\($0.ts.nanoseconds / 1_000_000) \($0.rtt.map(String.init) ?? "-") \($0.namedPipe ?? "-") \($0.endpoint) \($0.operation)"
        }
        // The second call was answered in the same millisecond: Zeek leaves the round trip of
        // the call before it in the row.
        #expect(rows == ["1010 3000000 49667 svcctl OpenSCManagerW", "1020 3000000 49667 svcctl CreateServiceW"])
        #expect(run.analyzer.violatedService == nil)
    }

    @Test func noisyOperationsUnknownInterfacesAndUnansweredCalls() {
        let run = Run()
        let winreg = "338cd001-2244-31f1-aaaa-900038001003"
        run.send(Self.bind(winreg), isOrig: true, at: 0)
        run.send(Self.request(opnum: 5), isOrig: true, at: 1)  // BaseRegCloseKey: ignored by Zeek
        run.send(Self.response(), isOrig: false, at: 2)
        run.send(Self.request(opnum: 22), isOrig: true, at: 3)  // BaseRegSetValue
        run.send(Self.response(), isOrig: false, at: 4)
        run.send(Self.bind("01234567-89ab-cdef-0123-456789abcdef", context: 1, type: 14), isOrig: true, at: 5)
        run.send(Self.request(opnum: 9, context: 1), isOrig: true, at: 6)
        run.send(Self.response(context: 1), isOrig: false, at: 7)
        // A last request never answered: no row of its own.
        run.send(Self.request(opnum: 2, context: 1), isOrig: true, at: 8)
        run.analyzer.finish(context: run.context)
        let rows = run.calls.map { "\($0.endpoint) \($0.operation)" }
        #expect(
            rows == [
                "winreg BaseRegSetValue", "unknown-01234567-89ab-cdef-0123-456789abcdef unknown-9",
                // Zeek's removal hook writes the record the unanswered request left, which
                // still names the call before it.
                "unknown-01234567-89ab-cdef-0123-456789abcdef unknown-9",
            ])
    }

    @Test func aCallSplitIntoFragmentsIsOneRowAndASignatureWithoutAPDUIsNoService() {
        let run = Run()
        run.send(Self.bind(Self.svcctl), isOrig: true, at: 0)
        run.send(Self.request(opnum: 19, flags: 1), isOrig: true, at: 1)
        run.send(Self.request(opnum: 19, flags: 2), isOrig: true, at: 2)
        run.send(Self.response(), isOrig: false, at: 5)
        #expect(run.calls.map { "\($0.operation) \($0.rtt ?? 0)" } == ["StartServiceW 3000000"])

        let partial = Run()
        partial.send(Array(Self.bind(Self.svcctl).prefix(20)), isOrig: true, at: 0)
        partial.analyzer.finish(context: partial.context)
        #expect(partial.analyzer.violatedService == DCERPCAnalyzer.service)
    }
}
