import VigilCore

/// Texts ICSNPP-modbus writes in its logs (scripts/consts.zeek and main.zeek), spelled as it
/// spells them so its logs and Vigil's agree.
public enum ModbusICSNPPNames {
    /// FC 8 sub-functions (spec §6.8); others are `unknown-N`.
    public static func diagnostic(_ subfunction: UInt16) -> String {
        switch subfunction {
        case 0x00: "Return Query Data"
        case 0x01: "Restart Communications Option"
        case 0x02: "Return Diagnostic Register"
        case 0x03: "Change ASCII Input Delimiter"
        case 0x04: "Force Listen Only Mode"
        case 0x0A: "Clear Counters and Diagnostic Register"
        case 0x0B: "Return Bus Message Count"
        case 0x0C: "Return Bus Communication Error Count"
        case 0x0D: "Return Bus Exception Error Count"
        case 0x0E: "Return Server Message Count"
        case 0x0F: "Return Server No Response Count"
        case 0x10: "Return Server NAK Count"
        case 0x11: "Return Server Busy Count"
        case 0x12: "Return Bus Character Overrun Count"
        case 0x14: "Clear Overrun Counter and Flag"
        default: "unknown-\(subfunction)"
        }
    }

    /// modbus_detailed.log's `mei_type`: what an FC 43 request or response carries. The two
    /// directions word an unknown type differently (a response's "ox" included), as ICSNPP does.
    public static func meiType(_ mei: UInt8, isOrig: Bool) -> String {
        switch mei {
        case 0x0D: "CANopen"
        case 0x0E: "Read Device Identification"
        default:
            isOrig
                ? "invalid encapsulated interface transport mei-(\(Hex.prefixed(UInt64(mei), width: 2)))"
                : "unknown encapsulated interface transport mei-(ox\(Hex.byte(mei)))"
        }
    }

    /// A Read Device Identification response's conformity level (spec §6.21).
    public static func conformityLevel(_ level: UInt8) -> String {
        switch level {
        case 0x01: "Basic Identification (Stream)"
        case 0x02: "Regular Identification (Stream)"
        case 0x04: "Extended Identification (Stream)"
        case 0x81: "Basic Identification (Stream, Individual)"
        case 0x82: "Regular Identification (Stream, Individual)"
        case 0x83: "Extended Identification (Stream, Individual)"
        default: "Unknown"
        }
    }

    /// A response object's name (spec §6.21 table of object ids).
    public static func deviceObject(_ id: UInt8) -> String {
        switch id {
        case 0x00: "VendorName"
        case 0x01: "ProductCode"
        case 0x02: "MajorMinorVersion"
        case 0x03: "VendorURL"
        case 0x04: "ProductName"
        case 0x05: "ModelName"
        case 0x06: "UserApplicationName"
        default: "Unknown"
        }
    }

    /// A request's `object_id`: ICSNPP names the requested object id through its table of read
    /// device id codes, so object 0 reads "Basic Device Identification".
    public static func requestedObject(_ id: UInt8) -> String {
        switch id {
        case 0x00: "Basic Device Identification"
        case 0x01: "Regular Device Identification"
        case 0x02: "Extended Device Identification"
        case 0x03: "Specific Device Identification"
        default: "Unknown"
        }
    }
}
