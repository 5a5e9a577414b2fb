import VigilCore

/// Opens a capture file and picks the pcap or pcapng reader from its first bytes.
public enum CaptureFile {
    public static func open(path: String, limits: Limits = .default) throws -> any PacketSource {
        let file = try BufferedFileReader(path: path)
        guard try file.ensure(4) else {
            throw VigilError(.truncatedCapture, "file is empty or shorter than a capture header", source: path, offset: 0)
        }
        // The first read fills the buffer with up to a megabyte, so the head is all there.
        switch CaptureFormat.sniff(file.available) {
        case .pcapng: return try PcapngReader(file: file, limits: limits)
        case .pcap: return try PcapReader(file: file, limits: limits)
        case .osdpTrace, .text, .unknown:
            let head = file.available
            throw VigilError(
                .unsupportedCapture, CaptureFormat.notACapture(head, magic: ByteReader.u32(head, 0)), source: path, offset: 0)
        }
    }
}
