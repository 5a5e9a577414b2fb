import VigilCore

/// One OPC UA Connection Protocol / Secure Conversation message chunk (IEC 62541-6 §7.1.2
/// and §6.7.2): the 8-byte header, then per type the Hello/Acknowledge/Error fields or the
/// secure channel id, security header and sequence header ahead of the service body.
public struct OPCUAChunk: Sendable {
    /// "HEL", "ACK", "ERR", "RHE", "OPN", "MSG" or "CLO" (§7.1.2.2 Table 50).
    public var messageType: String
    /// 'F' final, 'C' intermediate, 'A' abort (§6.7.2.2).
    public var chunkType: UInt8
    public var size: UInt32

    // Hello and Acknowledge (§7.1.2.3-4)
    public var protocolVersion: UInt32?
    public var receiveBufferSize: UInt32?
    public var sendBufferSize: UInt32?
    public var maxMessageSize: UInt32?
    public var maxChunkCount: UInt32?
    public var endpointURL: OPCUABytes?
    // Error (§7.1.2.5)
    public var errorCode: UInt32?
    public var reason: OPCUABytes?

    public var secureChannelID: UInt32?
    /// Symmetric security header (MSG, CLO): the token id (§6.7.2.3).
    public var tokenID: UInt32?
    /// Asymmetric security header (OPN, §6.7.2.3 Table 42).
    public var securityPolicyURI: OPCUABytes?
    public var senderCertificate: OPCUABytes?
    public var receiverThumbprint: OPCUABytes?
    /// Sequence header (§6.7.2.4); absent when the body is encrypted.
    public var sequenceNumber: UInt32?
    public var requestID: UInt32?
    /// Where the service body starts within the chunk, when it was readable.
    public var bodyOffset: Int?

    public static let messageTypes: Set<String> = ["HEL", "ACK", "ERR", "RHE", "OPN", "MSG", "CLO"]
    public static let chunkTypes: Set<UInt8> = [UInt8(ascii: "F"), UInt8(ascii: "C"), UInt8(ascii: "A")]
    /// The header and the fixed fields every type carries after it.
    public static let headerLength = 8

    public var isFinal: Bool { chunkType == UInt8(ascii: "F") }
    public var chunkText: String { String(UnicodeScalar(chunkType)) }

    public init(
        messageType: String, chunkType: UInt8, size: UInt32, protocolVersion: UInt32? = nil, receiveBufferSize: UInt32? = nil,
        sendBufferSize: UInt32? = nil, maxMessageSize: UInt32? = nil, maxChunkCount: UInt32? = nil, endpointURL: OPCUABytes? = nil,
        errorCode: UInt32? = nil, reason: OPCUABytes? = nil, secureChannelID: UInt32? = nil, tokenID: UInt32? = nil,
        securityPolicyURI: OPCUABytes? = nil, senderCertificate: OPCUABytes? = nil, receiverThumbprint: OPCUABytes? = nil,
        sequenceNumber: UInt32? = nil, requestID: UInt32? = nil, bodyOffset: Int? = nil
    ) {
        self.messageType = messageType
        self.chunkType = chunkType
        self.size = size
        self.protocolVersion = protocolVersion
        self.receiveBufferSize = receiveBufferSize
        self.sendBufferSize = sendBufferSize
        self.maxMessageSize = maxMessageSize
        self.maxChunkCount = maxChunkCount
        self.endpointURL = endpointURL
        self.errorCode = errorCode
        self.reason = reason
        self.secureChannelID = secureChannelID
        self.tokenID = tokenID
        self.securityPolicyURI = securityPolicyURI
        self.senderCertificate = senderCertificate
        self.receiverThumbprint = receiverThumbprint
        self.sequenceNumber = sequenceNumber
        self.requestID = requestID
        self.bodyOffset = bodyOffset
    }
}
