import VigilCore

/// RequestHeader (IEC 62541-4 §7.28), read after the service's type id.
public struct OPCUARequestHeader: Sendable {
    public var authenticationToken: OPCUANodeID
    public var timestamp: Timestamp
    public var requestHandle: UInt32
    public var returnDiagnostics: UInt32
    public var auditEntryID: OPCUABytes
    public var timeoutHint: UInt32
    public var additionalHeader: OPCUAExtensionObject

    public init(
        authenticationToken: OPCUANodeID, timestamp: Timestamp, requestHandle: UInt32, returnDiagnostics: UInt32, auditEntryID: OPCUABytes,
        timeoutHint: UInt32, additionalHeader: OPCUAExtensionObject
    ) {
        self.authenticationToken = authenticationToken
        self.timestamp = timestamp
        self.requestHandle = requestHandle
        self.returnDiagnostics = returnDiagnostics
        self.auditEntryID = auditEntryID
        self.timeoutHint = timeoutHint
        self.additionalHeader = additionalHeader
    }
}

/// ResponseHeader (IEC 62541-4 §7.29).
public struct OPCUAResponseHeader: Sendable {
    public var timestamp: Timestamp
    public var requestHandle: UInt32
    /// StatusCode (§7.34): the top two bits give the severity, 0b10 Bad.
    public var serviceResult: UInt32
    public var diagnosticsMask: UInt8
    /// Status codes inside the service diagnostics, with their nesting level.
    public var innerStatusCodes: [(level: Int, code: UInt32)]
    public var stringTable: [OPCUABytes]
    public var additionalHeader: OPCUAExtensionObject

    public var isBad: Bool { serviceResult >> 30 == 0b10 }

    public init(
        timestamp: Timestamp, requestHandle: UInt32, serviceResult: UInt32, diagnosticsMask: UInt8,
        innerStatusCodes: [(level: Int, code: UInt32)], stringTable: [OPCUABytes], additionalHeader: OPCUAExtensionObject
    ) {
        self.timestamp = timestamp
        self.requestHandle = requestHandle
        self.serviceResult = serviceResult
        self.diagnosticsMask = diagnosticsMask
        self.innerStatusCodes = innerStatusCodes
        self.stringTable = stringTable
        self.additionalHeader = additionalHeader
    }
}

/// A service message's leading part (Part 6 §5.2.2.15 / Part 4 §7.28-29): the encoding id of
/// the request or response type, then its request or response header.
public struct OPCUAServiceHeader: Sendable {
    public var typeID: OPCUANodeID
    public var request: OPCUARequestHeader?
    public var response: OPCUAResponseHeader?

    public init(typeID: OPCUANodeID, request: OPCUARequestHeader? = nil, response: OPCUAResponseHeader? = nil) {
        self.typeID = typeID
        self.request = request
        self.response = response
    }
}
