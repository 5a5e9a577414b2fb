import VigilCore
import VigilEvents

/// A StatusCode (IEC 62541-4 §7.39) taken apart into the bit fields ICSNPP's
/// status_code_detail log writes: severity (bits 30-31), sub-code (16-27), structure and
/// semantics changed (15, 14), info type (10-11) and, for DataValue info, limit (8-9),
/// overflow (7) and historian bits (0-4).
public struct OPCUAStatusCode {
    public var raw: UInt32

    public init(raw: UInt32) { self.raw = raw }

    public static let names = NumberedNames(OPCUAStatusNames.text)
    public static let severityNames = ["Severity_Good", "Severity_Uncertain", "Severity_Bad"]
    public static let infoTypeNames = ["InfoType_NotUsed", "InfoType_DataValue"]
    public static let limitNames = ["LimitBits_None", "LimitBits_Low", "LimitBits_High", "LimitBits_Constant"]
    public static let historianNames = ["HistorianBits_Raw", "HistorianBits_Calculated", "HistorianBits_Interpolated"]

    public var severity: UInt32 { raw >> 30 }
    public var subCode: UInt32 { (raw & 0x0FFF_0000) >> 16 }
    public var structureChanged: Bool { raw & 0x8000 != 0 }
    public var semanticsChanged: Bool { raw & 0x4000 != 0 }
    public var infoType: UInt32 { (raw & 0x0C00) >> 10 }
    public var limitBits: UInt32 { (raw & 0x0300) >> 8 }
    public var overflow: Bool { raw & 0x80 != 0 }
    public var historianBits: UInt32 { raw & 0x03 }
    public var historianPartial: Bool { raw & 0x04 != 0 }
    public var historianExtraData: Bool { raw & 0x08 != 0 }
    public var historianMultiValue: Bool { raw & 0x10 != 0 }

    /// The code's symbolic name from StatusCode.csv. The table's codes carry severity and
    /// sub-code only, so the low 16 (flag) bits are masked off first, as ICSNPP does.
    public var name: String? { Self.names[raw & 0xFFFF_0000] }

    public var hex: String { Hex.prefixed(UInt64(raw), width: 8) }

    public static func name(_ list: [String], _ i: UInt32) -> String { Int(i) < list.count ? list[Int(i)] : "Reserved" }
}
