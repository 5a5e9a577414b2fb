import VigilCore

/// Reads pcapng files: SHB, IDB, EPB, SPB and the obsolete OPB, with several sections and
/// interfaces and per-interface `if_tsresol` / `if_tsoffset`. Other block types are skipped.
///
/// Block layout (draft-ietf-opsawg-pcapng §3.1):
/// ```
///  0  block type
///  4  block total length (multiple of 4, repeated at the end)
///  8  body ...
/// -4  block total length
/// ```
public struct PcapngReader: PacketSource {
    struct Interface {
        var linkType: LinkType?
        var rawLinkType: UInt16
        /// Timestamp units per second, from if_tsresol (default 10^6).
        var unitsPerSecond: UInt64 = 1_000_000
        var offsetSeconds: Int64 = 0
    }

    let file: BufferedFileReader
    let limits: Limits
    var bigEndian = false
    var interfaces: [Interface] = []

    /// Largest block accepted: a full snaplen packet plus room for options. Bigger blocks (an
    /// enormous NRB, a corrupt length) are rejected before anything is allocated.
    public static let maxBlockBytes = 16 << 20

    public init(file: BufferedFileReader, limits: Limits = .default) throws {
        self.file = file
        self.limits = limits
        guard try file.ensure(12), ByteReader.u32(file.available, 0) == 0x0A0D_0D0A else {
            throw VigilError(.unsupportedCapture, "not a pcapng file (no section header block)", source: file.path, offset: 0)
        }
    }

    public var progress: (done: Int64, total: Int64?) { (file.offset, file.size) }

    private func u32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 { bigEndian ? ByteReader.u32(b, o) : ByteReader.u32le(b, o) }
    private func u16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 { bigEndian ? ByteReader.u16(b, o) : ByteReader.u16le(b, o) }

    public mutating func next() throws -> CapturedPacket? {
        while true {
            let blockOffset = file.offset
            if try file.atEnd() { return nil }
            guard try file.ensure(12) else {
                throw VigilError(.truncatedCapture, "block header truncated", source: file.path, offset: blockOffset)
            }
            var b = file.available
            let rawType = ByteReader.u32(b, 0)
            if rawType == 0x0A0D_0D0A {  // SHB: byte order comes from its own magic
                let magic = ByteReader.u32(b, 8)
                if magic == 0x1A2B_3C4D {
                    bigEndian = true
                } else if magic == 0x4D3C_2B1A {
                    bigEndian = false
                } else {
                    throw VigilError(
                        .corruptCapture, "bad byte-order magic in section header", source: file.path, offset: blockOffset,
                        field: .init("byte-order magic", at: blockOffset + 8))
                }
                interfaces.removeAll()  // interface ids are per section (§4.1)
            }
            let type = u32(b, 0)
            let length = Int(u32(b, 4))
            guard length >= 12, length % 4 == 0 else {
                throw VigilError(
                    .corruptCapture, "block length \(length) invalid", source: file.path, offset: blockOffset,
                    field: .init("block total length", at: blockOffset + 4))
            }
            guard length <= PcapngReader.maxBlockBytes else {
                throw VigilError(
                    .corruptCapture, "block length \(length) exceeds limit \(PcapngReader.maxBlockBytes)", source: file.path,
                    offset: blockOffset, field: .init("block total length", at: blockOffset + 4))
            }
            guard try file.ensure(length) else {
                throw VigilError(
                    .truncatedCapture, "block truncated: \(length) bytes announced, \(file.available.count) present", source: file.path,
                    offset: blockOffset)
            }
            b = UnsafeRawBufferPointer(rebasing: file.available[0..<length])
            guard Int(u32(b, length - 4)) == length else {
                throw VigilError(
                    .corruptCapture, "trailing block length does not match leading length", source: file.path,
                    offset: blockOffset, field: .init("trailing block total length", at: blockOffset + Int64(length) - 4))
            }
            defer { file.consume(length) }
            let body = UnsafeRawBufferPointer(rebasing: b[8..<(length - 4)])
            switch type {
            case 0x0A0D_0D0A: continue
            case 1: try readInterface(body, blockOffset: blockOffset)
            case 6: if let p = try enhancedPacket(body, blockOffset: blockOffset) { return p }
            case 3: if let p = try simplePacket(body, blockOffset: blockOffset) { return p }
            case 2: if let p = try obsoletePacket(body, blockOffset: blockOffset) { return p }
            default: continue  // NRB, ISB, DSB, custom: nothing for the pipeline
            }
        }
    }

    private mutating func readInterface(_ body: UnsafeRawBufferPointer, blockOffset: Int64) throws {
        guard body.count >= 8 else {
            throw VigilError(.corruptCapture, "interface description block too short", source: file.path, offset: blockOffset)
        }
        let raw = u16(body, 0)
        var iface = Interface(linkType: LinkType(wire: UInt32(raw)), rawLinkType: raw)
        var o = 8
        while o + 4 <= body.count {  // options: code, length, value padded to 4 (§3.5)
            let code = u16(body, o)
            let len = Int(u16(body, o + 2))
            if code == 0 { break }
            guard o + 4 + len <= body.count else { break }
            if code == 9 && len >= 1 {  // if_tsresol: MSB clear → 10^-n, set → 2^-n
                let v = body[o + 4]
                let exp = UInt64(v & 0x7F)
                if v & 0x80 == 0 {
                    if exp <= 19 { iface.unitsPerSecond = (0..<exp).reduce(1) { acc, _ in acc * 10 } }
                } else if exp < 64 {
                    iface.unitsPerSecond = 1 << exp
                }
            } else if code == 14 && len == 8 {  // if_tsoffset, seconds
                let hi = UInt64(u32(body, o + 4))
                let lo = UInt64(u32(body, o + 8))
                iface.offsetSeconds = Int64(bitPattern: bigEndian ? (hi << 32 | lo) : (lo << 32 | hi))
            }
            o += 4 + ((len + 3) & ~3)
        }
        interfaces.append(iface)
    }

    private func interface(_ id: Int, blockOffset: Int64) throws -> Interface {
        guard id >= 0 && id < interfaces.count else {
            throw VigilError(
                .corruptCapture, "packet names interface \(id) but only \(interfaces.count) declared", source: file.path,
                offset: blockOffset, field: .init("interface id", at: blockOffset + 8))
        }
        return interfaces[id]
    }

    private func timestamp(_ iface: Interface, high: UInt32, low: UInt32) -> Timestamp {
        let units = UInt64(high) << 32 | UInt64(low)
        let per = iface.unitsPerSecond
        let secs = units / per
        let rem = units % per
        let nanos = per >= 1_000_000_000 ? rem / (per / 1_000_000_000) : rem * (1_000_000_000 / per)
        return Timestamp(seconds: Int64(truncatingIfNeeded: secs) &+ iface.offsetSeconds, nanos: Int64(nanos))
    }

    private func packet(
        _ body: UnsafeRawBufferPointer, dataAt: Int, capLen: Int, lengthField: (name: String, at: Int), origLen: Int, iface: Interface,
        ts: Timestamp, blockOffset: Int64
    ) throws -> CapturedPacket? {
        guard capLen <= limits.maxCaptureRecordBytes, dataAt + capLen <= body.count else {
            // The body starts 8 bytes into the block, after its type and total length.
            throw VigilError(
                .corruptCapture, "captured length \(capLen) does not fit its block", source: file.path,
                offset: blockOffset, field: .init(lengthField.name, at: blockOffset + 8 + Int64(lengthField.at)))
        }
        guard let lt = iface.linkType else { return nil }  // unsupported link type: skipped, counted by caller
        return CapturedPacket(
            timestamp: ts, linkType: lt, data: UnsafeRawBufferPointer(rebasing: body[dataAt..<(dataAt + capLen)]),
            wireLength: max(origLen, capLen), fileOffset: blockOffset)
    }

    private func enhancedPacket(_ body: UnsafeRawBufferPointer, blockOffset: Int64) throws -> CapturedPacket? {
        guard body.count >= 20 else {
            throw VigilError(.corruptCapture, "enhanced packet block too short", source: file.path, offset: blockOffset)
        }
        let iface = try interface(Int(u32(body, 0)), blockOffset: blockOffset)
        return try packet(
            body, dataAt: 20, capLen: Int(u32(body, 12)), lengthField: ("captured packet length", 12), origLen: Int(u32(body, 16)),
            iface: iface,
            ts: timestamp(iface, high: u32(body, 4), low: u32(body, 8)), blockOffset: blockOffset)
    }

    private func simplePacket(_ body: UnsafeRawBufferPointer, blockOffset: Int64) throws -> CapturedPacket? {
        guard body.count >= 4 else {
            throw VigilError(.corruptCapture, "simple packet block too short", source: file.path, offset: blockOffset)
        }
        let iface = try interface(0, blockOffset: blockOffset)
        let origLen = Int(u32(body, 0))
        // SPB has no timestamp (§4.4); Vigil uses 0 so flows still form.
        return try packet(
            body, dataAt: 4, capLen: min(origLen, body.count - 4), lengthField: ("original packet length", 0), origLen: origLen,
            iface: iface, ts: .zero, blockOffset: blockOffset)
    }

    private func obsoletePacket(_ body: UnsafeRawBufferPointer, blockOffset: Int64) throws -> CapturedPacket? {
        guard body.count >= 20 else { throw VigilError(.corruptCapture, "packet block too short", source: file.path, offset: blockOffset) }
        let iface = try interface(Int(u16(body, 0)), blockOffset: blockOffset)
        return try packet(
            body, dataAt: 20, capLen: Int(u32(body, 12)), lengthField: ("captured packet length", 12), origLen: Int(u32(body, 16)),
            iface: iface,
            ts: timestamp(iface, high: u32(body, 4), low: u32(body, 8)), blockOffset: blockOffset)
    }
}
