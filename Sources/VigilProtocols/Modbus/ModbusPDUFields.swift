import VigilCore
import VigilEvents

/// What a Modbus PDU addresses, reads and writes, from its data after the function code
/// (Modbus Application Protocol Specification V1.1b3 §6). Values are read only as far as the
/// data goes: a short PDU leaves the fields it lacks unset rather than failing. A PDU is at most
/// 253 bytes, so every list here is short.
enum ModbusPDUFields {
    /// Fills `e`'s fields from its data, by function and direction (`e.isOrig`).
    static func decode(_ data: [UInt8], into e: inout ModbusPDUEvent) {
        guard !e.isException else { return }
        let d = Reader(data)
        if e.isOrig { request(d, into: &e) } else { response(d, into: &e) }
        switch e.functionCode {
        case 0x08:  // §6.8 diagnostics: sub-function, then data, both directions
            if let sub = d.u16(0) { e.functionData = .diagnostics(subfunction: sub, data: Array(data.dropFirst(2))) }
        case 0x2B:  // §6.19–6.21 encapsulated interface transport: MEI type first
            if let mei = d.u8(0) {
                let deviceRequest = e.isOrig && mei == 0x0E
                e.functionData = .encapsulated(
                    meiType: mei, readCode: deviceRequest ? d.u8(1) : nil, objectID: deviceRequest ? d.u8(2) : nil)
            }
        case 0x14, 0x15:
            if let records = fileRecords(d, function: e.functionCode, isOrig: e.isOrig) { e.functionData = .fileRecords(records) }
        default:
            break
        }
    }

    private static func request(_ d: Reader, into e: inout ModbusPDUEvent) {
        switch e.functionCode {
        case 0x01...0x04:  // §6.1–6.4 read coils, discrete inputs, holding and input registers
            e.address = d.u16(0)
            e.quantity = d.u16(2)
        case 0x05:  // §6.5 write single coil: 0xFF00 on, 0x0000 off
            e.address = d.u16(0)
            if let v = d.u16(2) { e.coils = [v == 0xFF00] }
        case 0x06:  // §6.6 write single register
            e.address = d.u16(0)
            if let v = d.u16(2) { e.registers = [v] }
        case 0x0F:  // §6.11 write multiple coils: address, quantity, byte count, packed bits
            e.address = d.u16(0)
            e.quantity = d.u16(2)
            if let n = e.quantity { e.coils = d.bits(from: 5, count: Int(n)) }
        case 0x10:  // §6.12 write multiple registers: address, quantity, byte count, values
            e.address = d.u16(0)
            e.quantity = d.u16(2)
            e.registers = d.registers(from: 5, count: Int(e.quantity ?? 0))
        case 0x16:  // §6.16 mask write register: address, AND mask, OR mask
            e.address = d.u16(0)
            if let and = d.u16(2), let or = d.u16(4) { e.registers = [and, or] }
        case 0x17:  // §6.17 read/write multiple registers: read part, then write part
            e.address = d.u16(0)
            e.quantity = d.u16(2)
            e.writeAddress = d.u16(4)
            e.registers = d.registers(from: 9, count: Int(d.u16(6) ?? 0))
        case 0x18:  // §6.18 read FIFO queue: the FIFO pointer address
            e.address = d.u16(0)
        default:
            break
        }
    }

    private static func response(_ d: Reader, into e: inout ModbusPDUEvent) {
        switch e.functionCode {
        case 0x01, 0x02:  // §6.1, 6.2: byte count, then the coils packed low bit first
            if let n = d.u8(0) { e.coils = d.bits(from: 1, count: Int(n) * 8) }
        case 0x03, 0x04, 0x17:  // §6.3, 6.4, 6.17: byte count, then registers
            if let n = d.u8(0) { e.registers = d.registers(from: 1, count: Int(n) / 2) }
        case 0x05:  // §6.5: the request echoed
            e.address = d.u16(0)
            if let v = d.u16(2) { e.coils = [v == 0xFF00] }
        case 0x06:  // §6.6: the request echoed
            e.address = d.u16(0)
            if let v = d.u16(2) { e.registers = [v] }
        case 0x0F, 0x10:  // §6.11, 6.12: address and quantity written
            e.address = d.u16(0)
            e.quantity = d.u16(2)
        case 0x16:  // §6.16: the request echoed
            e.address = d.u16(0)
            if let and = d.u16(2), let or = d.u16(4) { e.registers = [and, or] }
        case 0x18:  // §6.18: byte count u16, FIFO count u16, then the FIFO registers
            if let n = d.u16(2) { e.registers = d.registers(from: 4, count: Int(n)) }
        default:
            break
        }
    }

    /// FC 20 and 21 groups after the byte count (§6.14, 6.15), as far as the byte count and the
    /// data both go. nil when there is not even a byte count.
    private static func fileRecords(_ d: Reader, function: UInt8, isOrig: Bool) -> [ModbusFileRecord]? {
        guard let byteCount = d.u8(0) else { return nil }
        let end = min(1 + Int(byteCount), d.count)
        var records: [ModbusFileRecord] = []
        var at = 1
        if function == 0x14 && !isOrig {
            // Read response: sub-response length (counting the reference type), type, data.
            while at + 2 <= end {
                let length = d.bytes[at]
                let dataEnd = min(at + 1 + Int(length), end)
                records.append(
                    ModbusFileRecord(
                        referenceType: d.bytes[at + 1], fileLength: length, data: Array(d.bytes[min(at + 2, dataEnd)..<dataEnd])))
                at = max(dataEnd, at + 2)
            }
            return records
        }
        // A read request's sub-requests, or a write's references: type, file, record, length,
        // and for a write the record's registers.
        while at + 7 <= end {
            let length = d.u16(at + 5)!
            var record = ModbusFileRecord(
                referenceType: d.bytes[at], fileNumber: d.u16(at + 1), recordNumber: d.u16(at + 3), recordLength: length)
            at += 7
            if function == 0x15 {
                let dataEnd = min(at + 2 * Int(length), end)
                record.data = Array(d.bytes[at..<dataEnd])
                at = dataEnd
            }
            records.append(record)
        }
        return records
    }

    /// Bounds-checked big-endian reads of a PDU's data.
    struct Reader {
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var count: Int { bytes.count }
        func u8(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }
        func u16(_ at: Int) -> UInt16? { at + 2 <= bytes.count ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) : nil }

        /// Up to `count` big-endian registers from `from`, as many as the data holds.
        func registers(from: Int, count: Int) -> [UInt16] {
            guard from < bytes.count else { return [] }
            let n = min(count, (bytes.count - from) / 2)
            return (0..<n).map { UInt16(bytes[from + 2 * $0]) << 8 | UInt16(bytes[from + 2 * $0 + 1]) }
        }

        /// Up to `count` bits packed low bit first from `from`, as many as the data holds.
        func bits(from: Int, count: Int) -> [Bool] {
            guard from < bytes.count else { return [] }
            let n = min(count, (bytes.count - from) * 8)
            return (0..<n).map { (bytes[from + $0 / 8] >> UInt8($0 % 8)) & 1 == 1 }
        }
    }
}
