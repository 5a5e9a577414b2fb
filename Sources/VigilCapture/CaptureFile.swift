import VigilCore

/// Opens a capture file and picks the pcap or pcapng reader from its first four bytes.
public enum CaptureFile {
    public static func open(path: String, limits: Limits = .default) throws -> any PacketSource {
        let file = try BufferedFileReader(path: path)
        guard try file.ensure(4) else {
            throw VigilError(.truncatedCapture, "file is empty or shorter than a capture header", source: path, offset: 0)
        }
        if ByteReader.u32(file.available, 0) == 0x0A0D_0D0A {
            return try PcapngReader(file: file, limits: limits)
        }
        return try PcapReader(file: file, limits: limits)
    }
}
