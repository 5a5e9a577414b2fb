import VigilCore

/// RequestHeader (IEC 62541-4 §7.28), read after the service's type id.
struct OPCUARequestHeader {
    var authenticationToken: OPCUANodeID
    var timestamp: Timestamp
    var requestHandle: UInt32
    var returnDiagnostics: UInt32
    var auditEntryID: OPCUABytes
    var timeoutHint: UInt32
    var additionalHeader: OPCUAExtensionObject

    static func read(_ r: inout OPCUAReader) -> OPCUARequestHeader? {
        guard let token = r.nodeID(), let ts = r.dateTime(), let handle = r.u32(), let diag = r.u32(),
            let audit = r.byteString(), let timeout = r.u32(), let add = r.extensionObject()
        else { return nil }
        return OPCUARequestHeader(
            authenticationToken: token, timestamp: ts, requestHandle: handle, returnDiagnostics: diag, auditEntryID: audit,
            timeoutHint: timeout, additionalHeader: add)
    }
}

/// ResponseHeader (IEC 62541-4 §7.29).
struct OPCUAResponseHeader {
    var timestamp: Timestamp
    var requestHandle: UInt32
    /// StatusCode (§7.34): the top two bits give the severity, 0b10 Bad.
    var serviceResult: UInt32
    var diagnosticsMask: UInt8
    /// Status codes inside the service diagnostics, with their nesting level.
    var innerStatusCodes: [(level: Int, code: UInt32)]
    var stringTable: [OPCUABytes]
    var additionalHeader: OPCUAExtensionObject

    var isBad: Bool { serviceResult >> 30 == 0b10 }

    static func read(_ r: inout OPCUAReader) -> OPCUAResponseHeader? {
        var inner: [(level: Int, code: UInt32)] = []
        guard let ts = r.dateTime(), let handle = r.u32(), let result = r.u32(),
            let diag = r.diagnosticInfo(innerCodes: &inner), let strings = r.stringArray(), let add = r.extensionObject()
        else { return nil }
        return OPCUAResponseHeader(
            timestamp: ts, requestHandle: handle, serviceResult: result, diagnosticsMask: diag, innerStatusCodes: inner,
            stringTable: strings, additionalHeader: add)
    }
}

/// A service message's leading part (Part 6 §5.2.2.15 / Part 4 §7.28-29): the encoding id of
/// the request or response type, then its request or response header.
struct OPCUAServiceHeader {
    var typeID: OPCUANodeID
    var request: OPCUARequestHeader?
    var response: OPCUAResponseHeader?

    /// The service type's name from its binary encoding id, e.g. "ReadRequest".
    var typeName: String? { typeID.namespace ?? 0 == 0 ? typeID.numeric.flatMap { OPCUANames.service($0) } : nil }

    /// Responses by name (and ServiceFault, which answers any request); unknown types by the
    /// direction they travel in, since clients send requests.
    func isResponse(fromClient: Bool) -> Bool {
        guard let name = typeName else { return !fromClient }
        return name.hasSuffix("Response") || name == "ServiceFault"
    }

    static func read(_ r: inout OPCUAReader, fromClient: Bool) -> OPCUAServiceHeader? {
        guard let type = r.nodeID(expanded: true) else { return nil }
        var h = OPCUAServiceHeader(typeID: type)
        if h.isResponse(fromClient: fromClient) {
            guard let rh = OPCUAResponseHeader.read(&r) else { return nil }
            h.response = rh
        } else {
            guard let rq = OPCUARequestHeader.read(&r) else { return nil }
            h.request = rq
        }
        return h
    }
}
