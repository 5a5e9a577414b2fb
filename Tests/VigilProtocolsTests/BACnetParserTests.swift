import Testing
import VigilCore

@testable import VigilProtocols
@testable import VigilSensor

@Suite struct BACnetParserTests {
    /// BVLC Original-Unicast-NPDU (0x81 0x0a, length) + NPDU version 1, control 0x04 + APDU.
    static func unicast(_ apdu: [UInt8]) -> [UInt8] {
        let n = 4 + 2 + apdu.count
        return [0x81, 0x0A, UInt8(n >> 8), UInt8(n & 0xFF), 0x01, 0x04] + apdu
    }

    /// I-Am from device 108: object id (app tag 12) device:108, max APDU 1476 (app 2),
    /// segmentation both (app 9 = 0), vendor 42 (app 2).
    static let iAm: [UInt8] = [0x10, 0x00, 0xC4, 0x02, 0x00, 0x00, 0x6C, 0x22, 0x05, 0xC4, 0x91, 0x00, 0x21, 0x2A]

    /// ReadProperty-ACK, invoke 7: analog-input 1 [0], units (117) [1], value {enumerated 62} [3].
    static let unitsAck: [UInt8] = [0x30, 0x07, 0x0C, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x19, 0x75, 0x3E, 0x91, 0x3E, 0x3F]

    static func text(_ r: LogRecord, _ field: String) -> String? {
        switch r.value(field) {
        case .string(let s)?: return s
        case .count(let n)?: return String(n)
        default: return nil
        }
    }

    static func run(_ datagrams: [[UInt8]], isOrig: Bool = false) -> CollectingSink {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = BACnetAnalyzer()
        for d in datagrams { d.withUnsafeBytes { a.deliver($0, isOrig: isOrig, context: ctx) } }
        a.finish(context: ctx)
        return sink
    }

    @Test func tagsDecodeShortExtendedAndBracketed() throws {
        // app unsigned 1 byte; context 1 with extended length 5 (0x1D 0x05 ...); opening/closing 3.
        let bytes: [UInt8] = [0x21, 0x2A, 0x1D, 0x05, 1, 2, 3, 4, 5, 0x3E, 0x11, 0x3F]
        var tags: [BACnetTag] = [BACnetTag(number: 9, isContext: true, kind: .data, lengthValue: 0, start: 0, end: 0)]
        #expect(bytes.withUnsafeBytes { BACnetTag.readAll($0, limit: 10, into: &tags) })
        // The array is emptied first: the stale tag above is gone.
        #expect(tags.map(\.kind) == [.data, .data, .opening, .data, .closing])
        #expect(tags[1].isContext && tags[1].number == 1 && tags[1].end - tags[1].start == 5)
        #expect(tags[3].number == 1 && !tags[3].isContext && tags[3].lengthValue == 1)  // boolean true
        // A length past the end, and a tag count over the limit, are refused.
        #expect(![UInt8]([0x1D, 0x09, 1, 2]).withUnsafeBytes { BACnetTag.readAll($0, limit: 10, into: &tags) })
        #expect(![UInt8](repeating: 0x00, count: 11).withUnsafeBytes { BACnetTag.readAll($0, limit: 10, into: &tags) })
        // Extended length of 254 is followed by a 16-bit length that here overruns.
        #expect(![UInt8]([0x65, 0xFE, 0xFF, 0xFF]).withUnsafeBytes { BACnetTag.readAll($0, limit: 10, into: &tags) })
    }

    @Test func valuesFollowICSNPPNotation() throws {
        func value(_ bytes: [UInt8]) -> String? {
            bytes.withUnsafeBytes { b in BACnetTag.read(b, at: 0).flatMap { BACnetValue.text($0.0, b, maxBytes: 100) } }
        }
        #expect(value([0x44, 0x42, 0xC8, 0x00, 0x00]) == "100.000000")  // real 100.0
        #expect(value([0x32, 0xFE, 0x20]) == "-480")  // signed 16-bit
        #expect(value([0x75, 0x04, 0x00, 0x42, 0x45, 0x43]) == "BEC")  // UTF-8 string
        #expect(value([0x82, 0x04, 0x40]) == "FTFFFFFF")  // bit string, 4 unused bits
        #expect(value([0xA4, 0x69, 0x05, 0x14, 0x05]) == "5/20/2005")  // date
        #expect(value([0xB4, 0x08, 0x1B, 0x0E, 0x00]) == "8:27:14.0")  // time
        #expect(value([0xC4, 0x00, 0x40, 0x00, 0x65]) == "analog-output: 101")  // object id
        #expect(value([0x00]) == nil)  // Null
        #expect(value([0x11]) == "true")
    }

    @Test func iAmGoesToDiscoveryAndInventory() throws {
        let sink = Self.run([Self.unicast(Self.iAm)], isOrig: true)
        let header = try #require(sink.rows("bacnet").first)
        #expect(Self.text(header, "bvlc_function") == "Original_Unicast_NPDU" && Self.text(header, "pdu_service") == "i_am")
        #expect(Self.text(header, "invoke_id") == nil)
        let d = try #require(sink.rows("bacnet_discovery").first)
        #expect(Self.text(d, "object_type") == "device" && Self.text(d, "instance_number") == "108")
        #expect(Self.text(d, "vendor") == "Acuity Brands Lighting, Inc.")
        let identities = sink.events.compactMap { e -> String? in
            if case .identity(_, .vendor, let v, _) = e { return v }
            return nil
        }
        #expect(identities == ["Acuity Brands Lighting, Inc."])
    }

    @Test func enumeratedPropertyIsNamed() throws {
        let sink = Self.run([Self.unicast(Self.unitsAck)])
        let p = try #require(sink.rows("bacnet_property").first)
        #expect(Self.text(p, "pdu_service") == "read-property-ack" && Self.text(p, "property") == "units")
        #expect(Self.text(p, "value") == "degrees-celsius" && Self.text(p, "invoke_id") == "7")
    }

    @Test func segmentedAckIsReassembledAndLoggedOnce() throws {
        // ComplexACK segmented (0x3C = type 3, SEG, MOR), invoke 9, seq 0, window 2, service 12.
        let body = [UInt8](Self.unitsAck[3...])  // the service data of the units ACK
        let first: [UInt8] = [0x3C, 0x09, 0x00, 0x02, 0x0C] + body[0..<5]
        let last: [UInt8] = [0x38, 0x09, 0x01, 0x02, 0x0C] + body[5...]
        let sink = Self.run([Self.unicast(first), Self.unicast(last)])
        #expect(sink.rows("bacnet").count == 1)
        #expect(sink.rows("bacnet_property").map { Self.text($0, "value") } == ["degrees-celsius"])
        // Out of order: the second segment alone is dropped with a weird.
        let lone = Self.run([Self.unicast(last)])
        #expect(lone.rows("bacnet_property").isEmpty && lone.weirdNames.contains("bacnet_segment_out_of_order"))
    }

    @Test func errorRejectAbortAndMalformedInput() throws {
        // Error PDU for ReinitializeDevice (20): class security (enum 2), code password-failure (26).
        let error = Self.run([Self.unicast([0x50, 0x01, 0x14, 0x91, 0x02, 0x91, 0x1A])])
        let e = try #require(error.rows("bacnet").first)
        #expect(Self.text(e, "pdu_type") == "ERROR_PDU" && Self.text(e, "result_code") == "password-failure")
        let reject = Self.run([Self.unicast([0x60, 0x3A, 0x09])])
        #expect(reject.rows("bacnet").first.flatMap { Self.text($0, "result_code") } == "unrecognized-service")
        // Truncated BVLC, wrong NPDU version, an APDU type past 7, a tag overrun: weirds, no rows lost.
        let bad = Self.run([
            [0x81, 0x0A], [0x81, 0x0A, 0x00, 0x06, 0x02, 0x00], Self.unicast([0x90, 0x00]),
            Self.unicast([0x10, 0x00, 0xC4, 0x02]), Self.unicast(Self.iAm),
        ])
        #expect(bad.weirdNames.contains("bacnet_malformed_bvlc") && bad.weirdNames.contains("bacnet_malformed_npdu"))
        #expect(bad.weirdNames.contains("bacnet_invalid_apdu_type") && bad.weirdNames.contains("bacnet_malformed_tag"))
        #expect(bad.rows("bacnet_discovery").count == 1)
        // A BVLC length that disagrees with the datagram is named but the datagram still decoded.
        var short = Self.unicast(Self.iAm)
        short[3] = 10
        let mismatch = Self.run([short])
        #expect(mismatch.weirdNames.contains("bacnet_length_mismatch") && mismatch.rows("bacnet_discovery").count == 1)
    }

    @Test func detectionNeedsBVLCAndNPDU() {
        #expect(Self.unicast(Self.iAm).withUnsafeBytes { BACnetAnalyzer.looksLikeBVLC($0) })
        #expect(![UInt8]([0x81, 0x0A, 0x00, 0x20, 0x02, 0x00]).withUnsafeBytes { BACnetAnalyzer.looksLikeBVLC($0) })
        #expect(![UInt8]([0x82, 0x0A, 0x00, 0x04]).withUnsafeBytes { BACnetAnalyzer.looksLikeBVLC($0) })
    }
}

/// Rows copy BACnet's names unescaped (`LogName`): every fixed table must hold only plain
/// names (release builds do not check literals), and registry names that are not plain
/// must still reach the log, as strings.
@Suite struct BACnetNameTableTests {
    @Test func fixedTablesHoldPlainNames() {
        let tables: [[LogName]] = [
            BACnetNames.bvlcFunctions, BACnetNames.apduTypes, BACnetNames.confirmedServices, BACnetNames.unconfirmedServices,
            BACnetNames.networkMessages, BACnetNames.enableDisable, BACnetNames.reinitializedStates,
            Array(BACnetNames.bvlcResults.values),
            [12, 14, 15, 26].flatMap { s in [true, false].compactMap { BACnetLogWriter.propertyService(s, isAck: $0) } },
        ]
        for name in tables.joined() { #expect(LogName.isPlain(name.text), "\(name)") }
    }

    @Test func registryNamesBecomeFieldsWhateverTheirText() {
        let names = NumberedNames("1\tplain name\n2\tsays \"hi\"\n")
        if case .name(let n) = names.field(1, unknown: { "?" }) { #expect(n.string == "plain name") } else { Issue.record("1 is plain") }
        if case .string(let s) = names.field(2, unknown: { "?" }) { #expect(s == "says \"hi\"") } else { Issue.record("2 is quoted") }
        if case .string(let s) = names.field(3, unknown: { "Unknown-3" }) { #expect(s == "Unknown-3") } else { Issue.record("3 is absent") }
    }

    @Test func objectTypesAndPropertiesKeepICSNPPNames() {
        #expect(BACnetNames.objectType(8) == "device")
        #expect(BACnetNames.property(121) == "vendor-name")
        #expect(BACnetNames.objectType(200) == "Vendor Specific (200)")
        #expect(BACnetNames.property(312) == "Unknown Property-0x138")
    }
}
