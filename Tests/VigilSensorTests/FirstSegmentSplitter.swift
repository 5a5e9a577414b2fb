import Foundation

/// Rewrites a classic pcap of Ethernet frames so that the first TCP segment carrying payload
/// in each direction of each connection is sent as one-byte segments, all at the original
/// segment's time (IPv4 only; every other frame is copied as is): what a client that writes its
/// first message a byte at a time puts on the wire, or an evader trying to hide a connection
/// from signature-based protocol detection.
enum FirstSegmentSplitter {
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    /// The rewritten capture, and how many segments were split.
    static func split(_ pcap: Data) throws -> (pcap: Data, split: Int) {
        let bytes = [UInt8](pcap)
        guard bytes.count >= 24, bytes[0..<4] == [0xD4, 0xC3, 0xB2, 0xA1], le32(bytes, 20) == 1 else {
            throw Unsupported(description: "not a little-endian classic pcap of Ethernet frames")
        }
        var out = Array(bytes[0..<24])
        var seen = Set<[UInt8]>()
        var splitCount = 0
        var at = 24
        while at + 16 <= bytes.count {
            let captured = Int(le32(bytes, at + 8))
            let recordEnd = at + 16 + captured
            guard recordEnd <= bytes.count else { break }
            let header = Array(bytes[at..<(at + 16)])
            let frame = Array(bytes[(at + 16)..<recordEnd])
            at = recordEnd
            guard let tcp = TCPFrame(frame), tcp.payload.count > 1, seen.insert(tcp.direction).inserted else {
                out += header + frame
                continue
            }
            splitCount += 1
            for (i, byte) in tcp.payload.enumerated() {
                let piece = tcp.rebuilt(payload: [byte], seqOffset: UInt32(i))
                var h = header
                put32(&h, 8, UInt32(piece.count))
                put32(&h, 12, UInt32(piece.count))
                out += h + piece
            }
        }
        return (Data(out), splitCount)
    }

    /// An Ethernet, IPv4 and TCP frame, taken apart.
    struct TCPFrame {
        let ethernet: [UInt8]
        var ip: [UInt8]
        var tcp: [UInt8]
        let payload: [UInt8]

        init?(_ frame: [UInt8]) {
            guard frame.count >= 34, frame[12] == 0x08, frame[13] == 0x00, frame[14] >> 4 == 4 else { return nil }
            let ihl = Int(frame[14] & 0x0F) * 4
            let total = Int(frame[16]) << 8 | Int(frame[17])
            guard frame[23] == 6, ihl >= 20, total >= ihl + 20, 14 + total <= frame.count,
                frame[20] & 0x3F == 0, frame[21] == 0  // not a fragment
            else { return nil }
            let tcpStart = 14 + ihl
            let dataOffset = Int(frame[tcpStart + 12] >> 4) * 4
            guard dataOffset >= 20, ihl + dataOffset <= total else { return nil }
            ethernet = Array(frame[0..<14])
            ip = Array(frame[14..<tcpStart])
            tcp = Array(frame[tcpStart..<(tcpStart + dataOffset)])
            payload = Array(frame[(tcpStart + dataOffset)..<(14 + total)])
        }

        /// Addresses and ports, source first: one direction of one connection.
        var direction: [UInt8] { Array(ip[12..<20]) + Array(tcp[0..<4]) }

        /// The frame again with `payload` at `seqOffset` bytes past the original's sequence
        /// number, lengths and checksums made right.
        func rebuilt(payload: [UInt8], seqOffset: UInt32) -> [UInt8] {
            var ip = ip
            var tcp = tcp
            let total = ip.count + tcp.count + payload.count
            ip[2] = UInt8(total >> 8)
            ip[3] = UInt8(total & 0xFF)
            ip[10] = 0
            ip[11] = 0
            let ipSum = FirstSegmentSplitter.checksum(ip)
            ip[10] = UInt8(ipSum >> 8)
            ip[11] = UInt8(ipSum & 0xFF)
            let seq = (UInt32(tcp[4]) << 24 | UInt32(tcp[5]) << 16 | UInt32(tcp[6]) << 8 | UInt32(tcp[7])) &+ seqOffset
            tcp[4] = UInt8(seq >> 24)
            tcp[5] = UInt8((seq >> 16) & 0xFF)
            tcp[6] = UInt8((seq >> 8) & 0xFF)
            tcp[7] = UInt8(seq & 0xFF)
            tcp[16] = 0
            tcp[17] = 0
            let length = tcp.count + payload.count
            let pseudo = Array(ip[12..<20]) + [0, 6, UInt8(length >> 8), UInt8(length & 0xFF)]
            let tcpSum = FirstSegmentSplitter.checksum(pseudo + tcp + payload)
            tcp[16] = UInt8(tcpSum >> 8)
            tcp[17] = UInt8(tcpSum & 0xFF)
            return ethernet + ip + tcp + payload
        }
    }

    /// The Internet checksum (RFC 1071).
    static func checksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        var i = 0
        while i + 1 < bytes.count {
            sum += UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
            i += 2
        }
        if i < bytes.count { sum += UInt32(bytes[i]) << 8 }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    static func put32(_ b: inout [UInt8], _ at: Int, _ v: UInt32) {
        for k in 0..<4 { b[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) }
    }
}
