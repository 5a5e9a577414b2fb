import VigilCore
import VigilEvents

/// What a Modbus request addresses and writes, read from its PDU data (Modbus Application
/// Protocol Specification V1.1b3 §6). Values are read only as far as the data goes: a short
/// PDU leaves the fields it lacks unset rather than failing.
enum ModbusRequestFields {
    /// Fills `e`'s address, quantity and written values from a request's data (after the
    /// function code).
    static func decode(_ data: [UInt8], into e: inout ModbusPDUEvent) {
        func u16(_ at: Int) -> UInt16? { at + 2 <= data.count ? UInt16(data[at]) << 8 | UInt16(data[at + 1]) : nil }
        switch e.functionCode {
        case 0x01...0x04:  // §6.1–6.4 read coils, discrete inputs, holding and input registers
            e.address = u16(0)
            e.quantity = u16(2)
        case 0x05:  // §6.5 write single coil: 0xFF00 on, 0x0000 off
            e.address = u16(0)
            if let v = u16(2) { e.coilsWritten = [v == 0xFF00] }
        case 0x06:  // §6.6 write single register
            e.address = u16(0)
            if let v = u16(2) { e.registersWritten = [v] }
        case 0x0F:  // §6.11 write multiple coils: address, quantity, byte count, packed bits
            e.address = u16(0)
            e.quantity = u16(2)
            if let n = e.quantity, data.count > 5 {
                let bits = min(Int(n), (data.count - 5) * 8)
                e.coilsWritten = (0..<bits).map { (i: Int) -> Bool in
                    let byte = data[5 + i / 8]
                    return (byte >> UInt8(i % 8)) & 1 == 1
                }
            }
        case 0x10:  // §6.12 write multiple registers: address, quantity, byte count, values
            e.address = u16(0)
            e.quantity = u16(2)
            e.registersWritten = registers(data, from: 5, count: Int(e.quantity ?? 0))
        case 0x16:  // §6.16 mask write register: address, AND mask, OR mask
            e.address = u16(0)
            if let and = u16(2), let or = u16(4) { e.registersWritten = [and, or] }
        case 0x17:  // §6.17 read/write multiple registers: read part, then write part
            e.address = u16(0)
            e.quantity = u16(2)
            e.writeAddress = u16(4)
            e.registersWritten = registers(data, from: 9, count: Int(u16(6) ?? 0))
        default:
            break
        }
    }

    /// Up to `count` big-endian registers from `from`, as many as the data holds.
    static func registers(_ data: [UInt8], from: Int, count: Int) -> [UInt16] {
        guard from < data.count else { return [] }
        let n = min(count, (data.count - from) / 2)
        return (0..<n).map { UInt16(data[from + 2 * $0]) << 8 | UInt16(data[from + 2 * $0 + 1]) }
    }
}
