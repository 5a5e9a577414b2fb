import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

@Suite struct ENIPParserTests {
    /// Encapsulation header (little-endian) around `body`.
    static func encapsulation(command: UInt16, _ body: [UInt8]) -> [UInt8] {
        [UInt8(command & 0xFF), UInt8(command >> 8), UInt8(body.count & 0xFF), UInt8(body.count >> 8)]
            + [UInt8](repeating: 0, count: 20) + body
    }

    /// ListIdentity reply item: version 1, 10.1.1.164:44818, vendor 1 (Rockwell), type 12,
    /// product 58, revision 4.3, status 0x0030, serial 0x00524d8e, "1756-ENBT/A", state 3.
    static let identityItem: [UInt8] =
        [1, 0, 0, 2, 0xAF, 0x12, 10, 1, 1, 164] + [UInt8](repeating: 0, count: 8) + [
            1, 0, 12, 0, 58, 0, 4, 3, 0x30, 0, 0x8E, 0x4D, 0x52, 0,
        ]
        + [11] + Array("1756-ENBT/A".utf8) + [3]

    @Test func listIdentityItemDecodes() throws {
        let i = try #require(Self.identityItem.withUnsafeBytes { CIPIdentityItem.parse($0) })
        #expect(i.vendorID == 1 && i.deviceType == 12 && i.productCode == 58 && i.revisionMajor == 4 && i.revisionMinor == 3)
        #expect(i.serial == 0x0052_4D8E && i.socketPort == 44818 && i.socketAddress == 0x0A01_01A4 && i.state == 3)
        #expect(String(decoding: i.productName, as: UTF8.self) == "1756-ENBT/A")
        #expect(NumberedNames.cipVendors[1] == "Rockwell Automation/Allen-Bradley")
        #expect(NumberedNames.cipDeviceTypes[12] == "Communications Adapter")
        // A product-name length past the item is refused.
        var bad = Self.identityItem
        bad[32] = 200
        #expect(bad.withUnsafeBytes { CIPIdentityItem.parse($0) } == nil)
    }

    @Test func cipRequestPathAndMultipleServicePacket() throws {
        // Get Attribute List to class 0x01 instance 1; 16-bit class 0x2420 form: 0x21 pad lo hi.
        let single: [UInt8] = [0x03, 0x02, 0x20, 0x01, 0x24, 0x01, 0x01, 0x00, 0x01, 0x00]
        let m = try #require(single.withUnsafeBytes { CIPMessage.parse($0) })
        #expect(m.service == 3 && !m.isResponse && m.classID == 1 && m.instanceID == 1 && m.attributeID == nil)
        let wide: [UInt8] = [0x0E, 0x03, 0x21, 0x00, 0x20, 0x24, 0x24, 0x01]
        #expect(wide.withUnsafeBytes { CIPMessage.parse($0) }?.classID == 0x2420)
        // Multiple Service Packet to the Message Router carrying two requests.
        let embedded2: [UInt8] = [0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07]
        let body: [UInt8] = [2, 0, 6, 0, 6 + UInt8(single.count), 0] + single + embedded2
        let msp: [UInt8] = [0x0A, 0x02, 0x20, 0x02, 0x24, 0x01] + body
        let p = try #require(msp.withUnsafeBytes { CIPMessage.parse($0) })
        #expect(p.embedded.map(\.service) == [0x03, 0x0E])
        #expect(p.embedded[1].attributeID == 7)
        // Offsets pointing past the packet yield no embedded messages rather than a trap.
        var bad = msp
        bad[8] = 0xFF
        #expect(bad.withUnsafeBytes { CIPMessage.parse($0) }?.embedded.count ?? 0 <= 1)
    }

    @Test func analyzerLogsListIdentityAndReportsIdentity() {
        let sink = CollectingSink()
        let ctx = AnalyzerLimitTests.context(sink)
        let a = ENIPAnalyzer(ioOnly: false)
        let reply = Self.encapsulation(command: 0x63, [1, 0, 0x0C, 0, UInt8(Self.identityItem.count), 0] + Self.identityItem)
        // Split delivery: the header arrives in two pieces.
        Array(reply[0..<10]).withUnsafeBytes { a.deliver($0, isOrig: false, context: ctx) }
        Array(reply[10...]).withUnsafeBytes { a.deliver($0, isOrig: false, context: ctx) }
        a.finish(context: ctx)
        #expect(sink.weirdNames.isEmpty)
        #expect(sink.rows("enip").count == 1 && sink.rows("cip_identity").count == 1)
        let identity = sink.events.compactMap { e -> String? in
            if case .identity(_, let field, let value, _) = e { return "\(field.rawValue)=\(value)" }
            return nil
        }
        #expect(identity.contains("vendor=Rockwell Automation/Allen-Bradley") && identity.contains("model=1756-ENBT/A"))
    }
}
