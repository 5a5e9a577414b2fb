import VigilCore

/// Reads classic libpcap files in either byte order, with microsecond or nanosecond stamps.
///
/// File header (24 bytes), per https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/ §4:
/// ```
///  0  magic        0xA1B2C3D4 (µs) or 0xA1B23C4D (ns), byte order tells endianness
///  4  version      major 2, minor 4
///  8  reserved     (thiszone, sigfigs)
/// 16  snaplen
/// 20  linktype     LINKTYPE_ value (low 16 bits; upper bits are FCS flags)
/// ```
/// Record header (16 bytes): ts_sec, ts_frac, caplen, origlen.
public struct PcapReader: PacketSource {
    let file: BufferedFileReader
    let bigEndian: Bool
    let nanoResolution: Bool
    let linkType: LinkType
    let limits: Limits

    public init(file: BufferedFileReader, limits: Limits = .default) throws {
        self.file = file
        self.limits = limits
        guard try file.ensure(24) else {
            throw VigilError(.truncatedCapture, "pcap header truncated (\(file.available.count) of 24 bytes)", source: file.path, offset: 0)
        }
        let h = file.available
        switch ByteReader.u32(h, 0) {
        case 0xA1B2_C3D4:
            bigEndian = true
            nanoResolution = false
        case 0xD4C3_B2A1:
            bigEndian = false
            nanoResolution = false
        case 0xA1B2_3C4D:
            bigEndian = true
            nanoResolution = true
        case 0x4D3C_B2A1:
            bigEndian = false
            nanoResolution = true
        default:
            throw VigilError(
                .unsupportedCapture, CaptureFormat.notACapture(h, magic: ByteReader.u32(h, 0)), source: file.path, offset: 0)
        }
        let rawLink = (bigEndian ? ByteReader.u32(h, 20) : ByteReader.u32le(h, 20)) & 0xFFFF
        guard let lt = LinkType(wire: rawLink) else {
            throw VigilError(
                .unsupportedCapture, "unsupported link type \(rawLink)", source: file.path, offset: 0,
                field: .init("network (link type)", at: 20))
        }
        linkType = lt
        file.consume(24)
    }

    public var progress: (done: Int64, total: Int64?) { (file.offset, file.size) }

    public mutating func next() throws -> CapturedPacket? {
        let recordOffset = file.offset
        var h = file.available
        // The buffer nearly always holds the next whole record: `ensure` is called only when
        // it does not (three calls a packet were ~75 instructions).
        if h.count < 16 {
            if try file.atEnd() { return nil }
            guard try file.ensure(16) else {
                throw VigilError(.truncatedCapture, "record header truncated", source: file.path, offset: recordOffset)
            }
            h = file.available
        }
        let sec = bigEndian ? ByteReader.u32(h, 0) : ByteReader.u32le(h, 0)
        let frac = bigEndian ? ByteReader.u32(h, 4) : ByteReader.u32le(h, 4)
        let capLen = Int(bigEndian ? ByteReader.u32(h, 8) : ByteReader.u32le(h, 8))
        let origLen = Int(bigEndian ? ByteReader.u32(h, 12) : ByteReader.u32le(h, 12))
        guard capLen <= limits.maxCaptureRecordBytes else {
            throw VigilError(
                .corruptCapture, "record length \(capLen) exceeds limit \(limits.maxCaptureRecordBytes)", source: file.path,
                offset: recordOffset, field: .init("incl_len", at: recordOffset + 8))
        }
        if h.count < 16 + capLen {
            guard try file.ensure(16 + capLen) else {
                throw VigilError(
                    .truncatedCapture, "record truncated: \(capLen) bytes announced, \(file.available.count - 16) present",
                    source: file.path, offset: recordOffset)
            }
            h = file.available
        }
        let data = UnsafeRawBufferPointer(rebasing: h[16..<(16 + capLen)])
        file.consume(16 + capLen)
        let nanos = nanoResolution ? Int64(frac) : Int64(frac) * 1000
        return CapturedPacket(
            timestamp: Timestamp(seconds: Int64(sec), nanos: nanos), linkType: linkType, data: data,
            wireLength: max(origLen, capLen), fileOffset: recordOffset)
    }
}
