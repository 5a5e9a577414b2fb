import VigilCore

/// WriteValue (IEC 62541-4 §5.10.4.2): the node, attribute and index range written, and the
/// DataValue written to it.
struct OPCUAWriteValue {
    var node: OPCUANodeID
    var attribute: UInt32
    var indexRange: OPCUABytes
    var value: OPCUADataValue

    static func read(_ r: inout OPCUAReader) -> OPCUAWriteValue? {
        guard let node = r.nodeID(), let attribute = r.u32(), let range = r.byteString(), let value = OPCUADataValue.read(&r)
        else { return nil }
        return OPCUAWriteValue(node: node, attribute: attribute, indexRange: range, value: value)
    }
}

/// Write request and response bodies (Part 4 §5.10.4.2): the values to write, then a
/// StatusCode per value and optional DiagnosticInfos.
struct OPCUAWrite {
    var nodes: [OPCUAWriteValue] = []
    var results: [UInt32] = []
    var diagnosticCodes: [(level: Int, code: UInt32)] = []

    static func readRequest(_ r: inout OPCUAReader) -> OPCUAWrite? {
        r.array(OPCUAWriteValue.read).map { OPCUAWrite(nodes: $0) }
    }

    static func readResponse(_ r: inout OPCUAReader) -> OPCUAWrite? {
        var w = OPCUAWrite()
        guard let results = r.array({ $0.u32() }), r.diagnosticInfos(innerCodes: &w.diagnosticCodes) else { return nil }
        w.results = results
        return w
    }
}
