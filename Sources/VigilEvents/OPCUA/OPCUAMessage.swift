import VigilCore

/// A whole OPC UA message as the analyzer saw it: its (final) chunk's headers, the service
/// header when the body was readable, and where the rest of the body starts.
public struct OPCUAMessage: Sendable {
    public var ts: Timestamp
    public var isOrig: Bool
    public var chunk: OPCUAChunk
    /// Bytes over all of the message's chunks.
    public var size: UInt64
    public var service: OPCUAServiceHeader?
    /// Links the message's service-log rows to its opcua_binary row.
    public var linkID: String
    /// A Read request's operations, kept with the pending request so that each result of the
    /// response can be paired with the node it answers.
    public var readNodes: [OPCUAReadValueID] = []

    public var isResponse: Bool { service?.response != nil || (service == nil && !isOrig) }

    public init(ts: Timestamp, isOrig: Bool, chunk: OPCUAChunk, size: UInt64, service: OPCUAServiceHeader? = nil, linkID: String) {
        self.ts = ts
        self.isOrig = isOrig
        self.chunk = chunk
        self.size = size
        self.service = service
        self.linkID = linkID
    }
}
