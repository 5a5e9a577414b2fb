import VigilCore

/// EtherNet/IP and CIP names as ICSNPP-enip's consts.zeek spells them (CIP Vol. 1 Appendix
/// A and Vol. 2 §2-3), so rows compare equal. Vendor and device-type names are generated
/// (OTRegistry).
public enum ENIPNames {
    public static let commands: [UInt16: String] = [
        0x00: "NOP", 0x04: "List Services", 0x63: "List Identity", 0x64: "List Interfaces", 0x65: "Register Session",
        0x66: "Unregister Session", 0x6F: "Send RR Data", 0x70: "Send Unit Data", 0x72: "Indicate Status", 0x73: "Cancel",
    ]

    public static let statuses: [UInt32: String] = [
        0x00: "Success", 0x01: "Invalid/Unsupported Command", 0x02: "Insufficient Memory Resources",
        0x03: "Malformed or Incorrect Data", 0x64: "Invalid Session Handle", 0x65: "Invalid Length",
        0x69: "Unsupported Protocol Version", 0x6A: "CIP Service Not Allowed",
    ]
    public static func status(_ s: UInt32) -> String { statuses[s] ?? "Unknown ENIP Status-\(Hex.zeek(UInt64(s), minimumWidth: 2))" }

    public static let cipStatuses: [String] = [
        "Success", "Connection Failure", "Resource Unavailable", "Invalid Parameter Value", "Path Segment Error",
        "Path Destination Unknown", "Partial Transfer", "Connection Lost", "Service Not Supported", "Invalid Attribute Value",
        "Attribute List Error", "Already In Requested Mode/State", "Object State Conflict", "Object Already Exists",
        "Attribute Not Settable", "Privilege Violation", "Device State Conflict", "Reply Data Too Large",
        "Fragmentation Of A Primitive Value", "Not Enough Data", "Attribute Not Supported", "Too Much Data",
        "Object Does Not Exist", "Service Fragmentation Sequence Not In Progress", "No Stored Attribute Data",
        "Store Operation Failure", "Routing Failure, Request Packet Too Large", "Routing Failure, Response Packet Too Large",
        "Missing Attribute List Entry Data", "Invalid Attribute Value List", "Embedded Service Error", "Vendor Specific Error",
        "Invalid Parameter", "Write-Once Value Or Medium Already Written", "Invalid Reply Received", "Buffer Overflow",
        "Invalid Message Format", "Key Failure In Path", "Path Size Invalid", "Unexpected Attribute In List",
        "Invalid Member ID", "Member Not Settable", "Group 2 Only Server General Failure", "Unknown Modbus Error",
        "Attribute Not Gettable",
    ]
    public static func cipStatus(_ s: UInt8) -> String {
        if Int(s) < cipStatuses.count { return cipStatuses[Int(s)] }
        return s == 0xFF ? "Still Processing" : "Unknown CIP Status-\(Hex.zeek(UInt64(s), minimumWidth: 2))"
    }

    public static let services: [UInt8: String] = [
        0x01: "Get Attributes All", 0x02: "Set Attributes All", 0x03: "Get Attribute List", 0x04: "Set Attribute List",
        0x05: "Reset", 0x06: "Start", 0x07: "Stop", 0x08: "Create", 0x09: "Delete", 0x0A: "Multiple Service Packet",
        0x0D: "Apply Attributes", 0x0E: "Get Attributes Single", 0x10: "Set Attributes Single",
        0x11: "Find Next Object Instance", 0x15: "Restore", 0x16: "Save", 0x17: "No Forward Open", 0x18: "Get Member",
        0x19: "Set Member", 0x1A: "Insert Member", 0x1B: "Remove Member", 0x1C: "Group Sync",
        0x1D: "Get Connection Point Member List", 0x4B: "Execute PCCC Service", 0x4C: "Read Data", 0x4D: "Write Data",
        0x4E: "Read Write Modify Data", 0x52: "Read Data Fragmented", 0x53: "Write Data Fragmented", 0x54: "Forward Open",
    ]

    public static let classes: [UInt32: String] = [
        0x00: "", 0x01: "Identity", 0x02: "Message Router", 0x03: "DeviceNet", 0x04: "Assembly", 0x05: "Connection",
        0x06: "Connection Manager", 0x07: "Register", 0x08: "Discrete Input Point", 0x09: "Discrete Output Point",
        0x0A: "Analog Input Point", 0x0B: "Analog Output Point", 0x0E: "Presence Sensing", 0x0F: "Parameter",
        0x10: "Parameter Group", 0x12: "Group", 0x1D: "Discrete Input Group", 0x1E: "Discrete Output Group",
        0x1F: "Discrete Group", 0x20: "Analog Input Group", 0x21: "Analog Output Group", 0x22: "Analog Group",
        0x23: "Position Sensor", 0x24: "Position Controller Supervisor", 0x25: "Position Controller", 0x26: "Block Sequencer",
        0x27: "Command Block", 0x28: "Motor Data", 0x29: "Control Supervisor", 0x2A: "AC/DC Drive", 0x2B: "Acknowledge Handler",
        0x2C: "Overload", 0x2D: "Softstart", 0x2E: "Selection", 0x30: "S-Device Supervisor", 0x31: "S-Analog Sensor",
        0x32: "S-Analog Actuator", 0x33: "S-Single Stage Controller", 0x34: "S-Gas Calibration", 0x35: "Trip Point",
        0x37: "File", 0x38: "S-Partial Pressure", 0x39: "Safety Supervisor", 0x3A: "Safety Validator",
        0x3B: "Safety Discrete Output Point", 0x3C: "Safety Discrete Output Group", 0x3D: "Safety Discrete Input Point",
        0x3E: "Safety Discrete Input Group", 0x3F: "Safety Dual Channel Output", 0x40: "S-Sensor Calibration",
        0x41: "Event Log", 0x42: "Motion Device Axis", 0x43: "Time Sync", 0x44: "Modbus", 0x45: "Originator Connection List",
        0x46: "Modbus Serial Link", 0x47: "Device Level Ring (DLR)", 0x48: "QoS", 0x49: "Safety Analog Input Point",
        0x4A: "Safety Analog Input Group", 0x4B: "Safety Dual Channel Analog Input", 0x4C: "SERCOS III Link",
        0x4D: "Target Connection List", 0x4E: "Base Energy", 0x4F: "Electrical Energy", 0x50: "Non-Electrical Energy",
        0x51: "Base Switch", 0x52: "SNMP", 0x53: "Power Management", 0x54: "RSTP Bridge", 0x55: "RSTP Port",
        0x56: "PRP/HSR Protocol", 0x57: "PRP/HSR Nodes Table", 0x58: "Safety Feedback", 0x59: "Safety Dual Channel Feedback",
        0x5A: "Safety Stop Functions", 0x5B: "Safety Limit Functions", 0x5C: "Power Curtailment", 0x5D: "CIP Security",
        0x5E: "EtherNet/IP Security", 0x5F: "Certificate Management", 0x67: "PCCC Class", 0xF0: "ControlNet",
        0xF1: "ControlNet Keeper", 0xF2: "ControlNet Scheduling", 0xF3: "Connection Configuration", 0xF4: "Port",
        0xF5: "TCP/IP Interface", 0xF6: "Ethernet Link", 0xF7: "CompoNet", 0xF8: "CompoNet Repeater",
    ]
}
