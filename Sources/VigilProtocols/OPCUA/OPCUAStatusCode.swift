import VigilCore

/// A StatusCode (IEC 62541-4 §7.39) taken apart into the bit fields ICSNPP's
/// status_code_detail log writes: severity (bits 30-31), sub-code (16-27), structure and
/// semantics changed (15, 14), info type (10-11) and, for DataValue info, limit (8-9),
/// overflow (7) and historian bits (0-4).
struct OPCUAStatusCode {
    var raw: UInt32

    static let names = NumberedNames(OPCUAStatusNames.text)
    static let severityNames = ["Severity_Good", "Severity_Uncertain", "Severity_Bad"]
    static let infoTypeNames = ["InfoType_NotUsed", "InfoType_DataValue"]
    static let limitNames = ["LimitBits_None", "LimitBits_Low", "LimitBits_High", "LimitBits_Constant"]
    static let historianNames = ["HistorianBits_Raw", "HistorianBits_Calculated", "HistorianBits_Interpolated"]

    var severity: UInt32 { raw >> 30 }
    var subCode: UInt32 { (raw & 0x0FFF_0000) >> 16 }
    var structureChanged: Bool { raw & 0x8000 != 0 }
    var semanticsChanged: Bool { raw & 0x4000 != 0 }
    var infoType: UInt32 { (raw & 0x0C00) >> 10 }
    var limitBits: UInt32 { (raw & 0x0300) >> 8 }
    var overflow: Bool { raw & 0x80 != 0 }
    var historianBits: UInt32 { raw & 0x03 }
    var historianPartial: Bool { raw & 0x04 != 0 }
    var historianExtraData: Bool { raw & 0x08 != 0 }
    var historianMultiValue: Bool { raw & 0x10 != 0 }

    /// The code's symbolic name from StatusCode.csv. The table's codes carry severity and
    /// sub-code only, so the low 16 (flag) bits are masked off first, as ICSNPP does.
    var name: String? { Self.names[raw & 0xFFFF_0000] }

    var hex: String { Hex.prefixed(UInt64(raw), width: 8) }

    static func name(_ list: [String], _ i: UInt32) -> String { Int(i) < list.count ? list[Int(i)] : "Reserved" }
}

/// What a status code came from, as ICSNPP numbers and names the sources
/// (statuscode-diagnostic-source-consts.h): each service's results, and the inner status codes
/// of that service's DiagnosticInfos (the `_DiagInfo` sources).
enum OPCUAStatusSource: UInt32 {
    case responseHeader = 0
    case responseHeaderDiagInfo = 1
    case browse = 2
    case browseDiagInfo = 3
    case activateSession = 4
    case activateSessionDiagInfo = 5
    case read = 6
    case readDiagInfo = 7
    case createMonitoredItems = 8
    case createMonitoredItemsDiagInfo = 9
    case variant = 16
    case variantDiagInfo = 17
    case write = 18
    case writeDiagInfo = 19

    var name: String {
        switch self {
        case .responseHeader: return "ResponseHeader"
        case .responseHeaderDiagInfo: return "ResponseHeader_DiagInfo"
        case .browse: return "Browse"
        case .browseDiagInfo: return "Browse_DiagInfo"
        case .activateSession: return "ActivateSession"
        case .activateSessionDiagInfo: return "ActivateSession_DiagInfo"
        case .read: return "Read"
        case .readDiagInfo: return "Read_DiagInfo"
        case .createMonitoredItems: return "CreateMonitoredItems"
        case .createMonitoredItemsDiagInfo: return "CreateMonitoredItems_DiagInfo"
        case .variant: return "Variant"
        case .variantDiagInfo: return "Variant_DiagInfo"
        case .write: return "Write"
        case .writeDiagInfo: return "Write_DiagInfo"
        }
    }
}

/// A status code found in a message, with where it came from and how deep in nested
/// DiagnosticInfos it sat (0 for a service's own result).
struct OPCUAFoundStatus {
    var source: OPCUAStatusSource
    var level: Int
    var code: UInt32

    /// A service's own results, at level 0.
    static func results(_ codes: [UInt32], _ source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        codes.map { OPCUAFoundStatus(source: source, level: 0, code: $0) }
    }

    /// The inner status codes of DiagnosticInfos, at their nesting levels.
    static func inner(_ codes: [(level: Int, code: UInt32)], _ source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        codes.map { OPCUAFoundStatus(source: source, level: $0.level, code: $0.code) }
    }
}
