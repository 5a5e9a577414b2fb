import VigilCore

/// One DNP3 link-layer frame with its CRCs checked and stripped.
///
/// Frame layout (IEEE 1815-2012 §9.2.4):
/// ```
///  0  0x05 0x64      start bytes
///  2  length u8      bytes of control + addresses + user data (5...255)
///  3  control u8     DIR 0x80 (from master), PRM 0x40 (primary), FCB/FCV, function 0x0F
///  4  destination    u16 little-endian
///  6  source         u16 little-endian
///  8  header CRC     u16 little-endian
/// 10  user data      in blocks of up to 16 bytes, each followed by its CRC
/// ```
public struct DNP3LinkFrame: Equatable, Sendable {
    public var control: UInt8
    public var destination: UInt16
    public var source: UInt16
    public var userData: [UInt8]

    /// DIR bit: set on frames a master sends.
    public var fromMaster: Bool { control & 0x80 != 0 }
    /// PRM bit with link function 3 or 4 (user data, confirmed or not) carries a transport segment.
    public var carriesUserData: Bool { control & 0x40 != 0 && (control & 0x0F == 3 || control & 0x0F == 4) && !userData.isEmpty }
}

/// Frames link-layer bytes: consumes nothing until a whole frame is present.
public enum DNP3LinkParser {
    public enum Step: Equatable {
        case needMore
        case frame(DNP3LinkFrame, consumed: Int)
        /// A frame with a bad data-block CRC: skipped whole, named for weird.log.
        case corrupt(String, consumed: Int)
        /// Not a frame boundary: the stream cannot be framed from here.
        case invalid(String)
    }

    public static let headerBytes = 10
    public static let minLengthField = 5

    /// Bytes a frame with this length field occupies on the wire, CRCs included.
    public static func wireLength(lengthField: Int) -> Int {
        let data = lengthField - minLengthField
        return headerBytes + data + 2 * ((data + 15) / 16)
    }

    public static func parse(_ b: UnsafeRawBufferPointer) -> Step {
        guard b.count >= 2 else { return .needMore }
        guard b[0] == 0x05, b[1] == 0x64 else { return .invalid("dnp3_header_lacks_magic") }
        guard b.count >= headerBytes else { return .needMore }
        guard DNP3CRC.check(b, 0..<8) else { return .invalid("dnp3_corrupt_header_crc") }
        let lengthField = Int(b[2])
        guard lengthField >= minLengthField else { return .invalid("dnp3_invalid_length") }
        let total = wireLength(lengthField: lengthField)
        guard b.count >= total else { return .needMore }
        var data: [UInt8] = []
        data.reserveCapacity(lengthField - minLengthField)
        var o = headerBytes
        var left = lengthField - minLengthField
        while left > 0 {
            let block = min(16, left)
            guard DNP3CRC.check(b, o..<(o + block)) else { return .corrupt("dnp3_corrupt_data_block_crc", consumed: total) }
            data.append(contentsOf: b[o..<(o + block)])
            o += block + 2
            left -= block
        }
        let frame = DNP3LinkFrame(
            control: b[3], destination: ByteReader.u16le(b, 4), source: ByteReader.u16le(b, 6), userData: data)
        return .frame(frame, consumed: total)
    }

    /// Content signature: start bytes, a sane length and a valid header CRC.
    public static func looksLikeDNP3(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count >= headerBytes && b[0] == 0x05 && b[1] == 0x64 && Int(b[2]) >= minLengthField && DNP3CRC.check(b, 0..<8)
    }
}
