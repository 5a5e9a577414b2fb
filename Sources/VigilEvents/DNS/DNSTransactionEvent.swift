import VigilCore

/// A DNS query with its reply (matched by transaction id in one flow), a query that went
/// unanswered, or a reply that answered no query seen.
public struct DNSTransactionEvent: Sendable {
    /// When the query was sent (the reply's time when no query was seen).
    public var ts: Timestamp
    public var flow: FlowRef
    public var query: DNSMessage?
    public var response: DNSMessage?
    /// Between the query and its reply, when both were seen.
    public var rtt: Int64? {
        guard query != nil, response != nil else { return nil }
        return responseTime.nanoseconds - ts.nanoseconds
    }
    /// When the reply came (`ts` when there was none).
    public var responseTime: Timestamp

    public init(ts: Timestamp, flow: FlowRef, query: DNSMessage?, response: DNSMessage?, responseTime: Timestamp) {
        self.ts = ts
        self.flow = flow
        self.query = query
        self.response = response
        self.responseTime = responseTime
    }
}
