import VigilCore

/// S7comm, S7comm-plus and COTP names as ICSNPP-s7comm's consts.zeek spells them (taken from
/// the Wireshark s7comm dissector), so rows compare equal.
public enum S7Names {
    public static let cotpTypes: [UInt8: String] = [
        0x1: "ED Expedited Data", 0x2: "EA Expedited Data Acknowledgement", 0x5: "RJ Reject", 0x6: "AK Data Acknowledgement",
        0x7: "ER TPDU Error", 0x8: "DR Disconnect Request", 0xC: "DC Disconnect Confirm", 0xD: "CC Connection Confirm",
        0xE: "CR Connection Request", 0xF: "DT Data",
    ]
    public static func cotp(_ t: UInt8) -> String { cotpTypes[t] ?? "Unknown COTP PDU-\(Hex.zeek(UInt64(t), minimumWidth: 2))" }

    public static let rosctr: [UInt8: String] = [0x01: "Job-Request", 0x02: "ACK", 0x03: "ACK-Data", 0x07: "User-Data"]

    public static let errorClasses: [UInt8: String] = [
        0x00: "No error", 0x81: "Application relationship error", 0x82: "Object definition error",
        0x83: "No ressources available error", 0x84: "Error on service processing", 0x85: "Error on supplies",
        0x87: "Access error",
    ]
    public static func errorClass(_ c: UInt8) -> String { errorClasses[c] ?? "Unknown error class-\(Hex.zeek(UInt64(c), minimumWidth: 2))" }

    public static let functions: [UInt8: String] = [
        0x00: "CPU Services", 0x04: "Read Variable", 0x05: "Write Variable", 0x1A: "Request Download", 0x1B: "Download Block",
        0x1C: "Download Ended", 0x1D: "Start Upload", 0x1E: "Upload", 0x1F: "End Upload", 0x28: "PLC Control",
        0x29: "PLC Stop", 0xF0: "Setup Communication",
    ]

    public static let userDataGroups: [UInt8: String] = [
        0x00: "Mode-Transition", 0x01: "Programmer Controls", 0x02: "Cyclic Services", 0x03: "Block Functions",
        0x04: "CPU Functions", 0x05: "Security", 0x06: "PBC BSEND-BRECV", 0x07: "Time Functions", 0x0F: "NC Programming",
    ]

    /// User-data function byte: type in the high nibble (4 request, 8 response, 0 push).
    public static func userDataFunction(_ f: UInt8) -> String {
        let group = userDataGroups[f & 0x0F] ?? "unknown"
        switch f & 0xF0 {
        case 0x40: return "Request: " + group
        case 0x80: return "Response: " + group
        case 0x00: return "Push: " + group
        default: return "Unknown: " + group
        }
    }

    public static let subfunctions: [UInt8: [UInt8: String]] = [
        0x00: [
            0x00: "Stop", 0x01: "Warm Restart", 0x02: "Run", 0x03: "Hot Restart", 0x04: "Hold", 0x06: "Cold Restart",
            0x09: "Run_R", 0x0B: "Link-Up", 0x0C: "Update",
        ],
        0x01: [
            0x01: "Block Status", 0x02: "Variable Status", 0x03: "Output ISTACK", 0x04: "Output BSTACK", 0x05: "Output LSTACK",
            0x06: "Time Measurement", 0x07: "Force Selection", 0x08: "Modify Variable", 0x09: "Force", 0x0A: "Breakpoint",
            0x0B: "Exit HOLD", 0x0C: "Memory Reset", 0x0D: "Disable Job", 0x0E: "Enable Job", 0x0F: "Delete Job",
            0x10: "Read Job List", 0x11: "Read Job", 0x12: "Replace Job", 0x13: "Block Status v2", 0x16: "Flash LED",
        ],
        0x02: [
            0x01: "Cyclic Transfer", 0x04: "Unsubscribe", 0x05: "Change Driven Transfer", 0x07: "Change Driven Transfer Modify",
            0x08: "RDREC",
        ],
        0x03: [0x01: "List Blocks", 0x02: "List Blocks of Type", 0x03: "Get Block Info"],
        0x04: [
            0x01: "Read SZL", 0x02: "Message Service", 0x03: "Diagnostic Message", 0x04: "ALARM_8 Indication",
            0x05: "NOTIFY Indication", 0x06: "ALARM_8 Lock", 0x07: "ALARM_8 Unlock", 0x08: "SCAN Indication",
            0x0B: "ALARM_S Indication", 0x0C: "ALARM_SQ Indication", 0x0D: "ALARM Query", 0x0E: "ALARM ACK",
            0x11: "ALARM ACK Indication", 0x12: "ALARM Lock Indication", 0x13: "ALARM Unlock Indication",
            0x16: "NOTIFY_8 Indication",
        ],
        0x05: [0x01: "PLC Password"],
        0x07: [0x01: "Read Clock", 0x02: "Set Clock", 0x03: "Read Clock (Following)", 0x04: "Set Clock (2)"],
    ]

    public static func subfunction(group: UInt8, _ s: UInt8) -> String? {
        guard let table = subfunctions[group] else { return nil }
        return table[s] ?? "unknown"
    }

    public static let methods: [UInt8: String] = [0x11: "Request", 0x12: "Response"]
    public static let returnCodes: [UInt8: String] = [
        0x00: "Reserved", 0x01: "Hardware error", 0x03: "Accessing the bbject not allowed", 0x05: "Invalid address",
        0x06: "Data type not supported", 0x07: "Data type inconsistent", 0x0A: "Object does not exist", 0xFF: "Success",
    ]

    /// An item's return code in a Read Var or Write Var answer, as the Wireshark s7comm
    /// dissector names it (ICSNPP's table above misspells 0x03, and its rows keep that).
    public static func itemReturnCode(_ c: UInt8) -> String {
        c == 0x03 ? "Accessing the object not allowed" : returnCodes[c] ?? "Unknown return code-\(Hex.zeek(UInt64(c), minimumWidth: 2))"
    }

    public static let szlLists: [UInt8: String] = [
        0x00: "List of all the SZL-IDs of a module", 0x11: "Module identification", 0x12: "CPU characteristics",
        0x13: "User memory areas", 0x14: "System areas", 0x15: "Block types", 0x16: "Priority classes",
        0x17: "List of the permitted SDBs with a number < 1000", 0x18: "Maximum S7-300 I/O configuration",
        0x19: "Status of the module LEDs", 0x1C: "Component Identification", 0x21: "Interrupt / error assignment",
        0x22: "Interrupt status", 0x23: "Priority classes", 0x24: "Modes", 0x25: "Assignment between process image partitions and OBs",
        0x31: "Communication capability parameters", 0x32: "Communication status data", 0x33: "Diagnostics: device logon list",
        0x37: "Ethernet - Details of a Module", 0x71: "H CPU group information", 0x74: "Status of the module LEDs",
        0x75: "Switched DP slaves in the H-system", 0x81: "Start information list", 0x82: "Start event list",
        0x91: "Module status information", 0x92: "Rack / station status information", 0x94: "Rack / station status information",
        0x95: "Extended DP master system information", 0x96: "Module status information, PROFINET IO and PROFIBUS DP",
        0xA0: "Diagnostic buffer of the CPU", 0xB1: "Module diagnostic information (data record 0)",
        0xB2: "Module diagnostic information (data record 1), geographical address",
        0xB3: "Module diagnostic information (data record 1), logical address", 0xB4: "Diagnostic data of a DP slave",
    ]

    public static let blockTypes: [String: String] = [
        "08": "Organization Block", "0A": "Data Block", "0B": "System Data Block", "0C": "Function", "0D": "System Function",
        "0E": "Function Block", "0F": "System Function Block",
    ]
    public static let filesystems: [String: String] = ["P": "Passive", "A": "Active"]

    public static let plcControlServices: [String: String] = [
        "_INSE": "Activates a PLC module", "_INS2": "Activates a PLC module",
        "_DELE": "Removes module from the PLC's passive file system", "P_PROGRAM": "PLC Start / Stop",
        "_MODU": "PLC Copy Ram to Rom", "_GARB": "Compress PLC memory", "_N_LOGIN_": "Login", "_N_LOGOUT": "Logout",
    ]

    /// Memory areas of a variable item, by the letters an S7 program addresses them with
    /// (the Wireshark s7comm dissector's names in brackets); the S7-200's own areas by name.
    public static let areas: [UInt8: String] = [
        0x03: "S7-200 system info", 0x05: "S7-200 system flags", 0x06: "S7-200 analog inputs", 0x07: "S7-200 analog outputs",
        0x1C: "C", 0x1D: "T", 0x1E: "S7-200 IEC counters", 0x1F: "S7-200 IEC timers", 0x80: "P", 0x81: "I", 0x82: "Q",
        0x83: "M", 0x84: "DB", 0x85: "DI", 0x86: "L", 0x87: "V",
    ]
    public static func area(_ a: UInt8) -> String { areas[a] ?? "Unknown area-\(Hex.zeek(UInt64(a), minimumWidth: 2))" }

    /// Syntax ids of a variable item's address.
    public static let syntaxIDs: [UInt8: String] = [
        0x10: "S7ANY", 0x13: "PBC-R_ID", 0x15: "ALARM_LOCKFREE", 0x16: "ALARM_IND", 0x19: "ALARM_ACK", 0x1A: "ALARM_QUERYREQ",
        0x1C: "NOTIFY_IND", 0x82: "NCK", 0x83: "NCK-METRIC", 0x84: "NCK-INCH", 0xA2: "DRIVEESANY", 0xB0: "DBREAD", 0xB2: "1200SYM",
    ]
    public static func syntaxID(_ s: UInt8) -> String { syntaxIDs[s] ?? "Unknown syntax-\(Hex.zeek(UInt64(s), minimumWidth: 2))" }

    /// Transport sizes of a variable item (the type of each element it counts).
    public static let transportSizes: [UInt8: String] = [
        0x01: "BIT", 0x02: "BYTE", 0x03: "CHAR", 0x04: "WORD", 0x05: "INT", 0x06: "DWORD", 0x07: "DINT", 0x08: "REAL",
        0x09: "DATE", 0x0A: "TOD", 0x0B: "TIME", 0x0C: "S5TIME", 0x0F: "DATE_AND_TIME", 0x1C: "COUNTER", 0x1D: "TIMER",
        0x1E: "IEC_TIMER", 0x1F: "IEC_COUNTER", 0x20: "HS_COUNTER",
    ]
    public static func transportSize(_ t: UInt8) -> String {
        transportSizes[t] ?? "Unknown transport size-\(Hex.zeek(UInt64(t), minimumWidth: 2))"
    }

    public static let plusOpcodes: [UInt8: String] = [0x31: "Request", 0x32: "Response", 0x33: "Notification"]
    public static let plusFunctions: [UInt16: String] = [
        0x04BB: "Explore", 0x04CA: "Create Object", 0x04D4: "Delete Object", 0x04F2: "Set Variable", 0x0524: "Get Link",
        0x0542: "Set Multi Variables", 0x054C: "Get Multi Variables", 0x0556: "Begin Sequence", 0x0560: "End Sequence",
        0x056B: "Invoke", 0x0586: "Get Variable Sub Streamed",
    ]
}
