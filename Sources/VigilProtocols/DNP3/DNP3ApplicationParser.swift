import VigilCore
import VigilEvents

/// Decodes a reassembled application fragment: header, then object headers one after another,
/// skipping (or reading) each header's objects to reach the next.
public enum DNP3ApplicationParser {
    /// Request functions whose object headers carry no object data (§4.4: READ, the freeze
    /// family, ENABLE/DISABLE_UNSOLICITED and ASSIGN_CLASS name points; they do not set them).
    static let headerOnlyRequests: Set<UInt8> = [0x01, 0x07, 0x08, 0x09, 0x0A, 0x14, 0x15, 0x16]

    public static func parse(_ b: UnsafeRawBufferPointer, limits: Limits = .default) -> DNP3Fragment? {
        var c = ByteCursor(b)
        guard let control = c.u8(), let function = c.u8() else { return nil }
        var fragment = DNP3Fragment(control: control, function: function, iin: nil, objects: [], problem: nil)
        if fragment.isResponse {
            guard let iin = c.u16() else {
                fragment.problem = ("dnp3_truncated_iin", "")
                return fragment
            }
            fragment.iin = iin
        }
        let headerOnly = !fragment.isResponse && headerOnlyRequests.contains(function)
        while !c.atEnd {
            if fragment.objects.count >= limits.maxLogVectorItems {
                fragment.problem = ("dnp3_too_many_object_headers", "\(fragment.objects.count)")
                break
            }
            switch parseHeader(&c, headerOnly: headerOnly) {
            case .success(let h): fragment.objects.append(h)
            case .failure(let p):
                fragment.problem = (p.name, p.detail)
                return fragment
            }
        }
        return fragment
    }

    struct Problem: Error {
        var name: String
        var detail: String
    }

    static func parseHeader(_ c: inout ByteCursor, headerOnly: Bool) -> Result<DNP3ObjectHeader, Problem> {
        guard let group = c.u8(), let variation = c.u8(), let qualifier = c.u8() else {
            return .failure(Problem(name: "dnp3_truncated_object_header", detail: "at byte \(c.offset)"))
        }
        var h = DNP3ObjectHeader(group: group, variation: variation, qualifier: qualifier, count: 0, rangeLow: 0, rangeHigh: 0)
        // Built only for a problem's detail: most headers are fine, and formatting it for each
        // one cost ~600 instructions per object header.
        func where_() -> String { "g\(group)v\(variation) qualifier \(Hex.prefixed(UInt64(qualifier), width: 2))" }
        // Qualifier (§4.2.2.7.3): object prefix code in bits 6-4, range specifier code in bits 3-0.
        let rangeCode = qualifier & 0x0F
        var start: UInt32 = 0
        switch rangeCode {
        case 0, 1, 2, 3, 4, 5:
            let width = [1, 2, 4][Int(rangeCode % 3)]
            guard let lo = readLE(&c, width), let hi = readLE(&c, width) else {
                return .failure(Problem(name: "dnp3_truncated_object_header", detail: where_()))
            }
            guard hi >= lo else { return .failure(Problem(name: "dnp3_invalid_range", detail: "\(where_()) \(lo)..\(hi)")) }
            (h.rangeLow, h.rangeHigh, start) = (lo, hi, lo)
            h.count = UInt64(hi) - UInt64(lo) + 1
        case 6: h.count = 0
        case 7, 8, 9, 0x0B:
            guard let n = readLE(&c, rangeCode == 8 ? 2 : rangeCode == 9 ? 4 : 1) else {
                return .failure(Problem(name: "dnp3_truncated_object_header", detail: where_()))
            }
            h.count = UInt64(n)
        default: return .failure(Problem(name: "dnp3_invalid_qualifier", detail: where_()))
        }
        let prefixCode = (qualifier >> 4) & 0x07
        guard prefixCode <= 6 else { return .failure(Problem(name: "dnp3_invalid_qualifier", detail: where_())) }
        let prefixWidth = prefixCode == 0 ? 0 : [1, 2, 4][Int((prefixCode - 1) % 3)]
        let prefixIsSize = prefixCode >= 4
        // A size prefix means the objects follow even in a READ: the READ of a file block
        // (g70v5, qualifier 0x5B) names its handle and block in the object.
        if (headerOnly && !prefixIsSize) || rangeCode == 6 || group == 60 { return .success(h) }
        let size = DNP3ObjectSize.of(group: group, variation: variation)
        if prefixCode == 0 {
            switch size {
            case .packed(let bits):
                let bytes = (UInt64(h.count) * UInt64(bits) + 7) / 8
                guard UInt64(c.remaining) >= bytes, c.skip(Int(bytes)) else { return truncated(where_()) }
                return .success(h)
            case .fixed(let n) where group != 12 || (variation != 1 && variation != 2):
                let bytes = UInt64(h.count) * UInt64(n)
                guard UInt64(c.remaining) >= bytes, c.skip(Int(bytes)) else { return truncated(where_()) }
                return .success(h)
            case .unknown, .prefixed:
                return .failure(Problem(name: "dnp3_unknown_object", detail: where_()))
            default: break
            }
        } else if size == .unknown && !prefixIsSize {
            return .failure(Problem(name: "dnp3_unknown_object", detail: where_()))
        }
        // Objects one at a time: each consumes at least one byte here, so a hostile count is
        // bounded by the fragment's length.
        var i: UInt64 = 0
        while i < h.count {
            var index = start &+ UInt32(truncatingIfNeeded: i)
            var objectBytes: Int?
            if prefixWidth > 0 {
                guard let p = readLE(&c, prefixWidth) else { return truncated(where_()) }
                if prefixIsSize { objectBytes = Int(p) } else { index = p }
            }
            switch (objectBytes, size) {
            case (let n?, _) where group == 70:
                guard n <= c.remaining else { return truncated(where_()) }
                let object = UnsafeRawBufferPointer(rebasing: c.bytes[c.offset..<(c.offset + n)])
                _ = c.skip(n)
                switch DNP3FileObject.decode(variation: variation, object) {
                case .success(let file): h.files.append(file)
                case .failure(let f):
                    return .failure(Problem(name: "dnp3_invalid_file_object", detail: "\(where_()) object \(i): \(f.detail)"))
                }
            case (let n?, _):
                guard c.skip(n) else { return truncated(where_()) }
            case (nil, .fixed(11)) where group == 12:
                guard let code = c.u8(), let count = c.u8(), let on = readLE(&c, 4), let off = readLE(&c, 4), let status = c.u8()
                else { return truncated(where_()) }
                h.controls.append(
                    DNP3ControlBlock(index: index, controlCode: code, count: count, onTime: on, offTime: off, status: status & 0x7F))
            case (nil, .fixed(let n)):
                guard n > 0 || prefixWidth > 0 else { return .success(h) }
                guard c.skip(n) else { return truncated(where_()) }
            case (nil, .attribute):
                guard let type = c.u8(), let value = c.vector8() else { return truncated(where_()) }
                h.attributes.append(DNP3DeviceAttribute(variation: variation, dataType: type, value: value))
            default:
                return .failure(Problem(name: "dnp3_unknown_object", detail: where_()))
            }
            i += 1
        }
        return .success(h)
    }

    static func truncated(_ where_: String) -> Result<DNP3ObjectHeader, Problem> {
        .failure(Problem(name: "dnp3_truncated_object", detail: where_))
    }

    static func readLE(_ c: inout ByteCursor, _ width: Int) -> UInt32? {
        guard c.remaining >= width else { return nil }
        var v: UInt32 = 0
        for k in 0..<width { v |= UInt32(c.u8()!) << (8 * UInt32(k)) }
        return v
    }
}
