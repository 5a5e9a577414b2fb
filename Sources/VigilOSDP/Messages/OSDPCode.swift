/// Command codes (CP → PD, OSDP v2.2 §6 and Annex A) and their names as the standard spells
/// them without the `osdp_` prefix.
public enum OSDPCommandCode {
    public static let poll: UInt8 = 0x60
    public static let id: UInt8 = 0x61
    public static let capabilities: UInt8 = 0x62
    public static let localStatus: UInt8 = 0x64
    public static let inputStatus: UInt8 = 0x65
    public static let outputStatus: UInt8 = 0x66
    public static let readerStatus: UInt8 = 0x67
    public static let output: UInt8 = 0x68
    public static let led: UInt8 = 0x69
    public static let buzzer: UInt8 = 0x6A
    public static let text: UInt8 = 0x6B
    public static let comset: UInt8 = 0x6E
    public static let keyset: UInt8 = 0x75
    public static let challenge: UInt8 = 0x76
    public static let serverCryptogram: UInt8 = 0x77
    public static let manufacturer: UInt8 = 0x80

    public static let names: [UInt8: String] = [
        0x60: "POLL", 0x61: "ID", 0x62: "CAP", 0x64: "LSTAT", 0x65: "ISTAT", 0x66: "OSTAT", 0x67: "RSTAT",
        0x68: "OUT", 0x69: "LED", 0x6A: "BUZ", 0x6B: "TEXT", 0x6C: "RMODE", 0x6D: "TDSET", 0x6E: "COMSET",
        0x73: "BIOREAD", 0x74: "BIOMATCH", 0x75: "KEYSET", 0x76: "CHLNG", 0x77: "SCRYPT", 0x7B: "ACURXSIZE",
        0x7C: "FILETRANSFER", 0x80: "MFG", 0xA1: "XWR", 0xA2: "ABORT", 0xA3: "PIVDATA", 0xA4: "GENAUTH",
        0xA5: "CRAUTH", 0xA7: "KEEPACTIVE",
    ]

    public static func name(_ code: UInt8) -> String { names[code] ?? "CMD_0x" + String(code, radix: 16) }
}

/// Reply codes (PD → CP, OSDP v2.2 §7 and Annex A).
public enum OSDPReplyCode {
    public static let ack: UInt8 = 0x40
    public static let nak: UInt8 = 0x41
    public static let deviceID: UInt8 = 0x45
    public static let capabilities: UInt8 = 0x46
    public static let localStatus: UInt8 = 0x48
    public static let inputStatus: UInt8 = 0x49
    public static let outputStatus: UInt8 = 0x4A
    public static let readerStatus: UInt8 = 0x4B
    public static let rawCard: UInt8 = 0x50
    public static let keypad: UInt8 = 0x53
    public static let communication: UInt8 = 0x54
    public static let clientCryptogram: UInt8 = 0x76
    public static let initialRMAC: UInt8 = 0x78
    public static let busy: UInt8 = 0x79
    public static let manufacturer: UInt8 = 0x90

    public static let names: [UInt8: String] = [
        0x40: "ACK", 0x41: "NAK", 0x45: "PDID", 0x46: "PDCAP", 0x48: "LSTATR", 0x49: "ISTATR", 0x4A: "OSTATR",
        0x4B: "RSTATR", 0x50: "RAW", 0x51: "FMT", 0x53: "KEYPAD", 0x54: "COM", 0x57: "BIOREADR", 0x58: "BIOMATCHR",
        0x76: "CCRYPT", 0x78: "RMAC_I", 0x79: "BUSY", 0x7A: "FTSTAT", 0x80: "PIVDATAR", 0x81: "GENAUTHR",
        0x82: "CRAUTHR", 0x83: "MFGSTATR", 0x84: "MFGERRR", 0x90: "MFGREP", 0xB1: "XRD",
    ]

    public static func name(_ code: UInt8) -> String { names[code] ?? "REPLY_0x" + String(code, radix: 16) }
}

/// osdp_NAK reason codes (v2.2 Table 46).
public enum OSDPNakReason {
    public static let names: [UInt8: String] = [
        0: "no_error", 1: "check_character_error", 2: "command_length_error", 3: "unknown_command",
        4: "unexpected_sequence_number", 5: "security_block_not_supported", 6: "encryption_required",
        7: "bio_type_not_supported", 8: "bio_format_not_supported", 9: "unable_to_process_record",
    ]

    public static let checkCharacter: UInt8 = 1
    public static let commandLength: UInt8 = 2
    public static let unknownCommand: UInt8 = 3
    public static let sequenceNumber: UInt8 = 4
    public static let securityBlockUnsupported: UInt8 = 5
    public static let encryptionRequired: UInt8 = 6
    public static let unableToProcess: UInt8 = 9

    public static func name(_ code: UInt8) -> String { names[code] ?? "reason_\(code)" }
}
