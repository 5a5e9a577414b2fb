import VigilCore

/// Pure MBAP framing: bytes in, a frame out, "need more", or an error. Consumes nothing on
/// partial input.
public enum ModbusParser {
    public enum Step: Equatable {
        case needMore
        case frame(ModbusFrame, consumed: Int)
        case invalid(String)
    }

    /// The MBAP length counts unit id + PDU; a PDU is at most 253 bytes (spec §4.1).
    public static let maxLengthField = 254
    public static let minLengthField = 2

    public static func parse(_ b: UnsafeRawBufferPointer) -> Step {
        guard b.count >= 7 else { return .needMore }
        guard ByteReader.u16(b, 2) == 0 else { return .invalid("modbus_invalid_protocol_id") }
        let length = Int(ByteReader.u16(b, 4))
        guard length >= minLengthField, length <= maxLengthField else { return .invalid("modbus_invalid_length") }
        guard b.count >= 6 + length else { return .needMore }
        let frame = ModbusFrame(
            transactionID: ByteReader.u16(b, 0), unitID: b[6], functionCode: b[7],
            data: Array(b[8..<(6 + length)]))
        return .frame(frame, consumed: 6 + length)
    }

    /// Content signature: protocol id 0 and a sane length. Used to pick the analyzer, so other
    /// traffic on port 502 is not taken for Modbus. The function code is not checked: a
    /// scanner's invalid code 0 is still Modbus worth logging (and tshark counts it).
    public static func looksLikeModbus(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 8, ByteReader.u16(b, 2) == 0 else { return false }
        let length = Int(ByteReader.u16(b, 4))
        return length >= minLengthField && length <= maxLengthField
    }

    /// Decodes a Read Device Identification response (FC 0x2B, MEI 0x0E), spec §6.21:
    /// ```
    ///  0 MEI type 0x0E | 1 read device id code | 2 conformity level | 3 more follows
    ///  4 next object id | 5 number of objects | then per object: id u8, length u8, value
    /// ```
    public static func deviceIdentification(_ data: [UInt8]) -> [ModbusDeviceObject]? {
        guard data.count >= 6, data[0] == 0x0E else { return nil }
        var objects: [ModbusDeviceObject] = []
        var o = 6
        for _ in 0..<Int(data[5]) {
            guard o + 2 <= data.count else { return objects }
            let len = Int(data[o + 1])
            guard o + 2 + len <= data.count else { return objects }
            objects.append(ModbusDeviceObject(id: data[o], value: Array(data[(o + 2)..<(o + 2 + len)])))
            o += 2 + len
        }
        return objects
    }
}
