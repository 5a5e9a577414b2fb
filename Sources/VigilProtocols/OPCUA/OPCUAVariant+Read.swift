import VigilCore
import VigilEvents

extension OPCUAVariant {
    /// Reads a Variant; nil when it is malformed, nests deeper than `depth`, or runs past the end.
    static func read(_ r: inout OPCUAReader, depth: Int = 4) -> OPCUAVariant? {
        guard depth > 0, let mask = r.u8() else { return nil }
        let type = mask & 0x3F
        guard Int(type) < typeNames.count else { return nil }
        var v = OPCUAVariant(mask: mask, values: [])
        if type == 0 { return v }
        if mask & 0x80 != 0 {
            guard let n = r.arrayCount() else { return nil }
            for i in 0..<n {
                guard let x = scalar(type, &r, depth: depth) else { return nil }
                if i < maxLoggedElements { v.values.append(x) } else { v.dropped += 1 }
            }
            if mask & 0x40 != 0 {  // ArrayDimensions: an Int32 array
                guard let dims = r.arrayCount(), r.skip(4 * dims) else { return nil }
            }
        } else {
            guard let x = scalar(type, &r, depth: depth) else { return nil }
            v.values = [x]
        }
        return v
    }

    static func scalar(_ type: UInt8, _ r: inout OPCUAReader, depth: Int) -> OPCUAScalar? {
        switch type {
        case 1: return r.boolean().map { .boolean($0) }
        case 2: return r.u8().map { .signed(Int64(Int8(bitPattern: $0))) }
        case 3: return r.u8().map { .unsigned(UInt64($0)) }
        case 4: return r.u16().map { .signed(Int64(Int16(bitPattern: $0))) }
        case 5: return r.u16().map { .unsigned(UInt64($0)) }
        case 6: return r.i32().map { .signed(Int64($0)) }
        case 7: return r.u32().map { .unsigned(UInt64($0)) }
        case 8: return r.i64().map { .signed($0) }
        case 9: return r.i64().map { .unsigned(UInt64(bitPattern: $0)) }
        case 10: return r.float().map { .real(Double($0)) }
        case 11: return r.double().map { .real($0) }
        case 12: return r.byteString().map { .string($0) }
        case 13: return r.dateTime().map { .dateTime($0) }
        case 14: return r.guid().map { .guid($0) }
        case 15: return r.byteString().map { .byteString($0) }
        case 16: return r.byteString().map { .xml($0) }
        case 17: return r.nodeID().map { .nodeID($0) }
        case 18: return r.nodeID(expanded: true).map { .nodeID($0) }
        case 19: return r.u32().map { .statusCode($0) }
        case 20:
            guard let ns = r.u16(), let name = r.byteString() else { return nil }
            return .qualifiedName(namespace: ns, name: name)
        case 21: return r.localizedText().map { .localizedText($0) }
        case 22: return r.extensionObject().map { .extensionObject($0) }
        case 23: return OPCUADataValue.read(&r, depth: depth - 1).map { _ in .nested(typeID: type) }
        case 24: return read(&r, depth: depth - 1).map { _ in .nested(typeID: type) }
        case 25: return r.skipDiagnosticInfo().map { _ in .nested(typeID: type) }
        default: return nil
        }
    }
}

extension OPCUADataValue {
    static func read(_ r: inout OPCUAReader, depth: Int = 4) -> OPCUADataValue? {
        guard let mask = r.u8() else { return nil }
        var d = OPCUADataValue(mask: mask)
        if mask & 0x01 != 0 {
            guard let v = OPCUAVariant.read(&r, depth: depth) else { return nil }
            d.value = v
        }
        if mask & 0x02 != 0 {
            guard let s = r.u32() else { return nil }
            d.status = s
        }
        if mask & 0x04 != 0 {
            guard let t = r.dateTime() else { return nil }
            d.sourceTimestamp = t
        }
        if mask & 0x10 != 0 {
            guard let p = r.u16() else { return nil }
            d.sourcePicoseconds = p
        }
        if mask & 0x08 != 0 {
            guard let t = r.dateTime() else { return nil }
            d.serverTimestamp = t
        }
        if mask & 0x20 != 0 {
            guard let p = r.u16() else { return nil }
            d.serverPicoseconds = p
        }
        return d
    }
}
