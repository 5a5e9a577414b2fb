import VigilCore

/// What a file is, judged from its first bytes: enough to tell a user who handed the wrong kind
/// of file to a command what they handed it, instead of only "not a pcap file".
public enum CaptureFormat: Equatable, Sendable {
    /// libpcap's classic format (any byte order, µs or ns stamps).
    case pcap
    /// pcapng (a section header block first).
    case pcapng
    /// An OSDP trace: JSON lines with `timeSec`/`timeNano`/`data` (the `.osdpcap` format of
    /// libosdp and the OSDP monitor).
    case osdpTrace
    /// Text that is not an OSDP trace (the first line, shortened).
    case text(firstLine: String)
    /// Neither a capture nor text.
    case unknown(magic: UInt32)

    /// The pcap magic numbers: µs and ns resolution, in both byte orders.
    static let pcapMagics: Set<UInt32> = [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1]
    /// pcapng's section header block type (§4.1), the same in both byte orders.
    static let pcapngMagic: UInt32 = 0x0A0D_0D0A

    /// Judges `head`, the file's first bytes (a few hundred are plenty).
    public static func sniff(_ head: UnsafeRawBufferPointer) -> CaptureFormat {
        let magic = head.count >= 4 ? ByteReader.u32(head, 0) : 0
        if pcapMagics.contains(magic) { return .pcap }
        if magic == pcapngMagic { return .pcapng }
        let firstLine = head.prefix { $0 != UInt8(ascii: "\n") }
        let printable = firstLine.allSatisfy { $0 == 9 || $0 == 13 || (0x20..<0x7F).contains($0) || $0 >= 0x80 }
        guard printable, !firstLine.isEmpty else { return .unknown(magic: magic) }
        let text = String(decoding: firstLine, as: UTF8.self)
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        // An osdpcap line is one JSON object holding at least the packet's bytes.
        if trimmed.hasPrefix("{"), text.contains("\"data\""), text.contains("\"timeSec\"") { return .osdpTrace }
        return .text(firstLine: String(text.prefix(60)))
    }

    public static func sniff(_ head: [UInt8]) -> CaptureFormat { head.withUnsafeBytes { sniff($0) } }

    /// Words for a user, naming what the file is.
    public var description: String {
        switch self {
        case .pcap: return "a pcap capture"
        case .pcapng: return "a pcapng capture"
        case .osdpTrace: return "an OSDP trace (osdpcap JSON lines)"
        case .text(let line): return "a text file (first line: \"\(line)\")"
        case .unknown(let magic): return "not a capture file (first four bytes \(Hex.prefixed(UInt64(magic), width: 8)))"
        }
    }

    /// The message for a file a capture reader was given but cannot read.
    static func notACapture(_ head: UnsafeRawBufferPointer, magic: UInt32) -> String {
        let format = sniff(head)
        switch format {
        case .osdpTrace:
            return "this is \(format.description), not a pcap or pcapng capture: read it with `vigil osdp monitor --osdpcap`"
        case .pcap, .pcapng, .unknown:
            return "not a pcap or pcapng file (first four bytes \(Hex.prefixed(UInt64(magic), width: 8)))"
        case .text:
            return "not a pcap or pcapng file: it is \(format.description)"
        }
    }
}
