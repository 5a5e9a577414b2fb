import VigilCore
import VigilEvents

/// Decodes an S7comm PDU (the payload of one reassembled COTP TSDU starting with 0x32).
public enum S7CommParser {
    public enum Failure: Error, Equatable {
        case truncated(String)

        var detail: String {
            switch self {
            case .truncated(let d): d
            }
        }
    }

    public static func parse(_ b: UnsafeRawBufferPointer) -> Result<S7Message, Failure> {
        guard b.count >= 10, b[0] == 0x32 else { return .failure(.truncated("header")) }
        let rosctr = b[1]
        let headerLength = rosctr == 2 || rosctr == 3 ? 12 : 10
        guard b.count >= headerLength else { return .failure(.truncated("header")) }
        let parameterLength = Int(ByteReader.u16(b, 6))
        let dataLength = Int(ByteReader.u16(b, 8))
        guard headerLength + parameterLength + dataLength <= b.count else {
            return .failure(.truncated("parameter length \(parameterLength) + data length \(dataLength) > \(b.count - headerLength)"))
        }
        // ICSNPP reads the PDU reference little-endian (tshark: big-endian); Vigil logs ICSNPP's number
        // so rows correlate with existing ICSNPP data (docs/LOGS.md).
        var m = S7Message(rosctr: rosctr, pduReference: ByteReader.u16le(b, 4))
        if headerLength == 12 {
            m.errorClass = b[10]
            m.errorCode = UInt16(b[11])
        }
        let p = UnsafeRawBufferPointer(rebasing: b[headerLength..<(headerLength + parameterLength)])
        let d = UnsafeRawBufferPointer(rebasing: b[(headerLength + parameterLength)..<(headerLength + parameterLength + dataLength)])
        if rosctr == 7 {
            guard parameterLength >= 8 else { return .failure(.truncated("user-data parameters")) }
            m.function = p[5]
            m.subfunction = p[6]
            var u = S7Message.UserData(method: p[4], group: p[5] & 0x0F)
            if parameterLength >= 12 {
                u.dataUnitReference = p[8]
                u.lastDataUnit = p[9]
                m.errorClass = 0xFE  // ICSNPP's marker: the error is the parameter error code
                m.errorCode = ByteReader.u16(p, 10)
            }
            if d.count >= 4 {
                u.returnCode = d[0]
                let n = min(Int(ByteReader.u16(d, 2)), d.count - 4)
                u.payload = Array(d[4..<(4 + n)])
            }
            m.userData = u
            return .success(m)
        }
        guard rosctr == 1 || rosctr == 3, parameterLength >= 1 else { return .success(m) }
        m.function = p[0]
        switch (rosctr, p[0]) {
        case (1, 0x28): m.plcControlService = plcControlService(p)
        case (_, 0x1A...0x1F): m.transfer = transfer(rosctr: rosctr, function: p[0], p, d)
        case (1, 0x04), (1, 0x05):
            do {
                m.variables = try variables(p, d, writes: p[0] == 0x05)
            } catch {
                m.variablesProblem = error.detail
            }
        case (3, 0x04), (3, 0x05):
            do {
                m.variables = try results(p, d, reads: p[0] == 0x04)
            } catch {
                m.variablesProblem = error.detail
            }
        default: break
        }
        return .success(m)
    }

    /// Read Var and Write Var job parameters: function, item count, then the items
    /// (`S7VariableItem`). A Write Var job's data holds one data item per item: return code
    /// (0x00 in a job), transport size, length u16 (in bits for sizes 0x03–0x05, in bytes
    /// otherwise), the bytes, and a fill byte after an odd length except the last item's.
    static func variables(_ p: UnsafeRawBufferPointer, _ d: UnsafeRawBufferPointer, writes: Bool) throws(Failure) -> [S7VariableItem] {
        guard p.count >= 2 else { throw .truncated("item count") }
        var c = ByteCursor(p)
        _ = c.skip(2)
        var items: [S7VariableItem] = []
        for n in stride(from: 1, through: Int(p[1]), by: 1) {
            guard let spec = c.u8(), let length = c.u8() else { throw .truncated("item \(n) of \(p[1])") }
            guard spec == 0x12 else {
                throw .truncated("item \(n): variable specification \(Hex.prefixed(UInt64(spec), width: 2)), not 0x12")
            }
            guard length >= 1, c.remaining >= Int(length) else { throw .truncated("item \(n): address specification of \(length) bytes") }
            let start = c.offset
            let syntax = c.u8()!
            var item = S7VariableItem(syntaxID: syntax)
            if syntax == 0x10, length >= 10 {
                item.transportSize = c.u8()
                item.count = c.u16()
                item.db = c.u16()
                item.area = c.u8()
                if let hi = c.u8(), let mid = c.u8(), let lo = c.u8() {
                    item.address = UInt32(hi) << 16 | UInt32(mid) << 8 | UInt32(lo)
                }
            }
            _ = c.skip(start + Int(length) - c.offset)
            items.append(item)
        }
        guard writes else { return items }
        var data = ByteCursor(d)
        for i in items.indices {
            guard data.skip(1) else { throw .truncated("data item \(i + 1) of \(items.count)") }
            items[i].data = try dataItemValue(&data, item: i, of: items.count)
        }
        return items
    }

    /// The CPU's answer to a Read Var or Write Var job: the item count in the parameters, and
    /// in the data one item per item of the job: to a read, its return code, transport size,
    /// length and the bytes read (as a Write Var job's data items); to a write, its return
    /// code alone. The items' addresses are the job's (`S7Analyzer`).
    static func results(_ p: UnsafeRawBufferPointer, _ d: UnsafeRawBufferPointer, reads: Bool) throws(Failure) -> [S7VariableItem] {
        guard p.count >= 2 else { throw .truncated("item count") }
        let count = Int(p[1])
        var data = ByteCursor(d)
        var items: [S7VariableItem] = []
        for i in 0..<count {
            guard let code = data.u8() else { throw .truncated("data item \(i + 1) of \(count)") }
            var item = S7VariableItem(syntaxID: nil, returnCode: code)
            if reads {
                // A failed item keeps its transport size and length fields, but no bytes follow.
                if code == 0xFF {
                    item.data = try dataItemValue(&data, item: i, of: count)
                } else if !data.skip(3) {
                    throw .truncated("data item \(i + 1) of \(count)")
                }
            }
            items.append(item)
        }
        return items
    }

    /// A data item after its return code: transport size, length u16 (in bits for sizes
    /// 0x03–0x05, in bytes otherwise), the bytes, and a fill byte after an odd length except
    /// after the last item.
    static func dataItemValue(_ data: inout ByteCursor, item i: Int, of count: Int) throws(Failure) -> [UInt8] {
        guard let size = data.u8(), let length = data.u16() else { throw .truncated("data item \(i + 1) of \(count)") }
        let bytes = (0x03...0x05).contains(size) ? (Int(length) + 7) / 8 : Int(length)
        guard let value = data.take(bytes) else { throw .truncated("data item \(i + 1): \(bytes) bytes") }
        if bytes % 2 == 1, i < count - 1 { _ = data.skip(1) }
        return value
    }

    /// PLC Control parameters: function, 7 fixed bytes, block length u16, block, name length u8, name.
    static func plcControlService(_ p: UnsafeRawBufferPointer) -> String? {
        var c = ByteCursor(p)
        guard c.skip(8), c.vector16() != nil, let name = c.vector8() else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    static func transfer(rosctr: UInt8, function: UInt8, _ p: UnsafeRawBufferPointer, _ d: UnsafeRawBufferPointer)
        -> S7Message.BlockTransfer
    {
        var t = S7Message.BlockTransfer()
        guard p.count >= 2 else { return t }
        t.status = p[1]
        var c = ByteCursor(p)
        _ = c.skip(4)
        func u32() -> UInt32? {
            guard let hi = c.u16(), let lo = c.u16() else { return nil }
            return UInt32(hi) << 16 | UInt32(lo)
        }
        func text() -> String? { c.vector8().map { String(decoding: $0, as: UTF8.self) } }
        switch (rosctr, function) {
        case (1, 0x1D):  // Start Upload: session, filename
            t.sessionID = u32()
            t.filename = text()
        case (1, 0x1E), (1, 0x1F): t.sessionID = u32()  // Upload / End Upload: session
        case (1, 0x1A), (1, 0x1B):  // Request Download / Download Block: 4 bytes, filename
            _ = c.skip(4)
            t.filename = text()
        case (1, 0x1C):
            _ = c.skip(6)
            t.filename = text()
        case (3, 0x1D):  // Start Upload ack: session, block length as a decimal string
            t.sessionID = u32()
            t.blockLength = text().flatMap { UInt32(String($0.filter { $0 != " " })) }
        case (3, 0x1E), (3, 0x1B):  // Upload / Download Block data: length u16 first
            if d.count >= 2 { t.blockLength = UInt32(ByteReader.u16(d, 0)) }
        default: break
        }
        return t
    }
}
