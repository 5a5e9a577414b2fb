import Foundation
import Testing
import VigilCore

@testable import VigilCapture

/// Builds small capture files byte by byte and reads them back.
@Suite struct CaptureReaderTests {
    static func temp(_ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "vigil-\(UUID().uuidString).cap"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    static func be32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    static func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }

    static func pcap(bigEndian: Bool, nano: Bool, records: [(UInt32, UInt32, [UInt8])], link: UInt32 = 1) -> [UInt8] {
        let w = bigEndian ? be32 : le32
        var b = w(nano ? 0xA1B2_3C4D : 0xA1B2_C3D4)
        b += bigEndian ? [0, 2, 0, 4] : [2, 0, 4, 0]
        b += w(0) + w(0) + w(65535) + w(link)
        for (s, f, data) in records { b += w(s) + w(f) + w(UInt32(data.count)) + w(UInt32(data.count)) + data }
        return b
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func pcapBothByteOrdersAndResolutions(bigEndian: Bool, nano: Bool) throws {
        let path = Self.temp(Self.pcap(bigEndian: bigEndian, nano: nano, records: [(100, 5, [1, 2, 3]), (101, 7, [4])]))
        var r = try CaptureFile.open(path: path)
        let p1 = try #require(try r.next())
        #expect(p1.timestamp.nanoseconds == 100_000_000_000 + (nano ? 5 : 5000))
        #expect(Array(p1.data) == [1, 2, 3] && p1.linkType == .ethernet)
        let p2 = try #require(try r.next())
        #expect(Array(p2.data) == [4])
        #expect(try r.next() == nil)
    }

    @Test func truncatedRecordNamesTheByteOffset() throws {
        var bytes = Self.pcap(bigEndian: false, nano: false, records: [(1, 0, [9, 9]), (2, 0, [1, 2, 3, 4])])
        bytes.removeLast(2)  // second record's data cut short
        var r = try CaptureFile.open(path: Self.temp(bytes))
        #expect(try r.next() != nil)  // what precedes the fault is delivered
        do {
            _ = try r.next()
            Issue.record("expected an error")
        } catch let e as VigilError {
            #expect(e.code == .truncatedCapture)
            let expectedOffset: Int64 = 24 + 16 + 2  // file header + first record header + its data
            #expect(e.offset == expectedOffset)
        }
    }

    @Test func oversizedRecordLengthIsRejectedBeforeAllocation() throws {
        var bytes = Self.pcap(bigEndian: false, nano: false, records: [])
        bytes += Self.le32(1) + Self.le32(0) + Self.le32(262_145) + Self.le32(262_145)
        var r = try CaptureFile.open(path: Self.temp(bytes))
        do {
            _ = try r.next()
            Issue.record("expected an error")
        } catch let e as VigilError {
            // The offset is the record's first byte, as for a truncation; the field is named
            // with its own byte.
            #expect(e.code == .corruptCapture)
            #expect(e.offset == 24)
            #expect(e.field == VigilError.Field("incl_len", at: 32))
            #expect(e.description.contains("byte 24: field incl_len at byte 32: record length 262145"))
        }
        // At the limit it is a (truncated) record, not a corrupt length.
        var atLimit = Self.pcap(bigEndian: false, nano: false, records: [])
        atLimit += Self.le32(1) + Self.le32(0) + Self.le32(262_144) + Self.le32(262_144) + [UInt8](repeating: 0, count: 262_144)
        var r2 = try CaptureFile.open(path: Self.temp(atLimit))
        #expect(try r2.next()?.data.count == 262_144)
    }

    @Test func anOSDPTraceIsNamedForWhatItIs() throws {
        let line = #"{"timeSec": 1700000000, "timeNano": 5, "io": "input", "data": "ff53 65 08 00 04 60 00 00"}"#
        let path = Self.temp(Array((line + "\n").utf8))
        do {
            _ = try CaptureFile.open(path: path)
            Issue.record("expected an error")
        } catch let e as VigilError {
            #expect(e.code == .unsupportedCapture)
            #expect(e.description.contains("OSDP trace"))
            #expect(e.description.contains("vigil osdp monitor --osdpcap"))
        }
    }

    @Test func sniffTellsCapturesTracesTextAndBinaryApart() {
        #expect(CaptureFormat.sniff(Self.pcap(bigEndian: false, nano: true, records: [])) == .pcap)
        #expect(CaptureFormat.sniff(Self.pcap(bigEndian: true, nano: false, records: [])) == .pcap)
        #expect(CaptureFormat.sniff([0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0]) == .pcapng)
        #expect(CaptureFormat.sniff(Array(#"{"timeSec":1,"timeNano":0,"data":"53"}"#.utf8)) == .osdpTrace)
        #expect(CaptureFormat.sniff(Array("# Vigil\nmore".utf8)) == .text(firstLine: "# Vigil"))
        #expect(CaptureFormat.sniff([0x7F, 0x45, 0x4C, 0x46, 0, 1]) == .unknown(magic: 0x7F45_4C46))
        #expect(CaptureFormat.sniff([]) == .unknown(magic: 0))
    }

    @Test func notACaptureIsAClearError() throws {
        #expect(throws: VigilError.self) { try CaptureFile.open(path: Self.temp(Array("hello world, not a pcap".utf8))) }
        #expect(throws: VigilError.self) { try CaptureFile.open(path: Self.temp([])) }
    }

    /// pcapng: SHB, two IDBs (µs default; if_tsresol 10^-9), one EPB on each, an SPB, and a
    /// second section with its own interface table.
    @Test func pcapngInterfacesResolutionsAndSections() throws {
        func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
            var b = body
            while b.count % 4 != 0 { b.append(0) }
            let len = UInt32(b.count + 12)
            return Self.le32(type) + Self.le32(len) + b + Self.le32(len)
        }
        let shb = block(0x0A0D_0D0A, Self.le32(0x1A2B_3C4D) + Self.le16(1) + Self.le16(0) + [UInt8](repeating: 0xFF, count: 8))
        let idbMicro = block(1, Self.le16(1) + Self.le16(0) + Self.le32(0))
        let idbNano = block(
            1, Self.le16(101) + Self.le16(0) + Self.le32(0) + Self.le16(9) + Self.le16(1) + [9, 0, 0, 0] + Self.le16(0) + Self.le16(0))
        func epb(_ iface: UInt32, _ units: UInt64, _ data: [UInt8]) -> [UInt8] {
            block(
                6,
                Self.le32(iface) + Self.le32(UInt32(units >> 32)) + Self.le32(UInt32(units & 0xFFFF_FFFF)) + Self.le32(UInt32(data.count))
                    + Self.le32(UInt32(data.count)) + data)
        }
        let spb = block(3, Self.le32(3) + [7, 7, 7])
        let file = shb + idbMicro + idbNano + epb(0, 1_500_000, [1]) + epb(1, 2_000_000_123, [0x45]) + spb + shb + idbNano + epb(0, 5, [2])
        var r = try CaptureFile.open(path: Self.temp(file))
        let a = try #require(try r.next())
        #expect(a.timestamp.nanoseconds == 1_500_000_000 && a.linkType == .ethernet)
        let b = try #require(try r.next())
        #expect(b.timestamp.nanoseconds == 2_000_000_123 && b.linkType == .raw)
        let c = try #require(try r.next())
        #expect(Array(c.data) == [7, 7, 7])
        let d = try #require(try r.next())  // new section: interface 0 is now the nanosecond one
        #expect(d.timestamp.nanoseconds == 5 && d.linkType == .raw)
        #expect(try r.next() == nil)
    }

    /// pcapng errors name the block's first byte and the field at fault, like pcap's.
    @Test func pcapngBadBlockLengthNamesTheBlockAndTheField() throws {
        var shb = Self.le32(0x0A0D_0D0A) + Self.le32(28) + Self.le32(0x1A2B_3C4D) + Self.le16(1) + Self.le16(0)
        shb += [UInt8](repeating: 0xFF, count: 8) + Self.le32(28)
        let bad = Self.le32(6) + Self.le32(13) + [UInt8](repeating: 0, count: 8)  // 13: not a multiple of 4
        var r = try CaptureFile.open(path: Self.temp(shb + bad))
        do {
            _ = try r.next()
            Issue.record("expected an error")
        } catch let e as VigilError {
            #expect(e.offset == 28)
            #expect(e.field == VigilError.Field("block total length", at: 32))
        }
    }
}
