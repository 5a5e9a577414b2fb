import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

@Suite struct S7ParserTests {
    /// TPKT + COTP DT (EOT) around an S7 PDU.
    static func tpkt(_ s7: [UInt8]) -> [UInt8] {
        let n = 7 + s7.count
        return [3, 0, UInt8(n >> 8), UInt8(n & 0xFF), 2, 0xF0, 0x80] + s7
    }

    /// User-data Read SZL request: header (reference bytes 01 00: tshark's 256, ICSNPP's 1), params 00 01 12 04 11 44 01 00,
    /// data ff 09 00 04, SZL id 0x0011, index 0.
    static let szlRequest: [UInt8] =
        [0x32, 0x07, 0, 0, 0x01, 0x00, 0, 8, 0, 8] + [0x00, 0x01, 0x12, 0x04, 0x11, 0x44, 0x01, 0x00] + [0xFF, 0x09, 0, 4, 0, 0x11, 0, 0]

    @Test func cotpFramingWaitsForTheWholeTPKT() {
        let bytes = Self.tpkt(Self.szlRequest)
        for cut in 0..<bytes.count {
            #expect(Array(bytes[0..<cut]).withUnsafeBytes { COTPParser.parse($0) } == .needMore, "cut at \(cut)")
        }
        guard case .pdu(let pdu, let n) = bytes.withUnsafeBytes({ COTPParser.parse($0) }) else {
            Issue.record("no PDU")
            return
        }
        #expect(n == bytes.count && pdu.type == 0xF && pdu.endOfTSDU && pdu.payload == Self.szlRequest)
        #expect(bytes.withUnsafeBytes { COTPParser.looksLikeS7($0) })
        #expect(([4, 0, 0, 7, 2, 0xF0, 0x80] as [UInt8]).withUnsafeBytes { COTPParser.parse($0) } == .invalid("tpkt_invalid_version"))
        // A length indicator running past the TPKT is refused, not read out of bounds.
        #expect(
            ([3, 0, 0, 7, 9, 0xF0, 0x80] as [UInt8]).withUnsafeBytes { COTPParser.parse($0) } == .invalid("cotp_invalid_length_indicator"))
    }

    /// An S7 client's connection request (snap7's: TPDU size, calling and called TSAPs) and
    /// RDP's (the one a scanner sent to port 502 in Zeek's modbus-and-non-modbus-p502 trace:
    /// a cookie, an RDP negotiation request, no TSAP). Both are S7 on port 102, as ICSNPP's
    /// signature has it; elsewhere only the one naming a TSAP is.
    @Test func aConnectionRequestOffPort102MustNameATSAP() {
        let s7: [UInt8] = [3, 0, 0, 0x16, 0x11, 0xE0, 0, 0, 0, 1, 0, 0xC0, 1, 0x0A, 0xC1, 2, 1, 0, 0xC2, 2, 1, 2]
        let rdp: [UInt8] =
            [3, 0, 0, 0x2B, 0x26, 0xE0, 0, 0, 0, 0, 0] + Array("Cookie: mstshash=admin\r\n".utf8) + [1, 0, 8, 0, 1, 0, 0, 0]
        #expect(s7.withUnsafeBytes { COTPParser.looksLikeS7($0, onISOPort: false) })
        #expect(s7.withUnsafeBytes { COTPParser.looksLikeS7($0, onISOPort: true) })
        #expect(!rdp.withUnsafeBytes { COTPParser.looksLikeS7($0, onISOPort: false) })
        #expect(rdp.withUnsafeBytes { COTPParser.looksLikeS7($0, onISOPort: true) })
        // A parameter length running past the header ends the walk without a read beyond it.
        let truncated: [UInt8] = [3, 0, 0, 0x0D, 8, 0xE0, 0, 0, 0, 1, 0, 0xC0, 0xFF]
        #expect(!truncated.withUnsafeBytes { COTPParser.looksLikeS7($0, onISOPort: false) })
    }

    /// A Write Var job writing DB5.DBW10 (one WORD) and Q0.3 (one BIT): parameters 05 02 and
    /// two S7ANY items; data: a 16-bit WORD item, a fill-free 1-bit item.
    static let writeVar: [UInt8] =
        [0x32, 0x01, 0, 0, 0x07, 0x00, 0, 26, 0, 11]
        + [0x05, 0x02] + [0x12, 0x0A, 0x10, 0x04, 0, 1, 0, 5, 0x84, 0, 0, 10 << 3]
        + [0x12, 0x0A, 0x10, 0x01, 0, 1, 0, 0, 0x82, 0, 0, 0x03]
        + [0x00, 0x04, 0, 16, 0x12, 0x34] + [0x00, 0x03, 0, 1, 0x01]

    @Test func writeVarItemsAndData() throws {
        let m = try Self.writeVar.withUnsafeBytes { try S7CommParser.parse($0).get() }
        #expect(m.function == 0x05 && m.variablesProblem == nil)
        #expect(
            m.variables == [
                S7VariableItem(syntaxID: 0x10, transportSize: 4, count: 1, db: 5, area: 0x84, address: 80, data: [0x12, 0x34]),
                S7VariableItem(syntaxID: 0x10, transportSize: 1, count: 1, db: 0, area: 0x82, address: 3, data: [0x01]),
            ])
        #expect(m.variables?[0].byteAddress == 10 && m.variables?[0].bitAddress == 0)
        #expect(m.variables?[1].byteAddress == 0 && m.variables?[1].bitAddress == 3)
    }

    /// The answer to a two-item Read Var job: a WORD read (return code 0xFF, 16 bits), then an
    /// item that does not exist (return code 0x0A: its size and length fields, no bytes).
    @Test func readVarAnswerItems() throws {
        let answer: [UInt8] =
            [0x32, 0x03, 0, 0, 0x07, 0x00, 0, 2, 0, 10, 0, 0] + [0x04, 0x02] + [0xFF, 0x04, 0, 16, 0x12, 0x34] + [0x0A, 0, 0, 0]
        let m = try answer.withUnsafeBytes { try S7CommParser.parse($0).get() }
        #expect(m.variablesProblem == nil)
        #expect(
            m.variables == [
                S7VariableItem(syntaxID: nil, data: [0x12, 0x34], returnCode: 0xFF), S7VariableItem(syntaxID: nil, returnCode: 0x0A),
            ])
        #expect(S7Names.itemReturnCode(0x03) == "Accessing the object not allowed" && S7Names.itemReturnCode(0xFF) == "Success")
    }

    /// Items that run past the parameters, or data shorter than the items, are named, and the
    /// PDU itself still decodes (its s7comm.log row is kept).
    @Test func truncatedItemsAreNamed() throws {
        var short = Self.writeVar
        short.removeLast()
        short[9] = 10
        let m = try short.withUnsafeBytes { try S7CommParser.parse($0).get() }
        #expect(m.function == 0x05 && m.variables == nil)
        #expect(m.variablesProblem == "data item 2: 1 bytes")
        var badSpec = Self.writeVar
        badSpec[24] = 0x11
        let n = try badSpec.withUnsafeBytes { try S7CommParser.parse($0).get() }
        #expect(n.variablesProblem == "item 2: variable specification 0x11, not 0x12")
        for cut in 12..<(Self.writeVar.count - 11) {
            // The parameter length kept, the parameters cut: the header's lengths are refused.
            let cutShort = Array(Self.writeVar[0..<cut])
            #expect((try? cutShort.withUnsafeBytes { try S7CommParser.parse($0).get() }) == nil, "cut at \(cut)")
        }
    }

    @Test func userDataReadSZLRequest() throws {
        let m = try Self.szlRequest.withUnsafeBytes { try S7CommParser.parse($0).get() }
        #expect(m.rosctr == 7 && m.function == 0x44 && m.subfunction == 1)
        #expect(m.pduReference == 1, "ICSNPP's little-endian reading of 01 00")
        #expect(m.userData?.payload == [0, 0x11, 0, 0] && m.userData?.returnCode == 0xFF)
        #expect(S7Names.userDataFunction(0x44) == "Request: CPU Functions")
    }

    @Test func lengthsPastTheEndAreRefused() {
        var bad = Self.szlRequest
        bad[9] = 200  // data length beyond the PDU
        guard case .failure = bad.withUnsafeBytes({ S7CommParser.parse($0) }) else {
            Issue.record("accepted a data length past the end")
            return
        }
    }

    @Test func szlModuleAndComponentIdentification() throws {
        func text(_ s: String, _ n: Int) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0x20, count: n - s.utf8.count) }
        // SZL 0x0011: index 1 (order number), index 7 (firmware 'V' 3 2 7 in Ausbg/Ausbe).
        let module: [UInt8] =
            [0, 0x11, 0, 0, 0, 28, 0, 2] + [0, 1] + text("6ES7 315-2EH14-0AB0", 20) + [0, 0xC0, 0, 3, 0, 1] + [0, 7]
            + text("", 20) + [0, 0xC0, 0x56, 0x03, 0x02, 0x07]
        let m = try #require(S7Identity.decode(module))
        #expect(m.id == 0x0011 && m.identity?.orderNumber == "6ES7 315-2EH14-0AB0" && m.identity?.firmware == "V3.2.7")
        // SZL 0x001C: names are NUL padded to 32 bytes.
        func name(_ s: String) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0, count: 32 - s.utf8.count) }
        let components: [UInt8] =
            [0, 0x1C, 0, 0, 0, 34, 0, 3] + [0, 1] + name("SNAP7-SERVER") + [0, 5] + name("S C-C2UR28922012") + [0, 7]
            + name("CPU 315-2 PN/DP")
        let c = try #require(S7Identity.decode(components)?.identity)
        #expect(c.automationSystemName == "SNAP7-SERVER" && c.serial == "S C-C2UR28922012" && c.moduleTypeName == "CPU 315-2 PN/DP")
        // A record count larger than the bytes present stops at the last whole record.
        var short = components
        short[7] = 200
        #expect(S7Identity.decode(short)?.identity?.moduleTypeName == "CPU 315-2 PN/DP")
    }

    @Test func analyzerReassemblesAFragmentedSZLResponseIntoIdentity() {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = S7Analyzer()
        func response(last: UInt8, data: [UInt8]) -> [UInt8] {
            let d: [UInt8] = [0xFF, 0x09, UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
            return Self.tpkt(
                [0x32, 0x07, 0, 0, 0x00, 0x02, 0, 12, UInt8(d.count >> 8), UInt8(d.count & 0xFF)]
                    + [0x00, 0x01, 0x12, 0x08, 0x12, 0x84, 0x01, 0x01, 0xD5, last, 0, 0] + d)
        }
        func name(_ s: String) -> [UInt8] { Array(s.utf8) + [UInt8](repeating: 0, count: 32 - s.utf8.count) }
        let first = response(last: 1, data: [0, 0x1C, 0, 0, 0, 34, 0, 2] + [0, 1] + name("STATION"))
        let second = response(last: 0, data: [0, 2] + name("PLC_1"))
        first.withUnsafeBytes { a.deliver($0, isOrig: false, context: ctx) }
        second.withUnsafeBytes { a.deliver($0, isOrig: false, context: ctx) }
        a.finish(context: ctx)
        #expect(sink.weirdNames.isEmpty)
        let devices = sink.rows("s7comm_known_devices")
        #expect(devices.count == 1)
        #expect(ZeekTSVEncoderShim.text(devices.first?.value("module_name")) == "PLC_1")
        #expect(ZeekTSVEncoderShim.text(devices.first?.value("automation_system_name")) == "STATION")
        #expect(a.detectedServices == ["s7comm"])
    }
}
