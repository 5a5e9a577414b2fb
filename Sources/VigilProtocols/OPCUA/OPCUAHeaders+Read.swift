import VigilCore
import VigilEvents

extension OPCUARequestHeader {
    static func read(_ r: inout OPCUAReader) -> OPCUARequestHeader? {
        guard let token = r.nodeID(), let ts = r.dateTime(), let handle = r.u32(), let diag = r.u32(),
            let audit = r.byteString(), let timeout = r.u32(), let add = r.extensionObject()
        else { return nil }
        return OPCUARequestHeader(
            authenticationToken: token, timestamp: ts, requestHandle: handle, returnDiagnostics: diag, auditEntryID: audit,
            timeoutHint: timeout, additionalHeader: add)
    }
}

extension OPCUAResponseHeader {
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

extension OPCUAServiceHeader {
    /// The service type's name from its binary encoding id, e.g. "ReadRequest".
    public var typeName: String? { typeID.namespace ?? 0 == 0 ? typeID.numeric.flatMap { OPCUANames.service($0) } : nil }

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
