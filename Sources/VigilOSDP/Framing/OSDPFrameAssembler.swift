/// Turns a byte stream (a TCP connection, a serial line, a multi-drop RS-485 bus) into OSDP
/// packets. Reads may split a packet or merge several; line noise may put garbage between
/// them. The assembler hunts for SOM, trusts a candidate only once its length is plausible and
/// its check characters match, and otherwise gives up that one SOM byte and hunts again, so a
/// stray 0x53 in noise costs nothing but a retry (v2.2 §5.9 leaves resynchronisation to the
/// receiver; this is the usual approach, and libosdp's).
public struct OSDPFrameAssembler: Sendable {
    /// What the assembler yields: a packet with the exact bytes it came from, or a refused
    /// candidate with the stream offset of its SOM byte.
    public enum Output: Sendable, Equatable {
        case packet(OSDPPacket, raw: [UInt8], offset: Int)
        case refused(OSDPFrameError, offset: Int)
    }

    public struct Counters: Sendable, Equatable {
        public var packets = 0
        /// Bytes skipped while hunting for SOM (mark bytes before a SOM are not counted).
        public var garbageBytes = 0
        public var checkErrors = 0
        public var badLengths = 0
        public var malformed = 0
    }

    public private(set) var counters = Counters()
    private var buffer: [UInt8] = []
    private var start = 0
    /// Stream offset of `buffer[0]`.
    private var base = 0

    public init() {}

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if start > 4096 || start == buffer.count {
            buffer.removeFirst(start)
            base += start
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next packet or refusal, or nil when more bytes are needed.
    public mutating func next() -> Output? {
        while true {
            guard let som = buffer[start...].firstIndex(of: OSDPPacket.startOfMessage) else {
                let trailingMark = buffer.count > start && buffer.last == OSDPPacket.mark ? 1 : 0
                counters.garbageBytes += buffer.count - start - trailingMark
                start = buffer.count - trailingMark
                return nil
            }
            let hasMark = som > start && buffer[som - 1] == OSDPPacket.mark
            counters.garbageBytes += som - start - (hasMark ? 1 : 0)
            start = hasMark ? som - 1 : som
            guard buffer.count - som >= OSDPPacket.headerLength else { return nil }
            let length = Int(buffer[som + 2]) | Int(buffer[som + 3]) << 8
            let offset = base + som
            guard length >= OSDPLimits.minPacketBytes, length <= OSDPLimits.maxPacketBytes else {
                counters.badLengths += 1
                start = som + 1
                return .refused(.badLength(length), offset: offset)
            }
            guard buffer.count - som >= length else { return nil }
            let frame = buffer[som..<(som + length)]
            if let mismatch = Self.checkMismatch(frame) {
                counters.checkErrors += 1
                start = som + 1
                return .refused(mismatch, offset: offset)
            }
            let raw = Array(buffer[start..<(som + length)])
            start = som + length
            do {
                let packet = try OSDPPacketDecoder.decode(frame, hasMark: hasMark)
                counters.packets += 1
                return .packet(packet, raw: raw, offset: offset)
            } catch {
                counters.malformed += 1
                return .refused(error, offset: offset)
            }
        }
    }

    /// Bytes held while waiting for the rest of a packet.
    public var pendingBytes: Int { buffer.count - start }

    private static func checkMismatch(_ frame: ArraySlice<UInt8>) -> OSDPFrameError? {
        let usesCRC = frame[frame.startIndex + 4] & 0x04 != 0
        if usesCRC {
            let body = frame.dropLast(2)
            let found = UInt16(frame[frame.endIndex - 2]) | UInt16(frame[frame.endIndex - 1]) << 8
            let expected = OSDPCheck.crc16(body)
            return expected == found ? nil : .checkMismatch(expected: expected, found: found)
        }
        let expected = OSDPCheck.checksum(frame.dropLast())
        let found = frame[frame.endIndex - 1]
        return expected == found ? nil : .checkMismatch(expected: UInt16(expected), found: UInt16(found))
    }
}
