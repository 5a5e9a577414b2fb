/// What a status code came from, as ICSNPP numbers and names the sources
/// (statuscode-diagnostic-source-consts.h): each service's results, and the inner status codes
/// of that service's DiagnosticInfos (the `_DiagInfo` sources).
public enum OPCUAStatusSource: UInt32, Sendable {
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

    public var name: String {
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
public struct OPCUAFoundStatus: Sendable {
    public var source: OPCUAStatusSource
    public var level: Int
    public var code: UInt32

    public init(source: OPCUAStatusSource, level: Int, code: UInt32) {
        self.source = source
        self.level = level
        self.code = code
    }

    /// A service's own results, at level 0.
    public static func results(_ codes: [UInt32], _ source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        codes.map { OPCUAFoundStatus(source: source, level: 0, code: $0) }
    }

    /// A response header's service result and the inner codes of its service diagnostics.
    public static func header(_ h: OPCUAResponseHeader) -> [OPCUAFoundStatus] {
        results([h.serviceResult], .responseHeader) + inner(h.innerStatusCodes, .responseHeaderDiagInfo)
    }

    /// The inner status codes of DiagnosticInfos, at their nesting levels.
    public static func inner(_ codes: [(level: Int, code: UInt32)], _ source: OPCUAStatusSource) -> [OPCUAFoundStatus] {
        codes.map { OPCUAFoundStatus(source: source, level: $0.level, code: $0.code) }
    }
}
