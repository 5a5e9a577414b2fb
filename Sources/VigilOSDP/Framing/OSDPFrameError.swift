/// Why a frame was refused. Every case names the byte at fault so a monitor's log and a test's
/// failure say where the packet went wrong.
public enum OSDPFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The length field is below the smallest packet or above `OSDPLimits.maxPacketBytes`.
    case badLength(Int)
    /// The CRC-16 or checksum does not match (expected, found).
    case checkMismatch(expected: UInt16, found: UInt16)
    /// The security block's length byte (at the given offset from SOM) is impossible.
    case badSecurityBlock(offset: Int, length: Int)
    /// The packet ends before its code byte or its MAC.
    case truncated(offset: Int)

    public var description: String {
        switch self {
        case .badLength(let n): "length field \(n) outside \(OSDPLimits.minPacketBytes)…\(OSDPLimits.maxPacketBytes) (bytes 2–3)"
        case .checkMismatch(let e, let f): "check characters 0x\(String(f, radix: 16)) where 0x\(String(e, radix: 16)) was computed"
        case .badSecurityBlock(let o, let l): "security block length \(l) at byte \(o) does not fit the packet"
        case .truncated(let o): "packet ends at byte \(o) before its code, data or MAC"
        }
    }
}
