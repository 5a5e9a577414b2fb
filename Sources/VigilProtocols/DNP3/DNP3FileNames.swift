/// Names for the fields of DNP3 file-control objects (group 70, IEEE 1815-2012 Annex A), in
/// the spelling of the standard's own tables; numbers without a name are written as
/// `unknown-N` so a new value is still visible.
public enum DNP3FileNames {
    /// The variation, as dnp3_file.log's `object`.
    public static func object(_ variation: UInt8) -> String {
        switch variation {
        case 1: "file_identifier"
        case 2: "authentication"
        case 3: "file_command"
        case 4: "file_command_status"
        case 5: "file_transport"
        case 6: "file_transport_status"
        case 7: "file_descriptor"
        case 8: "file_specification"
        default: "unknown-\(variation)"
        }
    }

    /// g70v3 operational mode.
    public static func mode(_ m: UInt16) -> String {
        switch m {
        case 0: "NULL"
        case 1: "READ"
        case 2: "WRITE"
        case 3: "APPEND"
        default: "unknown-\(m)"
        }
    }

    /// Status code of g70v4 and g70v6 (0–9 and 16–20 defined, 255 undefined).
    public static let statuses: [UInt8: String] = [
        0: "SUCCESS", 1: "PERMISSION_DENIED", 2: "INVALID_MODE", 3: "FILE_NOT_FOUND", 4: "FILE_LOCKED", 5: "TOO_MANY_OPEN",
        6: "INVALID_HANDLE", 7: "WRITE_BLOCK_SIZE", 8: "COMM_LOST", 9: "CANNOT_ABORT", 16: "NOT_OPENED", 17: "HANDLE_EXPIRED",
        18: "BUFFER_OVERRUN", 19: "FATAL", 20: "BLOCK_SEQ", 255: "UNDEFINED",
    ]

    public static func status(_ s: UInt8) -> String { statuses[s] ?? "unknown-\(s)" }

    /// g70v7 file type.
    public static func fileType(_ t: UInt16) -> String {
        switch t {
        case 0: "directory"
        case 1: "file"
        default: "unknown-\(t)"
        }
    }

    /// Permission bits as `ls` shows them: owner, group, world, each read/write/execute, with
    /// 0x0100 owner read down to 0x0001 world execute (the same layout as a Unix mode).
    public static func permissions(_ p: UInt16) -> String {
        var s = ""
        for shift in stride(from: 8, through: 0, by: -1) {
            let set = p & (1 << UInt16(shift)) != 0
            s.append(set ? ["x", "w", "r"][shift % 3] : "-")
        }
        return s
    }
}
