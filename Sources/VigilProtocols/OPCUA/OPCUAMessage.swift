import VigilCore

/// A whole OPC UA message as the analyzer saw it: its (final) chunk's headers, the service
/// header when the body was readable, and where the rest of the body starts.
struct OPCUAMessage {
    var ts: Timestamp
    var isOrig: Bool
    var chunk: OPCUAChunk
    /// Bytes over all of the message's chunks.
    var size: UInt64
    var service: OPCUAServiceHeader?
    /// Links the message's service-log rows to its opcua_binary row.
    var linkID: String
    /// A Read request's operations, kept with the pending request so that each result of the
    /// response can be paired with the node it answers.
    var readNodes: [OPCUAReadValueID] = []

    var isResponse: Bool { service?.response != nil || (service == nil && !isOrig) }
}

/// The OPC UA security state of one connection, which decides whether bodies can be read.
enum OPCUABodyState {
    /// No OpenSecureChannel seen yet (capture started mid-connection): try, quietly.
    case unknown
    /// Policy None, or mode Sign: bodies are clear.
    case clear
    /// Mode SignAndEncrypt: only the channel id and token id are readable (Part 6 §6.7.2).
    case encrypted
}
