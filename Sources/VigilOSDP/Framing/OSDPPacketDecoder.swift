/// Parses one complete, check-verified frame (from SOM, mark byte already removed) into an
/// `OSDPPacket`. The frame assembler has checked length and CRC; this checks the inner layout.
public enum OSDPPacketDecoder {
    public static func decode(_ frame: ArraySlice<UInt8>, hasMark: Bool) throws(OSDPFrameError) -> OSDPPacket {
        let bytes = Array(frame)
        guard bytes.count >= OSDPLimits.minPacketBytes else { throw .truncated(offset: bytes.count) }
        let control = bytes[4]
        let usesCRC = control & 0x04 != 0
        let end = bytes.count - (usesCRC ? 2 : 1)
        var offset = OSDPPacket.headerLength
        var block: OSDPSecurityBlock?
        if control & 0x08 != 0 {
            let length = Int(bytes[offset])
            guard length >= 2, offset + length < end else { throw .badSecurityBlock(offset: offset, length: length) }
            block = OSDPSecurityBlock(
                type: OSDPSecurityBlockType(rawValue: bytes[offset + 1]),
                data: Array(bytes[(offset + 2)..<(offset + length)]))
            offset += length
        }
        guard offset < end else { throw .truncated(offset: offset) }
        let code = bytes[offset]
        offset += 1
        var dataEnd = end
        var mac: [UInt8]?
        // SCS_15–18 end with a 4-byte MAC. A frame too short to hold one is still a packet,
        // with `mac` nil, so a PD can answer it with a NAK rather than silence: the `osdp` 1.6
        // CP marks its first POLL SCS_15 before any session exists, and would hang waiting.
        if let block, block.type.carriesMAC, end - offset >= 4 {
            dataEnd = end - 4
            mac = Array(bytes[dataEnd..<end])
        }
        return OSDPPacket(
            address: bytes[1] & 0x7F, isReply: bytes[1] & 0x80 != 0, sequence: control & 0x03, code: code,
            data: Array(bytes[offset..<dataEnd]), securityBlock: block, mac: mac, usesCRC: usesCRC, hasMark: hasMark)
    }
}
