import VigilCore

/// What decides the worker pipeline a captured frame goes to when a run is spread over several
/// cores. Every packet of a connection, in both directions, must reach the same worker, and so
/// must every fragment of one IP datagram (only the first carries ports): frames are keyed by
/// a symmetric hash of the two IP addresses, read from the frame without decoding the rest
/// (`ShardAssignment` maps hashes to workers).
///
/// A few things are shared across connections, and their frames have no hash, so they all go
/// to worker 0: DHCP (an exchange spans several address pairs, from 0.0.0.0 and to broadcast)
/// and frames that are not IP (ARP teaches the inventory; non-IP frames are only counted).
public enum FlowShard {
    /// The frame's hash (the same for both directions of an address pair), or nil for a frame
    /// that goes to worker 0.
    public static func hash(linkType: UInt32, _ b: UnsafeRawBufferPointer) -> UInt64? {
        switch linkType {
        case 1:  // Ethernet II, with any number of 802.1Q / 802.1ad tags
            guard b.count >= 14 else { return nil }
            var type = ByteReader.u16(b, 12)
            var o = 14
            while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
                guard b.count >= o + 4 else { return nil }
                type = ByteReader.u16(b, o + 2)
                o += 4
            }
            return network(type: type, b, at: o)
        case 113:  // Linux cooked v1: protocol at 14, header 16
            return b.count >= 16 ? network(type: ByteReader.u16(b, 14), b, at: 16) : nil
        case 276:  // Linux cooked v2: protocol at 0, header 20
            return b.count >= 20 ? network(type: ByteReader.u16(b, 0), b, at: 20) : nil
        case 0, 108:  // BSD loopback: a 4-byte family, then the IP header (version says which)
            return ip(b, at: 4)
        case 101, 12, 14, 228, 229:  // raw IP
            return ip(b, at: 0)
        default:
            return nil
        }
    }

    static func network(type: UInt16, _ b: UnsafeRawBufferPointer, at o: Int) -> UInt64? {
        type == 0x0800 || type == 0x86DD ? ip(b, at: o) : nil
    }

    static func ip(_ b: UnsafeRawBufferPointer, at o: Int) -> UInt64? {
        guard b.count > o else { return nil }
        switch b[o] >> 4 {
        case 4:
            guard b.count >= o + 20 else { return nil }
            let ihl = Int(b[o] & 0x0F) * 4
            let fragment = ByteReader.u16(b, o + 6) & 0x3FFF != 0
            if b[o + 9] == 17, !fragment, b.count >= o + ihl + 4, isDHCP(b, at: o + ihl) { return nil }
            return pair(UInt64(ByteReader.u32(b, o + 12)), 0, UInt64(ByteReader.u32(b, o + 16)), 0)
        case 6:
            guard b.count >= o + 40 else { return nil }
            if b[o + 6] == 17, b.count >= o + 44, isDHCP(b, at: o + 40) { return nil }
            return pair(
                ByteReader.u64(b, o + 8), ByteReader.u64(b, o + 16), ByteReader.u64(b, o + 24), ByteReader.u64(b, o + 32))
        default:
            return nil
        }
    }

    /// DHCP (67/68, RFC 2131) and DHCPv6 (546/547, RFC 8415) by either UDP port.
    static func isDHCP(_ b: UnsafeRawBufferPointer, at udp: Int) -> Bool {
        func dhcp(_ port: UInt16) -> Bool { port == 67 || port == 68 || port == 546 || port == 547 }
        return dhcp(ByteReader.u16(b, udp)) || dhcp(ByteReader.u16(b, udp + 2))
    }

    /// The same value for (x, y) as for (y, x): the smaller address is mixed in first.
    static func pair(_ x0: UInt64, _ x1: UInt64, _ y0: UInt64, _ y1: UInt64) -> UInt64 {
        let (lo, hi) = (x0, x1) < (y0, y1) ? ((x0, x1), (y0, y1)) : ((y0, y1), (x0, x1))
        return ConnectionUIDGenerator.mix(ConnectionUIDGenerator.mix(ConnectionUIDGenerator.mix(lo.0) ^ lo.1 ^ hi.0) ^ hi.1)
    }
}
