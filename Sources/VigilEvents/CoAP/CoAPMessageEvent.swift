import VigilCore

/// One CoAP message over UDP (RFC 7252 §3): its header, token and the options Vigil decodes.
public struct CoAPMessageEvent: Sendable {
    public var ts: Timestamp
    public var flow: FlowRef
    public var isOrig: Bool
    /// 0 CON, 1 NON, 2 ACK, 3 RST (§3).
    public var type: UInt8
    /// The code's class (0 request, 2–5 response) and detail: "c.dd" (§3, §12.1).
    public var codeClass: UInt8
    public var codeDetail: UInt8
    public var messageID: UInt16
    public var token: [UInt8]
    /// Options (§5.10): Uri-Host, Uri-Port, Uri-Path segments, Uri-Query items,
    /// Content-Format, Observe (RFC 7641), Block1 and Block2 (RFC 7959).
    public var uriHost: String?
    public var uriPort: UInt32?
    public var uriPath: [String]
    public var uriQuery: [String]
    public var contentFormat: UInt32?
    public var observe: UInt32?
    public var block1: UInt32?
    public var block2: UInt32?
    public var payloadLength: Int

    /// Class 0 with a non-zero detail: GET, POST, PUT, DELETE, FETCH, PATCH, iPATCH.
    public var isRequest: Bool { codeClass == 0 && codeDetail != 0 }

    public init(
        ts: Timestamp, flow: FlowRef, isOrig: Bool, type: UInt8, codeClass: UInt8, codeDetail: UInt8, messageID: UInt16,
        token: [UInt8], uriHost: String?, uriPort: UInt32?, uriPath: [String], uriQuery: [String], contentFormat: UInt32?,
        observe: UInt32?, block1: UInt32?, block2: UInt32?, payloadLength: Int
    ) {
        self.ts = ts
        self.flow = flow
        self.isOrig = isOrig
        self.type = type
        self.codeClass = codeClass
        self.codeDetail = codeDetail
        self.messageID = messageID
        self.token = token
        self.uriHost = uriHost
        self.uriPort = uriPort
        self.uriPath = uriPath
        self.uriQuery = uriQuery
        self.contentFormat = contentFormat
        self.observe = observe
        self.block1 = block1
        self.block2 = block2
        self.payloadLength = payloadLength
    }
}
