import VigilCore
import VigilDecode

/// Fuzzes link/IP/transport decoding for every supported link type, with defragmentation
/// state carried across the link types so fragment sets mix, and what a packet carries inside
/// a tunnel (IP-in-IP, GRE, VXLAN, GENEVE, Teredo) decoded in turn, two tunnels deep.
func fuzzDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    var d = PacketDecoder()
    var p = DecodedPacket()
    for link: UInt32 in [0, 1, 101, 108, 113, 276] {
        if case .ip = d.decode(linkType: link, b, at: .zero, into: &p) { openTunnels(p, decoder: &d, depth: 0) }
    }
    return 0
}

/// Opens `p` as a tunnel whichever way it could be one, and decodes what is inside.
func openTunnels(_ p: DecodedPacket, decoder d: inout PacketDecoder, depth: Int) {
    guard depth < TunnelDecapsulator.maxDepth else { return }
    let found: [Decapsulation] =
        p.proto == .udp
        ? [TunnelDecapsulator.vxlanPort, TunnelDecapsulator.genevePort, TunnelDecapsulator.teredoPort, TunnelDecapsulator.gtpUserPort].map {
            TunnelDecapsulator.udp(p.payload, respPort: $0)
        } : [TunnelDecapsulator.ip(p)]
    for case .inner(let frame) in found {
        var inner = DecodedPacket()
        if case .ip = d.decode(linkType: frame.linkType, frame.frame, at: .zero, into: &inner) {
            openTunnels(inner, decoder: &d, depth: depth + 1)
        }
    }
}
