import VigilCore

/// A Modbus request and the response with its transaction id, in one flow. Either side can be
/// missing: a request never answered (written when the flow ends, or when its transaction id is
/// reused), or a response whose request came before the capture began.
public struct ModbusTransactionEvent: Sendable {
    public var request: ModbusPDUEvent?
    public var response: ModbusPDUEvent?

    public init(request: ModbusPDUEvent?, response: ModbusPDUEvent?) {
        precondition(request != nil || response != nil, "a transaction has at least one PDU")
        self.request = request
        self.response = response
    }

    /// The PDU seen first: the request when there is one.
    public var first: ModbusPDUEvent { request ?? response! }
    public var isMatched: Bool { request != nil && response != nil }
}
