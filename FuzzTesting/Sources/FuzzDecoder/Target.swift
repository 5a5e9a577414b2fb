import VigilCore
import VigilDecode

/// Fuzzes link/IP/transport decoding for every supported link type, with defragmentation
/// state carried across the link types so fragment sets mix.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let b = UnsafeRawBufferPointer(start: data, count: size)
    var d = PacketDecoder()
    var p = DecodedPacket()
    for link: UInt32 in [0, 1, 101, 108, 113, 276] { _ = d.decode(linkType: link, b, at: .zero, into: &p) }
    return 0
}
