/// LED colours of osdp_LED (v2.2 Table 22).
public enum OSDPColor {
    public static let names = ["black", "red", "green", "amber", "blue", "magenta", "cyan", "white"]

    public static func code(_ name: String) -> UInt8? { names.firstIndex(of: name.lowercased()).map(UInt8.init) }
    public static func name(_ code: UInt8) -> String { Int(code) < names.count ? names[Int(code)] : "color_\(code)" }
}

/// One 14-byte osdp_LED record (v2.2 §6.10): a temporary state that runs for a timer and a
/// permanent one it returns to. Times are in units of 100 ms.
public struct OSDPLEDControl: Sendable, Equatable {
    public var reader: UInt8 = 0
    public var led: UInt8 = 0
    /// 0 no change, 1 cancel, 2 set temporary.
    public var temporaryControl: UInt8 = 0
    public var temporaryOn: UInt8 = 0
    public var temporaryOff: UInt8 = 0
    public var temporaryOnColor: UInt8 = 0
    public var temporaryOffColor: UInt8 = 0
    public var temporaryTimer: UInt16 = 0
    /// 0 no change, 1 set permanent.
    public var permanentControl: UInt8 = 0
    public var permanentOn: UInt8 = 0
    public var permanentOff: UInt8 = 0
    public var permanentOnColor: UInt8 = 0
    public var permanentOffColor: UInt8 = 0

    public static let length = 14

    public init() {}

    public var bytes: [UInt8] {
        [
            reader, led, temporaryControl, temporaryOn, temporaryOff, temporaryOnColor, temporaryOffColor,
            UInt8(truncatingIfNeeded: temporaryTimer), UInt8(truncatingIfNeeded: temporaryTimer >> 8),
            permanentControl, permanentOn, permanentOff, permanentOnColor, permanentOffColor,
        ]
    }

    public init(_ b: ArraySlice<UInt8>) {
        let s = b.startIndex
        reader = b[s]
        led = b[s + 1]
        temporaryControl = b[s + 2]
        temporaryOn = b[s + 3]
        temporaryOff = b[s + 4]
        temporaryOnColor = b[s + 5]
        temporaryOffColor = b[s + 6]
        temporaryTimer = UInt16(b[s + 7]) | UInt16(b[s + 8]) << 8
        permanentControl = b[s + 9]
        permanentOn = b[s + 10]
        permanentOff = b[s + 11]
        permanentOnColor = b[s + 12]
        permanentOffColor = b[s + 13]
    }
}

/// The 5-byte osdp_BUZ record (v2.2 §6.11). Times in units of 100 ms; count 0 repeats forever.
public struct OSDPBuzzerControl: Sendable, Equatable {
    public var reader: UInt8 = 0
    /// 0 none, 1 off, 2 default tone.
    public var tone: UInt8 = 2
    public var on: UInt8 = 0
    public var off: UInt8 = 0
    public var count: UInt8 = 1

    public static let length = 5

    public init() {}
    public init(_ b: ArraySlice<UInt8>) {
        let s = b.startIndex
        reader = b[s]
        tone = b[s + 1]
        on = b[s + 2]
        off = b[s + 3]
        count = b[s + 4]
    }

    public var bytes: [UInt8] { [reader, tone, on, off, count] }
}

/// One 4-byte osdp_OUT record (v2.2 §6.9). Control codes: 0 no-op, 1 permanent off, 2
/// permanent on, 3 permanent off and abort timed, 4 permanent on and abort timed, 5 temporary
/// on, 6 temporary off; the timer is in units of 100 ms.
public struct OSDPOutputControl: Sendable, Equatable {
    public var output: UInt8 = 0
    public var control: UInt8 = 0
    public var timer: UInt16 = 0

    public static let length = 4
    public static let actions = ["nop", "off", "on", "off_abort", "on_abort", "pulse_on", "pulse_off"]

    public init() {}
    public init(_ b: ArraySlice<UInt8>) {
        let s = b.startIndex
        output = b[s]
        control = b[s + 1]
        timer = UInt16(b[s + 2]) | UInt16(b[s + 3]) << 8
    }

    public var bytes: [UInt8] { [output, control, UInt8(truncatingIfNeeded: timer), UInt8(truncatingIfNeeded: timer >> 8)] }
}

/// osdp_TEXT (v2.2 §6.12): reader, command (1 permanent no wrap … 4 temporary wrap), temporary
/// time in seconds, row, column, length, then the text.
public struct OSDPTextOutput: Sendable, Equatable {
    public var reader: UInt8 = 0
    public var command: UInt8 = 1
    public var temporarySeconds: UInt8 = 0
    public var row: UInt8 = 1
    public var column: UInt8 = 1
    public var text: [UInt8] = []

    /// libosdp refuses longer text (OSDP_CMD_TEXT_MAX_LEN); so does Vigil, to stay interoperable.
    public static let maxTextBytes = 32

    public init() {}
    public var bytes: [UInt8] { [reader, command, temporarySeconds, row, column, UInt8(text.count)] + text }
}
