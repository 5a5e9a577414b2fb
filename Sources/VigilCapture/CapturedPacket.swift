import VigilCore

/// One packet as a source hands it over. `data` is borrowed: it is valid only until the next
/// call to `PacketSource.next()`, so decoders read it in place and copy only what they keep.
public struct CapturedPacket {
    public var timestamp: Timestamp
    public var linkType: LinkType
    public var data: UnsafeRawBufferPointer
    /// Length on the wire; larger than `data.count` when the capture was snapped.
    public var wireLength: Int
    /// Offset of this record in its file, for error messages.
    public var fileOffset: Int64

    public init(timestamp: Timestamp, linkType: LinkType, data: UnsafeRawBufferPointer, wireLength: Int, fileOffset: Int64) {
        self.timestamp = timestamp
        self.linkType = linkType
        self.data = data
        self.wireLength = wireLength
        self.fileOffset = fileOffset
    }
}

/// Anything that yields packets: capture files, a live interface, a test array.
public protocol PacketSource {
    /// The next packet, nil at a clean end of input, or a thrown `VigilError` naming the byte
    /// offset of a corrupt or truncated record. Packets returned before the error stay valid
    /// results: callers keep what they decoded.
    mutating func next() throws -> CapturedPacket?
    /// Bytes consumed so far and the total, for progress reporting (total is nil when unknown).
    var progress: (done: Int64, total: Int64?) { get }
}
