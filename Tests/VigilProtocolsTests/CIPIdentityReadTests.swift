import Testing
import VigilCore
import VigilEvents

@testable import VigilProtocols

/// The Identity object read by explicit messaging (CIP Vol. 1 §5-2): requests are remembered
/// until their reply, which becomes identity; replies nobody asked for are not.
@Suite struct CIPIdentityReadTests {
    /// SendRRData (0x6F): interface handle, timeout, two items (null address, unconnected data).
    static func sendRRData(_ cip: [UInt8]) -> [UInt8] {
        ENIPParserTests.encapsulation(
            command: 0x6F, [0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0xB2, 0, UInt8(cip.count), 0] + cip)
    }

    /// Get_Attributes_All to class 1 instance 1.
    static let getAll: [UInt8] = [0x01, 0x02, 0x20, 0x01, 0x24, 0x01]
    /// Get_Attribute_Single of attribute 7 (product name).
    static let getName: [UInt8] = [0x0E, 0x03, 0x20, 0x01, 0x24, 0x01, 0x30, 0x07]
    /// Reply data as cpppo's ControlLogix answers: vendor 1, type 14, code 166, 33.11, status,
    /// serial 0x60c0ffee, "1756-L83E", then state and more attributes.
    static let allData: [UInt8] =
        [1, 0, 14, 0, 166, 0, 33, 11, 0x60, 0x31, 0xEE, 0xFF, 0xC0, 0x60, 9] + Array("1756-L83E".utf8) + [0xFF, 0, 0, 0]
    static func reply(_ service: UInt8, _ data: [UInt8], status: UInt8 = 0) -> [UInt8] { [service | 0x80, 0, status, 0] + data }

    static func identity(_ sink: CollectingSink) -> [String] {
        sink.events.compactMap { e in
            guard case .identity(_, let field, let value, let evidence) = e else { return nil }
            return "\(field.rawValue)=\(value) [\(evidence)]"
        }
    }

    @Test func getAttributesAllNamesTheDevice() {
        let (sink, send) = AnalyzerLimitTests.feed(ENIPAnalyzer(ioOnly: false))
        send(Self.sendRRData(Self.getAll), true)
        send(Self.sendRRData(Self.reply(0x01, Self.allData)), false)
        #expect(
            Self.identity(sink) == [
                "vendor=Rockwell Automation/Allen-Bradley [cip Get_Attributes_All Identity vendor id 1]",
                "product=Programmable Logic Controller [cip Get_Attributes_All Identity device type 14]",
                "model=1756-L83E [cip Get_Attributes_All Identity product name]",
                "firmware=33.11 [cip Get_Attributes_All Identity revision]",
                "serial=0x60c0ffee [cip Get_Attributes_All Identity serial]",
            ])
        #expect(sink.events.contains { if case .role(_, "plc") = $0 { return true } else { return false } })
    }

    @Test func getAttributeSingleGivesTheOneAttribute() {
        let (sink, send) = AnalyzerLimitTests.feed(ENIPAnalyzer(ioOnly: false))
        send(Self.sendRRData(Self.getName), true)
        send(Self.sendRRData(Self.reply(0x0E, [9] + Array("1756-L83E".utf8))), false)
        #expect(Self.identity(sink) == ["model=1756-L83E [cip Get_Attribute_Single Identity product name]"])
    }

    @Test func aRoutedReadInsideUnconnectedSendIsFollowed() {
        let (sink, send) = AnalyzerLimitTests.feed(ENIPAnalyzer(ioOnly: false))
        // Unconnected_Send to the Connection Manager: tick, timeout, size, message, pad, route.
        let routed: [UInt8] = [0x52, 0x02, 0x20, 0x06, 0x24, 0x01, 0x0A, 0x05, UInt8(Self.getAll.count), 0] + Self.getAll + [1, 0, 1, 0]
        send(Self.sendRRData(routed), true)
        send(Self.sendRRData(Self.reply(0x01, Self.allData)), false)
        #expect(Self.identity(sink).count == 5)
    }

    @Test func unaskedFailedOrShortRepliesGiveNothing() {
        let (sink, send) = AnalyzerLimitTests.feed(ENIPAnalyzer(ioOnly: false))
        // No request: a Get_Attributes_All reply alone could be of any class.
        send(Self.sendRRData(Self.reply(0x01, Self.allData)), false)
        // An error status.
        send(Self.sendRRData(Self.getAll), true)
        send(Self.sendRRData(Self.reply(0x01, [], status: 0x08)), false)
        // A reply cut short of the fixed attributes, then another class's Get_Attributes_All.
        send(Self.sendRRData(Self.getAll), true)
        send(Self.sendRRData(Self.reply(0x01, Array(Self.allData.prefix(9)))), false)
        send(Self.sendRRData([0x01, 0x02, 0x20, 0xA1, 0x24, 0x01]), true)
        send(Self.sendRRData(Self.reply(0x01, Self.allData)), false)
        #expect(Self.identity(sink).isEmpty)
        #expect(sink.weirdNames.isEmpty)
    }
}
