import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

@Suite struct DNP3ParserTests {
    /// Builds a link frame with correct CRCs around `userData` (transport header + application).
    static func frame(control: UInt8 = 0xC4, destination: UInt16 = 10, source: UInt16 = 1, _ userData: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [
            0x05, 0x64, UInt8(5 + userData.count), control, UInt8(destination & 0xFF), UInt8(destination >> 8),
            UInt8(source & 0xFF), UInt8(source >> 8),
        ]
        header += crc(header)
        var out = header
        var o = 0
        while o < userData.count {
            let block = Array(userData[o..<min(o + 16, userData.count)])
            out += block + crc(block)
            o += 16
        }
        return out
    }

    static func crc(_ b: [UInt8]) -> [UInt8] {
        let c = b.withUnsafeBytes { DNP3CRC.compute($0) }
        return [UInt8(c & 0xFF), UInt8(c >> 8)]
    }

    /// A SELECT of one CROB (g12v1, qualifier 0x28: 2-byte count, 2-byte index prefix):
    /// index 8, code 0x41 (Close, Pulse On), count 1, on 500 ms, off 0, status 0.
    static let selectCROB: [UInt8] = [
        0xC0, 0x03, 0x0C, 0x01, 0x28, 0x01, 0x00, 0x08, 0x00, 0x41, 0x01, 0xF4, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]

    @Test func crcMatchesTheStandardsCheckValue() {
        // CRC-16/DNP check value over "123456789" is 0xEA82 (the catalogue's published check).
        #expect(Array("123456789".utf8).withUnsafeBytes { DNP3CRC.compute($0) } == 0xEA82)
    }

    @Test func linkFrameIsDecodedAndPartialInputWaits() {
        let bytes = Self.frame([0xC0] + Self.selectCROB)
        guard case .frame(let f, let n) = bytes.withUnsafeBytes({ DNP3LinkParser.parse($0) }) else {
            Issue.record("frame not decoded")
            return
        }
        #expect(n == bytes.count)
        #expect(f.userData == [0xC0] + Self.selectCROB)
        #expect(f.fromMaster && f.carriesUserData && f.destination == 10 && f.source == 1)
        for cut in 2..<bytes.count {
            #expect(Array(bytes[0..<cut]).withUnsafeBytes { DNP3LinkParser.parse($0) } == .needMore, "cut at \(cut)")
        }
    }

    @Test func corruptCRCsAreNamed() {
        var bytes = Self.frame([0xC0] + Self.selectCROB)
        bytes[12] ^= 0xFF  // inside the first data block
        #expect(bytes.withUnsafeBytes { DNP3LinkParser.parse($0) } == .corrupt("dnp3_corrupt_data_block_crc", consumed: bytes.count))
        bytes = Self.frame([0xC0] + Self.selectCROB)
        bytes[8] ^= 0xFF  // the header CRC itself
        #expect(bytes.withUnsafeBytes { DNP3LinkParser.parse($0) } == .invalid("dnp3_corrupt_header_crc"))
    }

    @Test func applicationLayerDecodesTheControlBlock() throws {
        let a = try #require(Self.selectCROB.withUnsafeBytes { DNP3ApplicationParser.parse($0) })
        #expect(a.function == 0x03 && a.iin == nil && a.problem == nil)
        #expect(a.objects.count == 1)
        let h = a.objects[0]
        #expect(h.group == 12 && h.variation == 1 && h.count == 1)
        #expect(h.controls == [DNP3ControlBlock(index: 8, controlCode: 0x41, count: 1, onTime: 500, offTime: 0, status: 0)])
        #expect(DNP3Names.tripCode(0x41) == "Close" && DNP3Names.operationType(0x41) == "Pulse On")
    }

    @Test func responseCarriesIINAndRangedObjectsAreSkippedBySize() throws {
        // RESPONSE, IIN 0x1000 (need time), g30v2 (16-bit analog with flag, 3 bytes each), range 0..1,
        // then g1v1 packed bits 0..9 (2 bytes).
        let r: [UInt8] = [0xC0, 0x81, 0x10, 0x00, 30, 2, 0x00, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0x00, 0, 9, 0xFF, 0x03]
        let a = try #require(r.withUnsafeBytes { DNP3ApplicationParser.parse($0) })
        #expect(a.iin == 0x1000 && a.problem == nil)
        #expect(a.objects.map(\.objectType) == [0x1E02, 0x0101])
        #expect(a.objects.map(\.count) == [2, 10])
        #expect(a.objects[1].rangeLow == 0 && a.objects[1].rangeHigh == 9)
    }

    @Test func hostileCountsAndUnknownObjectsStopCleanly() throws {
        // g30v2 with a 4-byte count of 2^32-1 but no data: truncated, not a long loop.
        let huge: [UInt8] = [0xC0, 0x81, 0, 0, 30, 2, 0x09, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(huge.withUnsafeBytes { DNP3ApplicationParser.parse($0) }?.problem?.name == "dnp3_truncated_object")
        // Class objects (size 0) with a huge count carry no data and end at once.
        let classes: [UInt8] = [0xC0, 0x81, 0, 0, 60, 1, 0x09, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(classes.withUnsafeBytes { DNP3ApplicationParser.parse($0) }?.objects.count == 1)
        let unknown: [UInt8] = [0xC0, 0x81, 0, 0, 99, 9, 0x00, 0, 0, 1]
        #expect(unknown.withUnsafeBytes { DNP3ApplicationParser.parse($0) }?.problem?.name == "dnp3_unknown_object")
        let backwards: [UInt8] = [0xC0, 0x81, 0, 0, 30, 2, 0x00, 5, 1]
        #expect(backwards.withUnsafeBytes { DNP3ApplicationParser.parse($0) }?.problem?.name == "dnp3_invalid_range")
    }

    @Test func transportReassemblesAcrossTheSequenceWrap() {
        var t = DNP3Transport()
        guard case .incomplete = t.add([0x40 | 63, 1, 2], limit: 100) else {
            Issue.record("first segment")
            return
        }
        guard case .fragment(let f) = t.add([0x80 | 0, 3], limit: 100) else {
            Issue.record("wrapped FIN")
            return
        }
        #expect(f == [1, 2, 3])
        // Out of sequence: the partial fragment is dropped and named.
        _ = t.add([0x40 | 5, 1], limit: 100)
        guard case .discarded("dnp3_transport_sequence_error") = t.add([0x80 | 9, 2], limit: 100) else {
            Issue.record("sequence")
            return
        }
    }

    @Test func fragmentLimitAtTheLimitIsKeptAndBeyondIsDropped() {
        var t = DNP3Transport()
        guard case .fragment(let f) = t.add([0xC0] + [UInt8](repeating: 7, count: 8), limit: 8) else {
            Issue.record("at limit")
            return
        }
        #expect(f.count == 8)
        guard case .discarded("dnp3_fragment_too_long") = t.add([0xC0] + [UInt8](repeating: 7, count: 9), limit: 8) else {
            Issue.record("beyond limit")
            return
        }
    }

    @Test func analyzerLogsTheSelectAndPairsTheResponseSplitAcrossSegments() {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = DNP3Analyzer()
        let request = Self.frame([0xC0] + Self.selectCROB)
        var response = Self.selectCROB
        response[1] = 0x81
        response.insert(contentsOf: [0x00, 0x00], at: 2)
        let reply = Self.frame(control: 0x44, destination: 1, source: 10, [0xC0] + response)
        for range in [0..<7, 7..<20, 20..<request.count] {
            Array(request[range]).withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) }
        }
        reply.withUnsafeBytes { a.deliver($0, isOrig: false, context: ctx) }
        a.finish(context: ctx)
        #expect(sink.weirdNames.isEmpty)
        let rows = sink.rows("dnp3")
        #expect(rows.count == 1)
        #expect(rows.first.map { ZeekTSVEncoderShim.text($0.value("fc_request")) } == "SELECT")
        #expect(sink.rows("dnp3_control").count == 2)
    }

    @Test func garbageBetweenFramesIsSkippedWithOneWeird() {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = DNP3Analyzer()
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] + Self.frame([0xC0] + Self.selectCROB)
        bytes.withUnsafeBytes { a.deliver($0, isOrig: true, context: ctx) }
        a.finish(context: ctx)
        #expect(sink.weirdNames == ["dnp3_header_lacks_magic"])
        #expect(sink.rows("dnp3_control").count == 1)
    }
}

/// Reads a string log value for assertions.
enum ZeekTSVEncoderShim {
    static func text(_ v: LogValue?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }
}
