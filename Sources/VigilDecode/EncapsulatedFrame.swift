import VigilCore

/// A frame found inside a tunnel, borrowed from the outer packet's bytes.
public struct EncapsulatedFrame {
    public var type: TunnelType
    /// The inner frame's link type as a capture file names it: 1 (Ethernet) or 101 (raw IP),
    /// for `PacketDecoder.decode(linkType:_:at:into:)`.
    public var linkType: UInt32
    public var frame: UnsafeRawBufferPointer

    public init(type: TunnelType, linkType: UInt32, frame: UnsafeRawBufferPointer) {
        self.type = type
        self.linkType = linkType
        self.frame = frame
    }
}
