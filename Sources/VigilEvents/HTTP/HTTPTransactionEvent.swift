import VigilCore

/// An HTTP/1.x request with its response (RFC 9112), as a pipelined connection pairs them:
/// the heads, body lengths, and the last 1xx informational response before the final one.
public struct HTTPTransactionEvent: Sendable {
    /// When the request began (the response's time when there was no request).
    public var ts: Timestamp
    public var flow: FlowRef
    /// The request's place in the connection, from 1.
    public var depth: Int
    public var request: HTTPMessageHead?
    public var requestBodyLength: Int
    public var response: HTTPMessageHead?
    public var responseBodyLength: Int
    /// The last 1xx response: an interim one before the final `response`, or 101 Switching
    /// Protocols, which is both.
    public var informational: HTTPMessageHead?
    /// The files the request's body carried, in order, and the response's.
    public var requestFiles: [FileReference]
    public var responseFiles: [FileReference]

    public init(
        ts: Timestamp, flow: FlowRef, depth: Int, request: HTTPMessageHead?, requestBodyLength: Int, response: HTTPMessageHead?,
        responseBodyLength: Int, informational: HTTPMessageHead?, requestFiles: [FileReference] = [],
        responseFiles: [FileReference] = []
    ) {
        self.requestFiles = requestFiles
        self.responseFiles = responseFiles
        self.ts = ts
        self.flow = flow
        self.depth = depth
        self.request = request
        self.requestBodyLength = requestBodyLength
        self.response = response
        self.responseBodyLength = responseBodyLength
        self.informational = informational
    }

    /// The last response of the exchange, interim or final: what Zeek's version and status
    /// fields describe.
    public var lastResponse: HTTPMessageHead? { response ?? informational }
}
